// The stack most browser tests need: the real server in-process (serving the built client, fast broadcast
// tick) on a temp data dir, optionally the real simulators feeding it, and a fresh Chromium.
import { fileURLToPath } from 'node:url';
import { type SimulationHandle, startSimulation } from '../../collectors/simulate/run-simulation';
import { silentLogger } from '../../server/logger';
import { type RunningServer, startServer } from '../../server/start-server';
import { tempDir, testConfig } from '../../server/testing/test-config';
import { type Browser, type LaunchOptions, launchChromium } from './chromium';
import { startGateTraffic } from './gate-traffic';

const staticDir = fileURLToPath(new URL('../../dist/client', import.meta.url));

export interface LiveStackOptions {
  /** Simulated traffic; omitted: the server gets only what the test writes. */
  simulate?: { seed: number; backfillHours: number; speed?: number };
  /** A site to write gate traffic for (see gate-traffic.ts), from the start until stop(). */
  gateTraffic?: string;
  browser?: LaunchOptions;
  env?: Record<string, string>;
}

export interface LiveStack {
  server: RunningServer;
  browser: Browser;
  sim: SimulationHandle | undefined;
  stop(): Promise<void>;
}

export async function startLiveStack(opts: LiveStackOptions = {}): Promise<LiveStack> {
  const dir = tempDir();
  const config = testConfig(dir.path, {
    PORTPULSE_STATIC_DIR: staticDir,
    PORTPULSE_BROADCAST_MS: '250',
    ...opts.env,
  });
  const server = await startServer(config, silentLogger);
  const sim = opts.simulate
    ? await startSimulation({ url: server.url, sites: config.sites, speed: 2, ...opts.simulate })
    : undefined;
  const traffic = opts.gateTraffic ? await startGateTraffic(server.url, opts.gateTraffic) : undefined;
  const browser = await launchChromium(opts.browser);
  return {
    server,
    browser,
    sim,
    async stop() {
      await traffic?.stop();
      await browser.close();
      await sim?.stop();
      await server.close();
      dir.remove();
    },
  };
}
