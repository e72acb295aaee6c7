// GET /api/kpis/lanes: flow and SLA share per gate lane over the last 15 minutes, quiet lanes left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laneFlowsResponseSchema } from '../../../shared/live/lane-flows';
import type { createApp } from '../../app';
import { startTestApp } from '../../testing/test-app';

let close: () => Promise<void>;
let app: ReturnType<typeof createApp>;
const now = Date.now();
let n = 0;
const scan = (gate: string, lane: string, direction: 'in' | 'out', processing_ms: number, ago = 60_000) => ({
  measurement: 'gate_scan',
  time: now - ago,
  site: 'yiwu-customs',
  gate,
  lane,
  direction,
  subject: 'vehicle',
  result: 'released',
  rural: false,
  plate: `浙G${n++}`,
  processing_ms,
  parcels: 10,
});

beforeAll(async () => {
  ({ app, close } = await startTestApp());
  const events = [
    ...Array.from({ length: 30 }, (_, i) => scan('G1', 'L1', 'in', i < 27 ? 4000 : 15_000)),
    ...Array.from({ length: 15 }, () => scan('G1', 'L2', 'out', 5000)),
    scan('G2', 'L1', 'in', 4000, 40 * 60_000), // outside the window
  ];
  expect((await app.request('/api/events', { method: 'POST', body: JSON.stringify(events) })).status).toBe(
    204,
  );
});
afterAll(() => close());

describe('GET /api/kpis/lanes', () => {
  it('gives each active lane its flow per minute and SLA share over 15 min', async () => {
    const res = await app.request('/api/kpis/lanes?site=yiwu-customs');
    expect(res.status).toBe(200);
    const body = laneFlowsResponseSchema.parse(await res.json());
    expect(body.windowMinutes).toBe(15);
    expect(body.lanes).toEqual([
      { gate: 'G1', lane: 'L1', inPerMin: 2, outPerMin: 0, scans: 30, slaShare: 0.9 },
      { gate: 'G1', lane: 'L2', inPerMin: 0, outPerMin: 1, scans: 15, slaShare: 1 },
    ]);
    expect((await app.request('/api/kpis/lanes?site=nowhere')).status).toBe(404);
  });
});
