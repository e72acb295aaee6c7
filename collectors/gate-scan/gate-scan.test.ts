// The gate-scan webhook over real HTTP: processing time from arrival to the release call, the bearer token,
// clear 400s for bad payloads, and the plate link that identifies a weighing on the weighbridge collector.
import { afterEach, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { gateScanSchema } from '../../shared/events/gate-scan';
import { waitFor } from '../common/testing/recording-server';
import { type FakeIndicator, startFakeIndicator } from '../weighbridge/testing/fake-indicator';
import { type Harness, startHarness, weigh } from '../weighbridge/testing/harness';
import { gateScanConfigSchema } from './config';
import { GateScanCollector } from './gate-scan';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startGate(config: Record<string, unknown> = {}) {
  const events: PortEvent[] = [];
  const parsed = gateScanConfigSchema.parse({ site: 'yiwu-customs', listen: '127.0.0.1:0', ...config });
  const gate = new GateScanCollector(parsed, { configDir: '.', log: () => {} });
  await gate.start({ write: (e) => void events.push(...e) });
  cleanups.push(() => gate.stop());
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gate.url}${path}`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { gate, events, post };
}

const read = { id: 'r1', gate: 'G1', lane: 'L1', direction: 'in', plate: '浙A·12345', parcels: 120 };

describe('gate-scan webhook (real HTTP)', () => {
  it('measures processing from the read arriving to the release call', async () => {
    const { events, post } = await startGate();
    const sentRead = Date.now();
    expect((await post('/scans', read)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    const res = await post('/decisions', { id: 'r1', result: 'released' });
    const released = Date.now();
    expect(await res.json()).toEqual({ accepted: 1, unmatched: 0 });
    await waitFor(() => events.length === 1, 'the event');
    const e = gateScanSchema.parse(events[0]);
    // The plate in its canonical spelling (浙A·12345 → 浙A12345), with its GA 36 type.
    expect(e).toMatchObject({
      plate: '浙A12345',
      plate_type: 'ordinary',
      result: 'released',
      subject: 'vehicle',
      parcels: 120,
    });
    // At least the 300 ms between the calls, at most the time from sending the read to the release's answer
    // (however slow a loaded machine made them).
    expect(e.processing_ms).toBeGreaterThanOrEqual(290);
    expect(e.processing_ms).toBeLessThanOrEqual(released - sentRead + 5);
  });

  it('requires the bearer token when one is configured', async () => {
    const { post } = await startGate({ token: 'gate-secret-1' });
    expect((await post('/scans', read)).status).toBe(401);
    expect((await post('/scans', read, { authorization: 'Bearer gate-secret-1' })).status).toBe(202);
  });

  it('answers 400 naming the item and field, and 404 for unknown paths', async () => {
    const { post, events } = await startGate();
    const bad = await post('/scans', [read, { ...read, id: 'r2', direction: 'sideways' }]);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^item 2: direction: /),
    });
    expect((await post('/scans', '{not json')).status).toBe(400);
    expect((await post('/scans', { ...read, id: 'r3', gate: undefined, device: 'cam-x' })).status).toBe(400);
    expect((await post('/elsewhere', read)).status).toBe(404);
    expect(events).toEqual([]);
  });

  it('takes the corrected retry of a rejected read with the same id', async () => {
    const { events, post } = await startGate();
    const bad = {
      ...read,
      id: 'r7',
      subject: 'vehicle',
      plate: undefined,
      badge: 'YIWU-7',
      result: 'released',
    };
    const rejected = await post('/scans', bad);
    expect(rejected.status).toBe(400);
    expect((await rejected.json()).message).toMatch(/plate is required when subject=vehicle/);
    expect((await post('/scans', { ...bad, plate: '浙A·77777' })).status).toBe(202);
    await waitFor(() => events.length === 1, 'the event of the corrected read');
    expect(events[0]).toMatchObject({ plate: '浙A77777', result: 'released' });
    expect((await post('/scans', { ...bad, plate: '浙A·77777' })).status).toBe(202); // a true repeat
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toHaveLength(1);
  });

  it('forwards plates to the weighbridge collector, which identifies the weighing on that lane', async () => {
    const scale: FakeIndicator = await startFakeIndicator({ protocol: 'xk3190' });
    cleanups.push(() => scale.close());
    const wb: Harness = await startHarness({
      bridges: [
        {
          id: 'G1-L1',
          direction: 'in',
          protocol: 'xk3190',
          connection: scale.url,
          camera: { gate: 'G1', lane: 'L1' },
        },
      ],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '浙A·12345', axles: 6, tareKg: 16_500, ratedPayloadKg: 31_500 }],
    });
    cleanups.push(() => wb.collector.stop());
    const { gate, post } = await startGate({ forwardPlates: { url: wb.collector.plateUrl } });
    await post('/scans', { ...read, id: 'r9', result: 'released' });
    await post('/scans', { ...read, id: 'r10', lane: 'L2', plate: '浙B·00002', result: 'released' }); // no bridge
    await waitFor(() => gate.stats().platesForwarded === 2, 'the plates to be forwarded');
    await weigh(wb, scale, 40_000);
    await waitFor(() => wb.events.length === 1, 'the weighbridge event');
    // The camera's 浙A·12345 arrives as 浙A12345 and still finds the truck registered as 浙A·12345.
    expect(wb.events[0]).toMatchObject({ plate: '浙A12345', net_kg: 23_500, bridge: 'G1-L1' });
  });
});
