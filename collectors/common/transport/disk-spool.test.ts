// The disk spool: order across segments, the cursor surviving a reopen, drained segments deleted, and a
// torn last line (a crash during a write) dropped instead of sent.
import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskSpool } from './disk-spool';

const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `m v=${from + i}i`);
const dir = () => mkdtempSync(join(tmpdir(), 'portpulse-spool-'));

describe('DiskSpool', () => {
  it('reads back in order across segments and deletes drained ones', () => {
    const spool = new DiskSpool(dir(), { segmentBytes: 100, fsync: false });
    for (let i = 0; i < 10; i++) spool.append(lines(i * 5, 5));
    expect(readdirSync(spool.dir).filter((n) => n.endsWith('.lp')).length).toBeGreaterThan(3);
    const got: string[] = [];
    for (;;) {
      const { lines: batch, next } = spool.peek(7);
      if (batch.length === 0) break;
      got.push(...batch);
      spool.commit(next, batch.length);
    }
    expect(got).toEqual(lines(0, 50));
    expect(spool.pendingLines).toBe(0);
    expect(readdirSync(spool.dir).filter((n) => n.endsWith('.lp'))).toHaveLength(1);
    spool.close();
  });

  it('resumes from the committed cursor after a reopen, with a new segment for new lines', () => {
    const d = dir();
    const a = new DiskSpool(d, { fsync: false });
    a.append(lines(0, 10));
    const first = a.peek(4);
    a.commit(first.next, 4);
    a.close();
    const b = new DiskSpool(d, { fsync: false });
    expect(b.pendingLines).toBe(6);
    b.append(lines(10, 2));
    expect(b.peek(100).lines).toEqual(lines(4, 8));
    b.close();
  });

  it('drops a torn last line left by a crash', () => {
    const d = dir();
    const a = new DiskSpool(d, { fsync: false });
    a.append(lines(0, 2));
    a.close();
    appendFileSync(join(d, readdirSync(d).find((n) => n.endsWith('.lp'))!), 'm v=99');
    const logs: string[] = [];
    const b = new DiskSpool(d, { fsync: false, log: (_level, m) => logs.push(m) });
    b.append(lines(2, 1));
    expect(b.pendingLines).toBe(3);
    expect(b.peek(10).lines).toEqual(lines(0, 3));
    expect(logs.join()).toMatch(/torn line/);
    b.close();
  });
});
