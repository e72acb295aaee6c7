// The persisted identity index with a real log: repeats of days dropped from memory are recognised (the day
// is loaded back), its memory stays near its budget, a restart replays the log after its checkpoint, and a
// damaged day file is rebuilt from the log.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gateScan } from '../../shared/events/testing/event-builders';
import { Ingest } from '../ingest/ingest';
import { silentLogger } from '../logger';
import { EventLog } from '../store/event-log';
import { tempDir } from '../testing/test-config';
import { IdentityIndex } from './identity-index';

const DAY = 86_400_000;
const t0 = Date.UTC(2025, 0, 1);
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

/** 200 scans on each of `days` days from 2025-01-01. */
const events = (days: number, tag = '') =>
  Array.from({ length: days * 200 }, (_, i) =>
    gateScan({
      site: 'hgh-xiasha',
      time: t0 + Math.floor(i / 200) * DAY + (i % 200) * 1000,
      plate: `浙A${tag}${i}`,
    }),
  );

async function open(dir: string, memoryBytes = 64 << 20) {
  const log = await EventLog.open({ dir: join(dir, 'log'), segmentBytes: 1 << 20, fsync: false });
  const identity = await IdentityIndex.open({
    dir: join(dir, 'identity'),
    log,
    logger: silentLogger,
    memoryBytes,
  });
  const ingest = new Ingest(log, { maxFutureMs: 60_000, persistedIdentity: identity });
  return {
    log,
    identity,
    ingest,
    close: async () => {
      await identity.close();
      await log.close();
    },
  };
}

describe('IdentityIndex', () => {
  it('drops saved days beyond its memory budget and loads them back to recognise a repeat', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await open(dir.path, 0);
    expect((await s.ingest.ingestJson(events(10))).accepted).toBe(2000);
    await s.identity.save();
    expect(s.identity.loadedDays).toBe(0);
    expect(readdirSync(join(dir.path, 'identity')).filter((n) => n.endsWith('.ids'))).toHaveLength(10);
    // The in-memory identity of this process still knows them: a fresh Ingest stands for a restarted server.
    const restarted = new Ingest(s.log, { maxFutureMs: 60_000, persistedIdentity: s.identity });
    await restarted.ingestJson(events(10));
    expect(restarted.counters.duplicates).toBe(2000);
    expect(s.log.lastSeq()).toBe(2000);
    expect(s.identity.stats.loads).toBe(10);
    await s.close();
  });

  it('replays the log after its checkpoint at start-up (a crash before the save)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await open(dir.path);
    await s.ingest.ingestJson(events(2));
    await s.identity.save();
    await s.ingest.ingestJson(events(2, 'late'));
    await s.log.close(); // the identity index is not closed: its checkpoint misses the second write

    const again = await open(dir.path);
    expect(again.identity.stats.replayedAtOpen).toBe(400);
    await again.ingest.ingestJson([...events(2), ...events(2, 'late')]);
    expect(again.ingest.counters.duplicates).toBe(800);
    expect(again.log.lastSeq()).toBe(800);
    await again.close();
    await s.identity.close();
  });

  it('rebuilds a damaged day file from the log', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const s = await open(dir.path);
    await s.ingest.ingestJson(events(1));
    await s.close();
    writeFileSync(join(dir.path, 'identity', '2025-01-01.ids'), 'garbage');

    const again = await open(dir.path);
    await again.ingest.ingestJson(events(1));
    expect(again.ingest.counters.duplicates).toBe(200);
    expect(readdirSync(join(dir.path, 'identity')).some((n) => n.includes('.corrupt-'))).toBe(true);
    await again.close();
  });
});
