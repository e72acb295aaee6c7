// Rollup persistence and bookkeeping: checkpointed restart replays only the log after the saved seq, atomic
// saves, rebuilds when the file cannot be trusted, local-day boundaries, distinct badges, minute pruning.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import type { GateScan } from '../../shared/events/gate-scan';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { silentLogger } from '../logger';
import { EventLog } from '../store/event-log';
import { tempDir } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import { RollupStore } from './rollup-store';
import { RECENT_MINUTES } from './site-rollup';
import { syntheticEvents, syntheticSites } from './testing/synthetic-events';

/** Holds file writes while `hold` is set (a save kept in flight across a rebuild); the real write otherwise. */
const writeGate = vi.hoisted(() => ({ hold: undefined as Promise<void> | undefined }));
vi.mock('../store/atomic-write', async (importOriginal) => {
  const real = await importOriginal<typeof import('../store/atomic-write')>();
  return {
    ...real,
    writeFileAtomic: async (path: string, data: string | Uint8Array) => {
      await writeGate.hold;
      return real.writeFileAtomic(path, data);
    },
  };
});

const sites = syntheticSites();
const events = syntheticEvents({
  seed: 7,
  sites,
  fromMs: Date.parse('2025-05-01T00:00:00+08:00'),
  toMs: Date.parse('2025-08-10T00:00:00+08:00'),
  meanGapMinutes: 240,
});
const allSites = sites.map((s) => s.id);

let dir: ReturnType<typeof tempDir>;
let log: EventLog;
const openLog = (sub = 'log') =>
  EventLog.open({ dir: join(dir.path, sub), segmentBytes: 1 << 20, fsync: false });
const openStore = (opts: { sub?: string; timezone?: string; saveIntervalMs?: number } = {}) =>
  RollupStore.open({
    dir: join(dir.path, opts.sub ?? 'rollups'),
    sites: opts.timezone ? sites.map((s) => ({ ...s, timezone: opts.timezone! })) : sites,
    log,
    logger: silentLogger,
    ...(opts.saveIntervalMs ? { saveIntervalMs: opts.saveIntervalMs } : {}),
  });

/** Appends to the log and, when a store is given, hands the events to it as ingest does. */
async function write(batch: readonly PortEvent[], store?: RollupStore) {
  const points = batch.map((e) => pointFromEvent(e));
  const first = await log.append(points);
  store?.onEvents(
    batch.map((event, i) => ({ seq: first + i, point: points[i]!, event })),
    'live',
  );
}

const answers = (store: RollupStore) =>
  ['2025-05', '2025-06', '2025-07', '2025-08'].map((m) => store.monthSums(allSites, m));

beforeEach(async () => {
  dir = tempDir();
  log = await openLog();
});
afterEach(async () => {
  await log.close();
  dir.remove();
});

