// A save captures the live state at one instant without copying it (the KPI rings and histograms are
// copy-on-write) and encodes it over several turns: events taken in between change the live KPIs, not the
// file, and the file restores exactly the state of the instant it was captured.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { SiteKpis } from '../kpis/site-kpis';
import { decodeState, encodeStateInSlices } from './state-file';

const NOW = Date.UTC(2026, 11, 3, 8, 0, 0);
const MIN = 60_000;

function traffic(from: number, n: number): PortEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const time = from + i * 2_011;
    return i % 4 === 0
      ? weighbridgeReading({ time, site: 's1', bridge: 'b1', net_kg: 9000 + i, rated_payload_kg: 20_000 })
      : gateScan({
          time,
          site: 's1',
          processing_ms: 800 + (i % 41) * 350,
          parcels: i % 7,
          lane: `L${i % 3}`,
        });
  });
}

const rows = (k: SiteKpis) => Array.from({ length: 40 }, (_, m) => k.row(NOW - 30 * MIN + m * MIN + 500));

describe('live-state save of a moving state', () => {
  it('restores the state of the capture although events arrive during the sliced encoding', async () => {
    const before = traffic(NOW - 30 * MIN, 600);
    const during = traffic(NOW - 10 * MIN + 700, 400); // same slots as before, and new ones
    const live = new SiteKpis();
    for (const e of before) live.add(e, NOW);

    const state = live.exportState();
    let fed = 0;
    let t = 0;
    const bytes = await encodeStateInSlices(
      { kpis: state },
      1,
      async () => {
        // Another turn of the event loop: a batch of events reaches the live KPIs mid-save.
        for (const e of during.slice(fed, fed + 50)) live.add(e, NOW);
        fed += 50;
      },
      () => t++,
    );
    expect(fed).toBeGreaterThanOrEqual(during.length); // every event went in while the save was encoding

    const decoded = decodeState(bytes);
    if ('error' in decoded) throw new Error(decoded.error);
    const restored = new SiteKpis();
    restored.importState((decoded.doc as { kpis: typeof state }).kpis);
    const atCapture = new SiteKpis();
    for (const e of before) atCapture.add(e, NOW);
    expect(rows(restored)).toEqual(rows(atCapture));

    // The live KPIs took every event in, as if no save had run.
    const never = new SiteKpis();
    for (const e of [...before, ...during]) never.add(e, NOW);
    expect(rows(live)).toEqual(rows(never));
    expect(rows(live)).not.toEqual(rows(atCapture));
  });
});
