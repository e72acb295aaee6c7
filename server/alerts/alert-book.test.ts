// The alert state machine: raised once, updated without repeating every second, cleared once, bounded.
import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../shared/live/alerts';
import { AlertBook, type AlertInput } from './alert-book';

const T0 = Date.UTC(2026, 10, 23, 8);
const sla = (share: number, severity: 'warning' | 'critical' = 'warning'): AlertInput => ({
  kind: 'gate_sla',
  site: 's1',
  severity,
  share,
  threshold: 0.9,
  windowMinutes: 15,
  scans: 100,
});
const book = () => new AlertBook({ recentPerSite: 3, minUpdateMs: 30_000 });
const drainAll = (b: AlertBook) => [...b.drainChanges().values()].flat();

describe('AlertBook', () => {
  it('raises a condition once, with a stable id, start time and no clear time', () => {
    const b = book();
    const a = b.raise('gate_sla:s1', sla(0.8), T0, T0);
    expect(alertSchema.parse(a)).toMatchObject({ id: `gate_sla:s1:${T0}`, startedAt: T0, clearedAt: null });
    expect(drainAll(b)).toHaveLength(1);
    for (let s = 1; s <= 10; s++) b.raise('gate_sla:s1', sla(0.8), T0, T0 + s * 1000);
    expect(drainAll(b)).toEqual([]); // nothing changed: nothing to send
    expect(b.snapshot('s1').active).toHaveLength(1);
  });

  it('sends value updates at most every minUpdateMs, severity changes at once', () => {
    const b = book();
    b.raise('k', sla(0.8), T0, T0);
    b.drainChanges();
    for (let s = 1; s < 30; s++) b.raise('k', sla(0.8 - s / 1000), T0, T0 + s * 1000);
    expect(drainAll(b)).toEqual([]);
    b.raise('k', sla(0.7), T0, T0 + 30_000);
    expect(drainAll(b).map((a) => [a.kind === 'gate_sla' && a.share, a.updatedAt])).toEqual([
      [0.7, T0 + 30_000],
    ]);
    b.raise('k', sla(0.6, 'critical'), T0, T0 + 31_000);
    expect(drainAll(b).map((a) => a.severity)).toEqual(['critical']);
  });

  it('clears once, keeps the same id, and moves the alert to the recent list', () => {
    const b = book();
    b.raise('k', sla(0.8), T0, T0);
    b.drainChanges();
    b.clear('k', T0 + 60_000);
    b.clear('k', T0 + 61_000);
    const changes = drainAll(b);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id: `k:${T0}`, clearedAt: T0 + 60_000 });
    expect(b.snapshot('s1')).toMatchObject({ active: [], recent: [{ id: `k:${T0}` }] });
    expect(b.isActive('k')).toBe(false);
  });

  it('a condition that returns is a new alert with a new id', () => {
    const b = book();
    b.raise('k', sla(0.8), T0, T0);
    b.clear('k', T0 + 1000);
    const again = b.raise('k', sla(0.8), T0 + 5000, T0 + 5000);
    expect(again.id).toBe(`k:${T0 + 5000}`);
  });

  it('keeps only the newest cleared alerts per site', () => {
    const b = book();
    for (let i = 0; i < 10; i++) {
      b.raise(`k${i}`, sla(0.8), T0 + i, T0 + i);
      b.clear(`k${i}`, T0 + i + 1);
    }
    expect(b.snapshot('s1').recent.map((a) => a.id)).toEqual([
      `k9:${T0 + 9}`,
      `k8:${T0 + 8}`,
      `k7:${T0 + 7}`,
    ]);
    expect(b.snapshot('other')).toEqual({ active: [], recent: [] });
  });
});
