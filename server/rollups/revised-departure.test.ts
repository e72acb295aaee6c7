// A departure corrected after it was reported (the flights collector's revision: the new AOBT and parcels,
// with the AOBT and parcels it replaces) goes through the real write path: stored as a distinct event, an exact
// repeat of either version stored once, and the indices, rolling KPIs and live KPIs count the departure once,
// as revised — not twice, and not as first reported.
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicesResponseSchema, rollingResponseSchema } from '../../shared/indices/api';
import { localMonth } from '../../shared/indices/time-zone';
import type { ServerParts } from '../start-server';
import { startTestApp } from '../testing/test-app';

const MIN = 60_000;
let parts: ServerParts;
let close: () => Promise<void>;
let app: Hono;
const now = Date.now();
// CK221 scheduled 3 h ago, first reported off-block 20 min late (1000 parcels); corrected to 6 min late with
// its cargo load (1200 parcels). CZ9599 left on time with 500 parcels.
const sobt = Math.floor((now - 3 * 60 * MIN) / 1000) * 1000;
const firstAobt = sobt + 20 * MIN;
const revisedAobt = sobt + 6 * MIN;
const tags = 'flight_departure,site=can-baiyun,airport=CAN,carrier=CK,destination=FRA';
const original = `${tags} flight_no="CK221",sobt=${sobt}i,aobt=${firstAobt}i,cargo_kg=0,capacity_kg=102000,parcels=1000i ${firstAobt}`;
const revision = `${tags} flight_no="CK221",sobt=${sobt}i,aobt=${revisedAobt}i,cargo_kg=91840,capacity_kg=102000,parcels=1200i,revises_aobt=${firstAobt}i,revises_parcels=1000i ${revisedAobt}`;
const other = `flight_departure,site=can-baiyun,airport=CAN,carrier=CZ,destination=ANC flight_no="CZ9599",sobt=${sobt + 30 * MIN}i,aobt=${sobt + 32 * MIN}i,cargo_kg=80870,capacity_kg=102000,parcels=500i ${sobt + 32 * MIN}`;

async function write(lines: string[]) {
  const res = await app.request('/write?db=portpulse&precision=ms', {
    method: 'POST',
    body: lines.join('\n'),
  });
  expect(res.status, await res.clone().text()).toBe(204);
}

beforeAll(async () => {
  ({ parts, app, close } = await startTestApp());
  await write([original, other]);
  await write([original]); // a retry of the first version
  await write([revision]);
  await write([revision]); // a retry of the revision
});
afterAll(() => close());

describe('a revised departure', () => {
  it('is stored once per version: both versions kept, each retry recognised', () => {
    expect(parts.ingest.counters).toMatchObject({ accepted: 5, duplicates: 2 });
  });

  it('counts once, as revised, in the monthly indices', async () => {
    const month = localMonth(revisedAobt, 'Asia/Shanghai');
    const res = await app.request(`/api/indices?month=${month}&site=can-baiyun`);
    const r = indicesResponseSchema.parse(await res.json());
    // Both departures on time (CK221 as revised), not 2 of 3 nor 1 of 2.
    expect(r.indices.flight_punctuality.metric).toBe(1);
    expect(parts.rollups.monthSums(['can-baiyun'], month)).toMatchObject({
      departures: 2,
      onTimeDepartures: 2,
      parcels: 1700, // 1200 + 500, not + 1000
      volumeEvents: 2,
    });
  });

  it('counts once, as revised, in the rolling window and the live KPIs', async () => {
    const res = await app.request('/api/kpis/rolling?window=24h&site=can-baiyun');
    const r = rollingResponseSchema.parse(await res.json());
    expect(r.indices.flight_punctuality.metric).toBe(1);
    const row = parts.deps.kpis.site('can-baiyun').row(now);
    expect(row).toMatchObject({ departures_24h: 2, on_time_share_24h: 1 });
  });
});
