// The client's alert list: one entry per alert id however often it is updated, and bounded.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/live/alerts';
import { AlertList } from './alert-list';

const alert = (id: string, over: Partial<Alert> = {}): Alert =>
  ({
    id,
    site: 's',
    kind: 'overweight',
    severity: 'warning',
    startedAt: 1000,
    updatedAt: 1000,
    clearedAt: null,
    plate: 'P',
    bridge: 'b',
    axles: 2,
    grossKg: 20_000,
    limitKg: 18_000,
    ...over,
  }) as Alert;

describe('AlertList', () => {
  it('upserts by id and moves a cleared alert to the recent list once', () => {
    const l = new AlertList();
    l.upsert([alert('a'), alert('b', { severity: 'critical', startedAt: 500 })]);
    l.upsert([alert('a', { grossKg: 21_000 })]);
    expect(l.active().map((a) => a.id)).toEqual(['b', 'a']);
    l.upsert([alert('a', { clearedAt: 2000 })]);
    l.upsert([alert('a', { clearedAt: 2000 })]);
    expect(l.active().map((a) => a.id)).toEqual(['b']);
    expect(l.recent().map((a) => a.id)).toEqual(['a']);
  });

  it('takes a snapshot as the whole truth and stays bounded', () => {
    const l = new AlertList(3, 2);
    l.upsert(Array.from({ length: 10 }, (_, i) => alert(`x${i}`, { startedAt: i })));
    expect(l.active().map((a) => a.id)).toEqual(['x9', 'x8', 'x7']);
    l.upsert(Array.from({ length: 5 }, (_, i) => alert(`c${i}`, { clearedAt: 10 + i })));
    expect(l.recent()).toHaveLength(2);
    l.replace([alert('n')], [alert('r1', { clearedAt: 5 }), alert('r2', { clearedAt: 4 })]);
    expect(l.active().map((a) => a.id)).toEqual(['n']);
    expect(l.recent().map((a) => a.id)).toEqual(['r1', 'r2']);
  });

  it('drops cleared alerts a day after they cleared (by the server clock), never active ones', () => {
    const H = 3_600_000;
    const l = new AlertList(200, 50, 24 * H);
    l.replace(
      [alert('open', { startedAt: 0, updatedAt: 0 })],
      [
        alert('late', { clearedAt: 20 * H, updatedAt: 20 * H }),
        alert('early', { clearedAt: H, updatedAt: H }),
      ],
    );
    expect(l.recent().map((a) => a.id)).toEqual(['late', 'early']);
    const rev = l.revision;
    expect(l.observeTime(25 * H + 1)).toBe(true);
    expect(l.recent().map((a) => a.id)).toEqual(['late']);
    expect(l.revision).toBeGreaterThan(rev);
    // An alert update carries the server's time too: 'late' is now more than a day behind.
    l.upsert([alert('new', { startedAt: 45 * H, updatedAt: 45 * H })]);
    expect(l.recent()).toEqual([]);
    // Still open after two days: kept, it is a condition the server has not cleared.
    expect(l.active().map((a) => a.id)).toEqual(['new', 'open']);
    expect(l.observeTime(40 * H)).toBe(false);
  });
});
