// A server (real parts, temp data dir, default registry) holding two years of synthetic events written
// through POST /api/events, with one missing month at hrb-harbin; for the index API tests.
import type { Hono } from 'hono';
import type { PortEvent } from '../../../../shared/events/event';
import { addMonths, type MonthKey } from '../../../../shared/indices/calendar';
import { localMonth, monthRangeMs } from '../../../../shared/indices/time-zone';
import { createApp } from '../../../app';
import { silentLogger } from '../../../logger';
import { BruteForce } from '../../../rollups/testing/brute-force';
import { syntheticEvents } from '../../../rollups/testing/synthetic-events';
import { createServerParts, type ServerParts } from '../../../start-server';
import { tempDir, testConfig } from '../../../testing/test-config';

export interface IndexFixture {
  app: Hono;
  parts: ServerParts;
  events: PortEvent[];
  /** The current month in Shanghai when the data was written. */
  currentMonth: MonthKey;
  /** The month hrb-harbin sent nothing (14 months ago). */
  missingMonth: MonthKey;
  reference(): BruteForce;
  get(path: string): Promise<Response>;
  close(): Promise<void>;
}

export async function postEvents(app: Hono, events: readonly PortEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) {
    const res = await app.request('/api/events', {
      method: 'POST',
      body: JSON.stringify(events.slice(i, i + 5000)),
    });
    if (res.status !== 204) throw new Error(`POST /api/events: ${res.status} ${await res.text()}`);
  }
}

export async function indexFixture(meanGapMinutes = 360): Promise<IndexFixture> {
  const dir = tempDir();
  const parts = await createServerParts(testConfig(dir.path), silentLogger);
  const app = createApp(parts.deps);
  const now = Date.now();
  const currentMonth = localMonth(now, 'Asia/Shanghai');
  const missingMonth = addMonths(currentMonth, -14);
  const [gapFrom, gapTo] = monthRangeMs(missingMonth, 'Asia/Shanghai');
  const events = syntheticEvents({
    seed: 42,
    sites: parts.deps.sites,
    fromMs: now - 2 * 365 * 86_400_000,
    toMs: now - 1000,
    meanGapMinutes,
    gaps: [{ site: 'hrb-harbin', fromMs: gapFrom, toMs: gapTo }],
  });
  await postEvents(app, events);
  const timeZoneOf = (id: string) => parts.deps.sites.find((s) => s.id === id)!.timezone;
  return {
    app,
    parts,
    events,
    currentMonth,
    missingMonth,
    reference: () => new BruteForce(events, timeZoneOf, Date.now()),
    get: (path) => Promise.resolve(app.request(path)),
    async close() {
      await parts.rollups.close();
      await parts.identity.close();
      await parts.fieldTypes.close();
      await parts.log.close();
      dir.remove();
    },
  };
}
