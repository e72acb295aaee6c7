// Test helper: a weighbridge collector on fake indicators, with a recording sink and helpers to weigh a
// truck (drive on, stand still, drive off) and post a plate to its HTTP input; harnessPerTest() starts the
// collector, fake indicators, ptys and senders a test needs and stops them all after it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { PortEvent } from '../../../shared/events/event';
import { type PtyDevice, startPtyDevice } from '../../common/testing/pty-device';
import { waitFor } from '../../common/testing/recording-server';
import { weighbridgeConfigSchema } from '../config';
import { WeighbridgeCollector } from '../weighbridge';
import { type FakeIndicator, type FakeIndicatorOptions, startFakeIndicator } from './fake-indicator';

export interface Harness {
  collector: WeighbridgeCollector;
  events: PortEvent[];
  logs: string[];
  dir: string;
}

export async function startHarness(config: Record<string, unknown>): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'portpulse-wb-'));
  const parsed = weighbridgeConfigSchema.parse({
    site: 'yiwu-customs',
    settle: { stableMs: 150, toleranceKg: 20 },
    plates: { listen: '127.0.0.1:0', windowSeconds: 3 },
    reconnect: { minMs: 50, maxMs: 200 },
    ...config,
  });
  const logs: string[] = [];
  const events: PortEvent[] = [];
  const collector = new WeighbridgeCollector(parsed, {
    configDir: dir,
    log: (l, m) => logs.push(`${l}: ${m}`),
  });
  await collector.start({ write: (e) => void events.push(...e) });
  return { collector, events, logs, dir };
}

export async function postPlate(h: Harness, read: Record<string, unknown>): Promise<Response> {
  return fetch(h.collector.plateUrl!, { method: 'POST', body: JSON.stringify(read) });
}

/** Puts `kg` on the fake bridge until the station has one more weighing, then empties it and waits until the
 * collector has read the empty bridge (a frame below minKg), so the next weighing on it counts as a new truck. */
export async function weigh(h: Harness, fake: FakeIndicator, kg: number): Promise<void> {
  const before = Number(h.collector.stats().weighings ?? 0);
  fake.kg = kg;
  await waitFor(() => Number(h.collector.stats().weighings) > before, `a weighing of ${kg} kg`);
  fake.kg = 0;
  await waitFor(
    () => !Object.entries(h.collector.stats()).some(([k, v]) => k.endsWith('.occupied') && v === true),
    'the bridge to be seen empty',
  );
}

/**
 * What a test of the collector over real sockets and pseudo-terminals starts, all stopped after each test
 * (senders first, then the collector, then the devices). Call once at the top of a test file: it registers
 * the afterEach.
 */
export function harnessPerTest() {
  const fakes: FakeIndicator[] = [];
  const devices: PtyDevice[] = [];
  const timers: NodeJS.Timeout[] = [];
  let harness: Harness | undefined;
  afterEach(async () => {
    for (const t of timers.splice(0)) clearInterval(t);
    await harness?.collector.stop();
    harness = undefined;
    await Promise.all(fakes.splice(0).map((f) => f.close()));
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });
  return {
    async start(config: Record<string, unknown>): Promise<Harness> {
      harness = await startHarness(config);
      return harness;
    },
    async fake(options: FakeIndicatorOptions): Promise<FakeIndicator> {
      const f = await startFakeIndicator(options);
      fakes.push(f);
      return f;
    },
    async pty(): Promise<PtyDevice> {
      const d = await startPtyDevice();
      devices.push(d);
      return d;
    },
    /** Calls `send` every `ms` until the test ends (a device that talks on its own). */
    every(ms: number, send: () => void): void {
      timers.push(setInterval(send, ms));
    },
  };
}
