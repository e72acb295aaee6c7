// Gross vs net: a net reading becomes gross only with its tare (from the frame or the indicator's TA reply);
// otherwise it is refused and reported naming the bridge, never passed on as gross.
import { describe, expect, it } from 'vitest';
import { GrossWeight } from './gross-weight';
import type { ScaleSample } from './settle-detector';

function run(g: GrossWeight, ...readings: Parameters<GrossWeight['take']>[0][]) {
  const samples: ScaleSample[] = [];
  const reports: string[] = [];
  let interrupts = 0;
  g.feed(readings, { sample: (s) => samples.push(s), interrupt: () => interrupts++ }, (_k, m) =>
    reports.push(m),
  );
  return { samples, reports, interrupts };
}

describe('GrossWeight', () => {
  it('adds the tare carried in the frame to a net weight (Toledo)', () => {
    const g = new GrossWeight('G1-L1');
    const out = run(g, { kind: 'weight', kg: 24_430, basis: 'net', stable: true, tareKg: 16_800 });
    expect(out.samples).toEqual([{ kg: 41_230, stable: true }]);
    expect(g.counters.netToGross).toBe(1);
    expect(g.indicatorTareKg).toBe(16_800);
  });

  it('adds the tare the indicator reported (MT-SICS TA) and follows its changes', () => {
    const g = new GrossWeight('G1-L3');
    const out = run(
      g,
      { kind: 'tare', kg: 0 },
      { kind: 'weight', kg: 41_230, basis: 'net', stable: true },
      { kind: 'tare', kg: 16_800 },
      { kind: 'weight', kg: 24_430, basis: 'net', stable: false },
    );
    expect(out.samples).toEqual([
      { kg: 41_230, stable: true },
      { kg: 41_230, stable: false },
    ]);
  });

  it('refuses a net weight whose tare is unknown, naming the bridge, and never passes it on', () => {
    const g = new GrossWeight('G2-L1', { netHint: 'clear the tare on the indicator' });
    const out = run(g, { kind: 'weight', kg: 24_430, basis: 'net' });
    expect(out.samples).toEqual([]);
    expect(out.interrupts).toBe(1);
    expect(out.reports).toEqual([
      "G2-L1: net weight 24430 kg with the indicator's tare unknown: not recorded as gross (clear the tare on the indicator)",
    ]);
    expect(g.counters.netRefused).toBe(1);
    expect(g.refusing).toBe('G2-L1 sends net weight without its tare');
    run(g, { kind: 'weight', kg: 41_230, basis: 'gross' });
    expect(g.refusing).toBeUndefined();
  });

  it('takes net as gross only for an indicator declared never tared; out-of-range readings interrupt', () => {
    const g = new GrossWeight('B1', { netIsGross: true });
    const out = run(
      g,
      { kind: 'weight', kg: 9000, basis: 'net' },
      { kind: 'out-of-range', side: 'over', what: 'OL (overload)' },
    );
    expect(out.samples).toEqual([{ kg: 9000 }]);
    expect(out.interrupts).toBe(1);
    expect(out.reports).toEqual(['B1: indicator overload OL (overload): no weighing']);
    expect(g.counters.overload).toBe(1);
  });

  it('refuses a net weight whose stored tare is older than maxTareAgeMs (the tare may have changed)', () => {
    let now = 0;
    const g = new GrossWeight('G1-L3', { maxTareAgeMs: 12_000, now: () => now });
    const fresh = run(
      g,
      { kind: 'tare', kg: 16_800 },
      { kind: 'weight', kg: 24_430, basis: 'net', stable: true },
    );
    expect(fresh.samples).toEqual([{ kg: 41_230, stable: true }]);
    now = 12_001;
    const stale = run(g, { kind: 'weight', kg: 24_430, basis: 'net', stable: true });
    expect(stale.samples).toEqual([]);
    expect(stale.reports[0]).toMatch(/G1-L3: net weight 24430 kg with a tare older than 12000 ms/);
    expect(g.counters.netRefused).toBe(1);
    const again = run(g, { kind: 'tare', kg: 0 }, { kind: 'weight', kg: 41_230, basis: 'net', stable: true });
    expect(again.samples).toEqual([{ kg: 41_230, stable: true }]);
  });
});
