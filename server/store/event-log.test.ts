import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatPoint, joinLine } from '../../shared/line-protocol/format';
import type { Point } from '../../shared/line-protocol/types';
import { tempDir } from '../testing/test-config';
import { EventLog } from './event-log';
import { LogFullError, LogWriteError } from './store-errors';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);

function point(i: number, timeMs = T0 + i * 1000): Point {
  return {
    measurement: 'gate_scan',
    tags: {
      site: 'hgh-xiasha',
      gate: 'g1',
      lane: 'l1',
      direction: 'in',
      subject: 'vehicle',
      result: 'released',
      rural: 'false',
    },
    fields: {
      plate: { kind: 'string', value: `浙A${String(i).padStart(5, '0')}` },
      badge: { kind: 'string', value: '' },
      processing_ms: { kind: 'integer', value: BigInt(4000 + i) },
      parcels: { kind: 'integer', value: 10n },
    },
    timestamp: BigInt(timeMs) * 1_000_000n,
  };
}

async function readAll(log: EventLog) {
  const out = [];
  for await (const p of log.readRange(0, Number.MAX_SAFE_INTEGER)) out.push(p);
  return out;
}

const dirs: { remove(): void }[] = [];
function freshDir() {
  const d = tempDir('portpulse-log-');
  dirs.push(d);
  return d.path;
}
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

