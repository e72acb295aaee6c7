// The conformance suite, written once and run against every collector (conformance.test.ts): config errors
// at start-up name the file, path and reason (in-process and through the CLI, exit code 2); and, against a
// real portpulse server that is stopped and restarted on the same data dir and port while the source keeps
// producing, every event is valid against the shared schemas and arrives exactly once, in order.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { type RunningServer, startServer } from '../../server/start-server';
import { freePort } from '../../server/testing/free-port';
import { tempDir, testConfig } from '../../server/testing/test-config';
import { ConfigError } from '../../shared/config-error';
import { eventSchema, type PortEvent } from '../../shared/events/event';
import { startCollectorRun } from '../common/runner/run-collector';
import { runCli } from '../common/testing/cli-process';
import { waitFor } from '../common/testing/recording-server';
import { storedLines } from '../common/testing/stored-lines';
import { eventLines } from '../common/transport/event-lines';
import type { BadConfig, ConformanceHarness } from './harness';

const common: BadConfig[] = [
  {
    name: 'an unknown key',
    change: (c) => ({ ...c, bogus: 1 }),
    path: '(root)',
    reason: /Unrecognized key.*bogus/,
  },
  {
    name: 'a bad server URL',
    change: (c) => ({ ...c, server: { url: 'localhost:8080' } }),
    path: 'server.url',
    reason: /http\(s\) URL/,
  },
];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const writerSettings = {
  flushIntervalMs: 20,
  minRetryDelayMs: 50,
  maxRetryDelayMs: 200,
  fsync: false,
  closeTimeoutSeconds: 10,
};

export function describeConformance(h: ConformanceHarness): void {
  describe(`conformance: ${h.kind.name}`, () => {
    it('rejects broken configs at start-up, naming file, path and reason', async () => {
      const dir = mkdtempSync(join(tmpdir(), `pp-conf-${h.kind.name}-`));
      const source = await h.source({ dir, serverUrl: 'http://127.0.0.1:9' });
      try {
        const file = join(dir, 'collector.json');
        for (const bad of [...common, ...h.badConfigs]) {
          const raw = bad.change(source.config);
          const started = startCollectorRun(h.kind, raw, { file, log: () => {} });
          await expect(started, bad.name).rejects.toThrow(ConfigError);
          const message = await started.catch((e: Error) => e.message);
          expect(message, bad.name).toMatch(
            new RegExp(`${escapeRegExp(file)}: ${escapeRegExp(bad.path)}: .*(?:${bad.reason.source})`),
          );
        }
        writeFileSync(file, JSON.stringify(h.badConfigs[0]!.change(source.config)));
        const cli = runCli([h.kind.name, '--config', file]);
        expect(await cli.exited).toBe(2);
        expect(cli.stderr()).toContain(`portpulse-collect: ${file}: ${h.badConfigs[0]!.path}: `);
      } finally {
        await source.close();
      }
    });

    it('emits valid events and loses none across a server outage', async () => {
      const data = tempDir();
      const dir = mkdtempSync(join(tmpdir(), `pp-conf-${h.kind.name}-`));
      const config = testConfig(data.path, { PORTPULSE_PORT: String(await freePort()) });
      let server: RunningServer = await startServer(config, silentLogger);
      const source = await h.source({ dir, serverUrl: server.url });
      const tapped: PortEvent[] = [];
      const logs: string[] = [];
      const run = await startCollectorRun(
        h.kind,
        { ...source.config, server: { url: server.url, ...writerSettings }, health: { statsSeconds: 0 } },
        {
          file: join(dir, 'collector.json'),
          log: (l, m) => logs.push(`${l}: ${m}`),
          tap: (e) => tapped.push(...e),
        },
      );
      const ctx = { run, tapped: () => tapped.length };
      try {
        await source.produce(0, ctx);
        await waitFor(
          () => run.writer.stats().written >= tapped.length && tapped.length > 0,
          'phase 0 delivered',
        );
        await server.close();
        const before = tapped.length;
        await source.produce(1, ctx);
        await waitFor(
          () => tapped.length > before && run.writer.stats().serverUp === false,
          'events spooled while down',
        );
        expect(run.writer.stats().pending).toBeGreaterThan(0);
        server = await startServer(config, silentLogger);
        await source.produce(2, ctx);
        await run.stop();
        expect(run.writer.stats()).toMatchObject({ pending: 0, failed: 0 });
        for (const e of tapped) expect(eventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
        const sent = eventLines(tapped, (e, err) => {
          throw new Error(`${e.measurement}: ${err.message}`);
        });
        expect(await storedLines(server)).toEqual(sent);
      } finally {
        await run.stop();
        await source.close();
        await server.close();
        data.remove();
      }
    });
  });
}
