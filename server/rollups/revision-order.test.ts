// A revised departure counts once, as revised, in the rollups and the live KPIs whichever version arrives
// first: a revision handed over before its original (an earlier corrected AOBT sorted first) takes nothing
// out, and the original arriving afterwards is not counted. Across local midnight too: the versions fall on
// different local days of the site's zone, and only the revision's day counts the departure.
import { describe, expect, it } from 'vitest';
import type { FlightDeparture } from '../../shared/events/flight-departure';
import { flightDeparture } from '../../shared/events/testing/event-builders';
import { localDay, localDayStartMs } from '../../shared/indices/time-zone';
import { SiteKpis } from '../kpis/site-kpis';
import { SiteRollup } from './site-rollup';

const MIN = 60_000;
const ZONE = 'Asia/Shanghai';

function versions(firstAobt: number, revisedAobt: number, sobt: number) {
  const base = { site: 'can-baiyun', flight_no: 'CK221', sobt, parcels: 1000 };
  const original = flightDeparture({ ...base, time: firstAobt, aobt: firstAobt });
  const revision: FlightDeparture = flightDeparture({
    ...base,
    time: revisedAobt,
    aobt: revisedAobt,
    parcels: 1200,
    revises_aobt: firstAobt,
    revises_parcels: 1000,
  });
  return { original, revision };
}

function sumsAfter(order: FlightDeparture[], day: number) {
  const r = new SiteRollup(ZONE);
  for (const e of order) r.add(e);
  const minute = Math.floor(order[0]!.time / MIN);
  return { day: r.days.get(day)?.sums, window: r.windowSums(minute - 24 * 60, minute + 24 * 60) };
}

describe('a revision arriving before its original', () => {
  // Scheduled 10:00 local, first reported 20 min late, corrected to 6 min late.
  const sobt = localDayStartMs(localDay(Date.UTC(2026, 10, 20, 4), ZONE), ZONE) + 10 * 60 * MIN;
  const { original, revision } = versions(sobt + 20 * MIN, sobt + 6 * MIN, sobt);
  const day = localDay(sobt, ZONE);
  const once = { departures: 1, onTimeDepartures: 1, parcels: 1200, volumeEvents: 1 };

  it('counts the departure once, as revised, in the daily and minute rollups', () => {
    for (const order of [
      [original, revision],
      [revision, original],
    ]) {
      const { day: d, window } = sumsAfter(order, day);
      expect(d).toMatchObject(once);
      expect(window).toMatchObject(once);
    }
  });

  // The live KPIs subtract the replaced version from its minute whether or not it arrived yet (a ring of
  // signed counts), so they were already independent of the order; this keeps them so.
  it('counts it once, as revised, in the live KPIs', () => {
    for (const order of [
      [original, revision],
      [revision, original],
    ]) {
      const k = new SiteKpis();
      for (const e of order) k.add(e, sobt + 60 * MIN);
      expect(k.row(sobt + 60 * MIN)).toMatchObject({ departures_24h: 1, on_time_share_24h: 1 });
    }
  });

  it('across local midnight: only the revision day counts it', () => {
    // First reported 00:10 on the next local day, corrected to 23:55 (the scheduled day).
    const late = localDayStartMs(day + 1, ZONE);
    const s = late - 10 * MIN;
    const v = versions(late + 10 * MIN, late - 5 * MIN, s);
    expect(localDay(v.original.time, ZONE)).toBe(day + 1);
    expect(localDay(v.revision.time, ZONE)).toBe(day);
    for (const order of [
      [v.original, v.revision],
      [v.revision, v.original],
    ]) {
      const r = new SiteRollup(ZONE);
      for (const e of order) r.add(e);
      expect(r.days.get(day)?.sums).toMatchObject(once);
      expect(r.days.get(day + 1)?.sums ?? { departures: 0 }).toMatchObject({ departures: 0 });
      expect(r.days.get(day + 1)?.sums.parcels ?? 0).toBe(0);
    }
  });

  it('survives a rollup snapshot in between (the replaced version is remembered)', () => {
    const r = new SiteRollup(ZONE);
    r.add(revision);
    const copy = new SiteRollup(ZONE);
    copy.departures.importState(r.departures.exportState());
    for (const [k, b] of r.days) copy.days.set(k, b);
    copy.add(original);
    expect(copy.days.get(day)?.sums).toMatchObject(once);
  });
});
