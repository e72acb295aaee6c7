// The whole simulator against a real HTTP endpoint: backfill with past timestamps, then live seconds, every line
// valid for the server, none in the future, and everything flushed on stop.
import { afterEach, describe, expect, it } from 'vitest';
import { eventFromPoint } from '../../shared/events/point-conversion';
import { parseLineProtocol } from '../../shared/line-protocol/index';
import { type RecordingServer, startRecordingServer, waitFor } from '../common/testing/recording-server';
import { demoSites } from '../common/testing/sites';
import { type SimulationStats, startSimulation } from './run-simulation';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startSimulation', () => {
  it('backfills, runs live, and flushes everything on stop', async () => {
    const received: { time: number; receivedAt: number }[] = [];
    server = await startRecordingServer((req) => {
      const { lines, errors } = parseLineProtocol(req.body, { precision: 'ms' });
      expect(errors).toEqual([]);
      for (const { point } of lines) {
        const r = eventFromPoint(point, 0);
        if (!r.ok) throw new Error(`invalid line: ${r.issue.reason}`);
        received.push({ time: r.event.time, receivedAt: Date.now() });
      }
      return { status: 204 };
    });
    const stats: SimulationStats[] = [];
    const startedAt = Date.now();
    const sim = await startSimulation({
      url: server.url,
      sites: demoSites,
      seed: 42,
      backfillHours: 0.25,
      statsIntervalMs: 500,
      onStats: (s) => stats.push(s),
    });
    const backfilled = sim.stats().backfilled;
    expect(backfilled).toBeGreaterThan(0);
    // The backfill is delivered before startSimulation resolves.
    expect(received.filter((r) => r.time < startedAt).length).toBeGreaterThan(0.95 * backfilled);
    await waitFor(() => received.some((r) => r.time >= startedAt + 1000), 'live events');
    await sim.stop();

    const final = sim.stats();
    const generated = Object.values(final.generated).reduce((a, b) => a + b, 0);
    expect(final.written).toBe(received.length);
    expect(generated).toBe(received.length);
    expect(final).toMatchObject({ failed: 0, pending: 0 });
    expect(received.every((r) => r.time <= r.receivedAt)).toBe(true);
    expect(received.some((r) => r.time < startedAt - 10 * 60_000)).toBe(true);
    const { eventsPerSecond: _, ...lastReport } = stats.at(-1)!;
    expect(final).toMatchObject(lastReport); // the report made at stop has the final counts
    expect(server.requests.every((r) => r.url.startsWith('/api/v2/write?'))).toBe(true);
  });

  it('rejects a non-positive speed before sending anything', async () => {
    await expect(
      startSimulation({ url: 'http://127.0.0.1:9', sites: demoSites, seed: 1, speed: 0 }),
    ).rejects.toThrow(/speed/);
  });
});