describe('EventLog', () => {
  it('returns appended points in order with increasing seq, and keeps them across reopen', async () => {
    const dir = freshDir();
    const log = await EventLog.open({ dir, segmentBytes: 1 << 20, fsync: true });
    expect(await log.append([point(1), point(2)])).toBe(1);
    expect(await log.append([point(3)])).toBe(3);
    await log.close();
    const again = await EventLog.open({ dir, segmentBytes: 1 << 20, fsync: true });
    const all = await readAll(again);
    expect(all.map((p) => p.seq)).toEqual([1, 2, 3]);
    expect(all[2]!.point).toEqual(point(3));
    expect(await again.append([point(4)])).toBe(4);
    await again.close();
  });

  it('stores lines given with the points as they are, and reads back their text a block at a time', async () => {
    const log = await EventLog.open({ dir: freshDir(), segmentBytes: 1 << 20, fsync: false });
    const points = [point(1), point(2)];
    await log.append(
      points,
      points.map((p) => formatPoint(p)),
    );
    await log.append([point(3)]);
    const batches = [];
    for await (const batch of log.readRangeBatches(0, Number.MAX_SAFE_INTEGER)) batches.push(batch);
    expect(batches.map((b) => b.map((p) => p.seq))).toEqual([[1, 2], [3]]);
    const stored = batches.flat()[2]!;
    expect(stored.point).toEqual(point(3));
    expect(joinLine(stored.seriesText!, stored.fieldText!, stored.point.timestamp)).toBe(
      formatPoint(point(3)),
    );
    expect(() => log.append(points, ['one line'])).toThrow(/one line per point/);
    await log.close();
  });

  it('shares one write + fsync among appends that arrive together (group commit)', async () => {
    const log = await EventLog.open({ dir: freshDir(), segmentBytes: 1 << 20, fsync: true });
    const seqs = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append([point(i)])));
    expect(new Set(seqs).size).toBe(200);
    expect(log.stats.flushes).toBeLessThan(20);
    expect((await readAll(log)).length).toBe(200);
    await log.close();
  });

  it('reads only the requested time range', async () => {
    const log = await EventLog.open({ dir: freshDir(), segmentBytes: 1 << 20, fsync: false });
    await log.append(Array.from({ length: 10 }, (_, i) => point(i)));
    const some = [];
    for await (const p of log.readRange(T0 + 3000, T0 + 6000)) some.push(p.seq);
    expect(some).toEqual([4, 5, 6]);
    await log.close();
  });

  it('rolls to a new segment past the size limit and reads across segments', async () => {
    const dir = freshDir();
    const log = await EventLog.open({ dir, segmentBytes: 4096, fsync: false });
    for (let i = 0; i < 60; i++) await log.append([point(i)]);
    await log.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.lp')).length).toBeGreaterThan(2);
    const again = await EventLog.open({ dir, segmentBytes: 4096, fsync: false });
    expect((await readAll(again)).map((p) => p.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await again.close();
  });

  it('truncates a torn tail left by a crash, with a log line, and carries on', async () => {
    const dir = freshDir();
    const log = await EventLog.open({ dir, segmentBytes: 1 << 20, fsync: true });
    await log.append([point(1), point(2)]);
    await log.close();
    const seg = join(dir, readdirSync(dir).find((n) => n.endsWith('.lp'))!);
    const goodSize = statSync(seg).size;
    appendFileSync(seg, '#pp1 3 5 9999 deadbeef 0 0\ngate_scan,site=x pa'); // a block cut mid-write
    const messages: string[] = [];
    const again = await EventLog.open({
      dir,
      segmentBytes: 1 << 20,
      fsync: true,
      log: (_level, m) => messages.push(m),
    });
    expect(messages.join()).toMatch(/cut short|truncating/);
    expect(statSync(seg).size).toBe(goodSize);
    expect(await again.append([point(3)])).toBe(3);
    expect((await readAll(again)).map((p) => p.seq)).toEqual([1, 2, 3]);
    await again.close();
  });

  it('detects a corrupt block by its checksum and drops it and everything after it', async () => {
    const dir = freshDir();
    const log = await EventLog.open({ dir, segmentBytes: 1 << 20, fsync: true });
    await log.append([point(1)]);
    await log.append([point(2)]);
    await log.close();
    const seg = join(dir, readdirSync(dir).find((n) => n.endsWith('.lp'))!);
    const bytes = readFileSync(seg);
    const secondBlock = bytes.indexOf('#pp1 2 ');
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01; // flip a bit in the second block's body
    writeFileSync(seg, bytes);
    const messages: string[] = [];
    const again = await EventLog.open({
      dir,
      segmentBytes: 1 << 20,
      fsync: true,
      log: (_level, m) => messages.push(m),
    });
    expect(messages.join()).toMatch(/checksum/);
    expect(statSync(seg).size).toBe(secondBlock);
    expect((await readAll(again)).map((p) => p.seq)).toEqual([1]);
    await again.close();
  });

  it('refuses appends past its disk budget with its own error (the app answers 503 + Retry-After), not a silent drop', async () => {
    const log = await EventLog.open({ dir: freshDir(), segmentBytes: 1 << 20, fsync: false, maxBytes: 1000 });
    await log.append([point(1)]);
    const err = await log.append(Array.from({ length: 20 }, (_, i) => point(i))).catch((e) => e);
    expect(err).toBeInstanceOf(LogFullError);
    expect(err).toMatchObject({ maxBytes: 1000, storedBytes: expect.any(Number) });
    expect((await readAll(log)).length).toBe(1);
    await log.close();
  });

  it('cuts a failed write off the file, so later blocks keep their seqs across a restart', async () => {
    const dir = freshDir();
    const log = await EventLog.open({ dir, segmentBytes: 1 << 20, fsync: true });
    await log.append([point(1)]);
    // A disk error in the middle of a block: half of it reaches the file, then the write fails.
    const active = (log as unknown as { active: import('node:fs/promises').FileHandle }).active;
    const write = active.write.bind(active);
    (active as { write: unknown }).write = async (block: Uint8Array) => {
      (active as { write: unknown }).write = write;
      await write(block.subarray(0, block.length >> 1));
      throw new Error('EIO: i/o error, write');
    };
    const err = await log.append([point(2)]).catch((e) => e);
    expect(err).toBeInstanceOf(LogWriteError);
    expect(log.writeError).toContain('EIO');
    expect(await log.append([point(3)])).toBe(2);
    expect(log.writeError).toBeUndefined();
    await log.close();

    const again = await EventLog.open({ dir, segmentBytes: 1 << 20, fsync: true });
    const all = await readAll(again);
    expect(all.map((p) => [p.seq, p.point.fields.plate])).toEqual([
      [1, point(1).fields.plate],
      [2, point(3).fields.plate],
    ]);
    await again.close();
  });

  it('refuses writes, and says why, when a failed write cannot be cut off', async () => {
    const log = await EventLog.open({ dir: freshDir(), segmentBytes: 1 << 20, fsync: false });
    const active = (log as unknown as { active: import('node:fs/promises').FileHandle }).active;
    (active as { write: unknown }).write = async () => {
      throw new Error('EROFS: read-only file system, write');
    };
    (active as { truncate: unknown }).truncate = async () => {
      throw new Error('EROFS: read-only file system, ftruncate');
    };
    expect(await log.append([point(1)]).catch((e) => e)).toBeInstanceOf(LogWriteError);
    const err = await log.append([point(2)]).catch((e) => e);
    expect(err).toMatchObject({ broken: true });
    expect(err.message).toContain('not writable');
    expect(log.writeError).toContain('ftruncate');
  });
});