describe('rollup store persistence', () => {
  it('restarts from its checkpoint and replays only the log written after it', async () => {
    const first = await openStore();
    const split = Math.floor(events.length * 0.8);
    await write(events.slice(0, split), first);
    await first.close();
    expect(existsSync(join(dir.path, 'rollups', 'rollups.json'))).toBe(true);
    await write(events.slice(split)); // the store was down: these reach only the log

    const restarted = await openStore();
    expect(restarted.replayedAtOpen).toBe(events.length - split);
    expect(restarted.appliedSeq).toBe(events.length);
    const rebuilt = await openStore({ sub: 'elsewhere' });
    expect(rebuilt.replayedAtOpen).toBe(events.length);
    expect(answers(restarted)).toEqual(answers(rebuilt));
    await restarted.close();
    await rebuilt.close();
  });

  it('loads a version 1 file (before departure versions) instead of rebuilding it from the log', async () => {
    const first = await openStore();
    await write(events, first);
    await first.close();
    const path = join(dir.path, 'rollups', 'rollups.json');
    const v2 = JSON.parse(readFileSync(path, 'utf8'));
    const v1 = { ...v2, version: 1, sites: {} as Record<string, unknown> };
    for (const [id, site] of Object.entries(v2.sites as Record<string, Record<string, unknown>>)) {
      const { departures: _, ...rest } = site;
      v1.sites[id] = rest;
    }
    writeFileSync(path, JSON.stringify(v1));
    const reopened = await openStore();
    expect(reopened.replayedAtOpen).toBe(0); // read, not rebuilt: months beyond the log's retention survive
    const rebuilt = await openStore({ sub: 'elsewhere' });
    expect(answers(reopened)).toEqual(answers(rebuilt));
    await reopened.close();
    await rebuilt.close();
  });

  it('saves periodically with an atomic rename (no temp file left)', async () => {
    const store = await openStore({ saveIntervalMs: 20 });
    await write(events.slice(0, 50), store);
    // Read until the timer saved (a file is only ever whole: it appears by rename, never half written).
    const file = await waitFor(
      'a periodic save of seq 50',
      () => {
        const saved = JSON.parse(readFileSync(join(dir.path, 'rollups', 'rollups.json'), 'utf8'));
        return saved.seq === 50 ? saved : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 20 },
    );
    expect(file.seq).toBe(50);
    expect(readdirSync(join(dir.path, 'rollups'))).toEqual(['rollups.json']);
    await store.close();
  });

  it('rebuilds from the whole log when the file is corrupt, from another time zone, or ahead of the log', async () => {
    const store = await openStore();
    await write(events, store);
    await store.close();
    const expected = answers(store);
    const path = join(dir.path, 'rollups', 'rollups.json');
    const good = readFileSync(path, 'utf8');

    writeFileSync(path, good.slice(0, good.length / 2));
    const afterCorruption = await openStore();
    expect(afterCorruption.replayedAtOpen).toBe(events.length);
    expect(answers(afterCorruption)).toEqual(expected);
    await afterCorruption.close();

    const otherZone = await openStore({ timezone: 'Asia/Urumqi' });
    expect(otherZone.replayedAtOpen).toBe(events.length);
    await otherZone.close(); // saved with Urumqi days: the next default open rebuilds again
    const backToDefault = await openStore();
    expect(backToDefault.replayedAtOpen).toBe(events.length);
    await backToDefault.close();

    await log.close();
    log = await openLog('empty-log');
    const ahead = await openStore();
    expect(ahead.appliedSeq).toBe(0);
    expect(ahead.monthSums(allSites, '2025-07').vehicleScans).toBe(0);
    await ahead.close();
  });
});

const scan = (time: string, site: string, over: Partial<GateScan> = {}) =>
  gateScan({ time: Date.parse(time), site, ...over });
const staff = (time: string, site: string, badge: string, over: Partial<GateScan> = {}) =>
  scan(time, site, { subject: 'staff', badge, plate: '', parcels: 0, ...over });

describe('rollup buckets', () => {
  it('counts an event in the local month of its site (2025-07-31T16:30Z is August in Shanghai)', async () => {
    const store = await openStore();
    await write(
      [
        scan('2025-07-31T15:59:59.999Z', 'hgh-test', { parcels: 100 }),
        scan('2025-07-31T16:30:00Z', 'hgh-test', { parcels: 310 }),
        scan('2025-07-31T16:30:00Z', 'urc-test', { parcels: 7 }), // 22:30 in Urumqi: still July
      ],
      store,
    );
    expect(store.monthSums(['hgh-test'], '2025-07').parcels).toBe(100);
    expect(store.monthSums(['hgh-test'], '2025-08').parcels).toBe(310);
    expect(store.monthSums(['urc-test'], '2025-07').parcels).toBe(7);
    await store.close();
  });

  it('counts distinct badges per site and day, released `in` scans only', async () => {
    const store = await openStore();
    await write(
      [
        staff('2025-07-01T01:00:00Z', 'hgh-test', 'E001'),
        staff('2025-07-01T09:00:00Z', 'hgh-test', 'E001'), // same day: once
        staff('2025-07-02T01:00:00Z', 'hgh-test', 'E001'), // next day: again
        staff('2025-07-01T01:00:00Z', 'can-test', 'E001'), // another site: its own count
        staff('2025-07-01T02:00:00Z', 'hgh-test', 'E002', { direction: 'out' }),
        staff('2025-07-01T02:00:00Z', 'hgh-test', 'E003', { result: 'held' }),
      ],
      store,
    );
    expect(store.monthSums(['hgh-test'], '2025-07').staffBadgeDays).toBe(2);
    expect(store.monthSums(['hgh-test', 'can-test'], '2025-07').staffBadgeDays).toBe(3);
    expect(store.monthSums(['hgh-test'], '2025-07').vehicleScans).toBe(0);
    const minute = Math.floor(Date.parse('2025-07-01T01:00:00Z') / 60_000);
    expect(store.windowSums(['hgh-test'], minute, minute + 8 * 60 + 1).staffBadgeDays).toBe(1);
    await store.close();
  });

  it('keeps minute buckets only as far back as a rolling window and its base can reach', async () => {
    const store = await openStore();
    const old = '2025-07-01T00:00:00Z';
    const recent = new Date(Date.parse(old) + (RECENT_MINUTES + 120) * 60_000).toISOString();
    await write([scan(old, 'hgh-test'), scan(recent, 'hgh-test')], store);
    const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
    expect(store.windowSums(['hgh-test'], minute(old), minute(old) + 1).vehicleScans).toBe(0);
    expect(store.windowSums(['hgh-test'], minute(recent), minute(recent) + 1).vehicleScans).toBe(1);
    expect(store.monthSums(['hgh-test'], '2025-07').vehicleScans).toBe(2);
    await store.close();
  });
});

