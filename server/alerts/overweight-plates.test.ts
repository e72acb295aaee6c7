// Overweight alerts are per truck, and a truck is its plate in canonical spelling: 浙A·12345 weighed by one
// client and 浙A12345 by another is one truck, one alert; "no plate" weighings are never merged.
import { describe, expect, it } from 'vitest';
import { weighbridgeReading } from '../../shared/events/testing/event-builders';
import { RollingKpis } from '../kpis/rolling-kpis';
import { AlertEngine } from './alert-engine';
import { defaultThresholds } from './alert-rules';

const T0 = Date.UTC(2026, 10, 23, 8);

function setup() {
  const kpis = new RollingKpis(['s1']);
  const engine = new AlertEngine({ sites: ['s1'], kpis, thresholds: defaultThresholds, now: () => T0 });
  const weigh = (plate: string, time: number, gross = 27_000) => {
    const event = weighbridgeReading({
      time,
      site: 's1',
      plate,
      axles: 3,
      gross_kg: gross,
      tare_kg: 10_000,
      net_kg: gross - 10_000,
      rated_payload_kg: 20_000,
    });
    const accepted = [{ seq: 0, point: {} as never, event }];
    kpis.onEvents(accepted);
    engine.onEvents(accepted, 'live');
  };
  return { engine, weigh };
}

describe('overweight alerts by canonical plate', () => {
  it('clears the alert of 浙A·12345 when 浙A12345 is weighed again within the limit', () => {
    const { engine, weigh } = setup();
    weigh('浙A·12345', T0 - 2000);
    expect(engine.snapshot('s1').active).toHaveLength(1);
    weigh('浙A12345', T0 - 1000, 20_000);
    expect(engine.snapshot('s1').active).toHaveLength(0);
  });

  it('keeps overweight weighings without a plate apart', () => {
    const { engine, weigh } = setup();
    weigh('无车牌', T0 - 2000);
    weigh('_无_', T0 - 1000);
    expect(engine.snapshot('s1').active).toHaveLength(2);
  });
});
