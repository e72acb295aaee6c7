// Rows share the minute-bucket KPIs of their minute (a history rebuild reads 3,600 rows in a row): the
// shared part must give exactly what a fresh computation gives, and an arriving event must not be missed.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { firstRowAffectedBy, SiteKpis } from './site-kpis';

const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);

function traffic(): PortEvent[] {
  const events: PortEvent[] = [];
  for (let i = 0; i < 400; i++) {
    const time = NOW - 20 * 60_000 + i * 3_037; // every ~3 s for 20 min, across minute boundaries
    events.push(gateScan({ time, site: 's1', processing_ms: 1000 + (i % 37) * 400, parcels: i % 9 }));
    if (i % 5 === 0)
      events.push(
        weighbridgeReading({
          time,
          site: 's1',
          bridge: 'b1',
          plate: '浙A12345',
          axles: 2,
          gross_kg: 17_000 + i * 13.7,
          tare_kg: 8000,
          net_kg: 9000 + i * 13.7,
          rated_payload_kg: 20_000,
        }),
      );
  }
  return events;
}

function kpisWith(events: PortEvent[]): SiteKpis {
  const k = new SiteKpis();
  for (const e of events) k.add(e, NOW);
  return k;
}

describe('SiteKpis rows in sequence', () => {
  it('equal rows computed on a fresh instance, second by second across minutes', () => {
    const events = traffic();
    const k = kpisWith(events);
    for (let t = NOW - 5 * 60_000; t <= NOW; t += 1000)
      expect(k.row(t), new Date(t).toISOString()).toEqual(kpisWith(events).row(t));
  });

  it('see an event that arrives within the minute of the previous row', () => {
    const events = traffic();
    const k = kpisWith(events);
    const t = NOW - 30_000;
    const before = k.row(t);
    const late = gateScan({ time: NOW - 50_000, site: 's1', processing_ms: 60_000 });
    k.add(late, NOW);
    const after = k.row(t);
    expect(after).toEqual(kpisWith([...events, late]).row(t));
    expect(after.sla_share).not.toBe(before.sla_share);
  });

  it('name the first row an event changes: the start of its minute', () => {
    const t = Date.UTC(2026, 10, 23, 8, 0, 50, 300);
    expect(firstRowAffectedBy(t)).toBe(Date.UTC(2026, 10, 23, 8, 0, 0) / 1000);
    const k = kpisWith([gateScan({ time: t, site: 's1' })]);
    expect(k.row(Date.UTC(2026, 10, 23, 8, 0, 0)).processing_p50_ms).not.toBeNull();
  });
});