describe('rollup rebuild from another source (InfluxDB backfill)', () => {
  const half = Math.floor(events.length / 2);
  const shipped = events.slice(0, half);
  const unshipped = events.slice(half);

  it('counts the source, then the log after the shipped seq, each event once, while ingest carries on', async () => {
    const reference = await openStore({ sub: 'reference' });
    const store = await openStore();
    await write(shipped, store);
    const throughSeq = log.lastSeq();
    await write(unshipped.slice(0, 10), store);
    const during = unshipped.slice(10, 20);
    const after = unshipped.slice(20);
    const mark = { destination: 'influx', throughSeq, at: new Date().toISOString() };
    await store.rebuild(mark, async (add) => {
      for (const e of shipped) add(e); // what InfluxDB holds: the shipped part of the log
      await write(during, store); // ingest goes on during the (slow) read of InfluxDB
    });
    // A listener call that arrives late for an event the rebuild already replayed from the log is ignored.
    const lastSeq = log.lastSeq();
    store.onEvents([{ seq: lastSeq, point: pointFromEvent(during.at(-1)!), event: during.at(-1)! }], 'live');
    await write(after, store);
    const rebuilt = answers(store);
    expect(store.backfill).toEqual(mark);
    await store.close();
    // The mark is saved with the rollups, so an `auto` backfill does not run again after a restart.
    const reopened = await openStore();
    expect(reopened.backfill).toEqual(mark);
    const afterRestart = answers(reopened);
    await reopened.close();
    await write(events, reference); // last: it appends to the same log
    expect(rebuilt).toEqual(answers(reference));
    expect(afterRestart).toEqual(answers(reference));
    await reference.close();
  });

  it('saves the rebuilt buckets even when a save of the old ones finishes during rebuild()', async () => {
    const store = await openStore();
    await write(shipped, store);
    const throughSeq = log.lastSeq();
    const fromOthers = scan('2025-07-15T00:00:00Z', 'hgh-test', { parcels: 999 }); // only in InfluxDB
    let release = () => {};
    writeGate.hold = new Promise<void>((r) => {
      release = r;
    });
    const inFlight = store.save(); // the old buckets at `throughSeq`, held in its write
    const mark = { destination: 'influx', throughSeq, at: new Date().toISOString() };
    const rebuilding = store.rebuild(mark, async (add) => {
      for (const e of shipped) add(e);
      add(fromOthers);
    });
    // The swap is done and rebuild() waits for its own save, queued behind the held one: let that one finish.
    await waitFor('the rebuilt buckets swapped in', () => store.backfill === mark || undefined, {
      timeoutMs: 20_000,
    });
    writeGate.hold = undefined;
    release();
    await inFlight;
    await rebuilding;
    const rebuilt = answers(store);
    expect(rebuilt[2]!.parcels).toBeGreaterThan(999);
    // Once rebuild() resolves the file holds the rebuilt buckets (same seq as the old save, other content).
    const file = JSON.parse(readFileSync(join(dir.path, 'rollups', 'rollups.json'), 'utf8'));
    expect(file.backfill).toEqual(mark);
    expect(file.seq).toBe(throughSeq);
    await store.close();
    const reopened = await openStore();
    expect(reopened.replayedAtOpen).toBe(0);
    expect(answers(reopened)).toEqual(rebuilt);
    await reopened.close();
  });

  it('keeps serving the current rollups while the source is read, and keeps them when the read fails', async () => {
    const store = await openStore();
    await write(events, store);
    const before = answers(store);
    const failed = store.rebuild({ destination: 'influx', throughSeq: 0, at: '' }, async (add) => {
      add(events[0]!);
      expect(answers(store)).toEqual(before);
      throw new Error('influxd went away');
    });
    await expect(failed).rejects.toThrow('influxd went away');
    expect(answers(store)).toEqual(before);
    expect(store.backfill).toBeUndefined();
    await store.close();
  });
});
