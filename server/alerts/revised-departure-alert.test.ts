// A departure delay alert follows the departure's revisions (the flights collector sends a corrected AOBT as a
// revision of the same flight and SOBT): a revision that is still late updates the alert, one that is no
// longer late clears it.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { flightDeparture } from '../../shared/events/testing/event-builders';
import { RollingKpis } from '../kpis/rolling-kpis';
import { AlertEngine } from './alert-engine';
import { defaultThresholds } from './alert-rules';

const T0 = Date.UTC(2026, 10, 23, 8);
const MIN = 60_000;

describe('a revised departure', () => {
  it('updates its delay alert, and clears it when the corrected AOBT is on time', () => {
    const kpis = new RollingKpis(['s1']);
    const engine = new AlertEngine({ sites: ['s1'], kpis, thresholds: defaultThresholds, now: () => T0 });
    const feed = (event: PortEvent) => {
      const accepted = [{ seq: 0, point: {} as never, event }];
      kpis.onEvents(accepted);
      engine.onEvents(accepted, 'live');
    };
    const sobt = T0 - 20 * MIN;
    const base = {
      site: 's1',
      destination: 'LAX',
      flight_no: 'CK221',
      sobt,
      cargo_kg: 0,
      capacity_kg: 0,
      parcels: 0,
    };
    const at = (aobt: number, revises?: number) =>
      flightDeparture({
        ...base,
        time: aobt,
        aobt,
        ...(revises === undefined ? {} : { revises_aobt: revises, revises_parcels: 0 }),
      });
    feed(at(sobt + 19 * MIN));
    expect(engine.snapshot('s1').active.map((a) => a.kind)).toEqual(['departure_delay']);
    feed(at(sobt + 17 * MIN, sobt + 19 * MIN)); // still late
    expect(engine.snapshot('s1').active).toHaveLength(1);
    feed(at(sobt + 5 * MIN, sobt + 17 * MIN)); // corrected: on time
    expect(engine.snapshot('s1').active).toEqual([]);
  });

  it('is not raised again by the original arriving after its on-time revision', () => {
    const kpis = new RollingKpis(['s1']);
    const engine = new AlertEngine({ sites: ['s1'], kpis, thresholds: defaultThresholds, now: () => T0 });
    const sobt = T0 - 30 * MIN;
    const base = { site: 's1', destination: 'LAX', flight_no: 'CK221', sobt, cargo_kg: 0, capacity_kg: 0 };
    const original = flightDeparture({ ...base, time: sobt + 25 * MIN, aobt: sobt + 25 * MIN, parcels: 10 });
    const revision = flightDeparture({
      ...base,
      time: sobt + 5 * MIN,
      aobt: sobt + 5 * MIN,
      parcels: 12,
      revises_aobt: sobt + 25 * MIN,
      revises_parcels: 10,
    });
    // One hand-over sorted by time: the revision (earlier corrected AOBT) first.
    const accepted = [revision, original].map((event, seq) => ({ seq, point: {} as never, event }));
    kpis.onEvents(accepted);
    engine.onEvents(accepted, 'live');
    expect(engine.snapshot('s1').active).toEqual([]);
    // And after a checkpoint restore the late original is still known as replaced.
    const first = new AlertEngine({ sites: ['s1'], kpis, thresholds: defaultThresholds, now: () => T0 });
    first.onEvents([accepted[0]!], 'live');
    const again = new AlertEngine({ sites: ['s1'], kpis, thresholds: defaultThresholds, now: () => T0 });
    again.importState(first.exportState());
    again.onEvents([accepted[1]!], 'live');
    expect(again.snapshot('s1').active).toEqual([]);
  });
});
