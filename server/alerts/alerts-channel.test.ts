// The `alerts/<site>` live channel through the real hub and GET /api/alerts: a snapshot on subscribe, one
// append when an alert is raised, nothing while it lasts, one append when it clears.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { createApp } from '../app';
import type { LiveSocket } from '../live/live-client';
import type { ServerParts } from '../start-server';
import { startTestApp } from '../testing/test-app';

let parts: ServerParts;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ parts, close } = await startTestApp({ PORTPULSE_ALERT_HOLD_MIN: '1' }));
});
afterEach(() => close());

const weighing = (plate: string, gross: number) => ({
  measurement: 'weighbridge',
  time: Date.now() - 500,
  site: 'yiwu-customs',
  bridge: 'wb-1',
  direction: 'in',
  plate,
  axles: 2,
  gross_kg: gross,
  tare_kg: 8000,
  net_kg: gross - 8000,
  rated_payload_kg: 10_000,
  stable: true,
});

describe('alerts channel', () => {
  it('snapshots on subscribe and appends raise and clear once each', async () => {
    const sent: ServerMessage[] = [];
    const socket: LiveSocket = {
      send: (d) => sent.push(serverMessageSchema.parse(JSON.parse(d))),
      bufferedAmount: () => 0,
      close: () => {},
    };
    const client = parts.hub.connect(socket);
    parts.hub.message(client, JSON.stringify({ type: 'subscribe', channels: ['alerts/yiwu-customs'] }));
    expect(sent.at(-1)).toMatchObject({ type: 'snapshot', kind: 'alerts', active: [], recent: [] });

    const app = createApp(parts.deps);
    const post = (events: unknown[]) =>
      app.request('/api/events', { method: 'POST', body: JSON.stringify(events) });
    expect((await post([weighing('<b>浙G88888</b>', 21_000)])).status).toBe(204);
    const appends = () => sent.filter((m) => m.type === 'append' && m.kind === 'alerts');
    for (let i = 0; i < 3; i++) parts.hub.tick();
    expect(appends()).toMatchObject([
      { alerts: [{ kind: 'overweight', plate: '<b>浙G88888</b>', grossKg: 21_000, limitKg: 18_000 }] },
    ]);
    const api = await (await app.request('/api/alerts?site=yiwu-customs')).json();
    expect(api.active).toMatchObject([{ kind: 'overweight', plate: '<b>浙G88888</b>', clearedAt: null }]);

    expect((await post([weighing('<b>浙G88888</b>', 15_000)])).status).toBe(204);
    parts.hub.tick();
    expect(appends()).toHaveLength(2);
    expect(appends()[1]).toMatchObject({ alerts: [{ kind: 'overweight', clearedAt: expect.any(Number) }] });
    expect((await app.request('/api/alerts?site=nowhere')).status).toBe(404);
  });
});
