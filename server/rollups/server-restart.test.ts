// Restarting the server (close, then createServerParts on the same data dir) answers exactly as before and
// replays only the log written after the saved rollups, not the whole log.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addMonths } from '../../shared/indices/calendar';
import { localMonth } from '../../shared/indices/time-zone';
import { createApp } from '../app';
import { silentLogger } from '../logger';
import { postEvents } from '../routes/indices/testing/index-fixture';
import { createServerParts, type ServerParts } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';
import { syntheticEvents } from './testing/synthetic-events';

let dir: ReturnType<typeof tempDir>;
let parts: ServerParts;
/** The rollups of the "crashed" server, closed only at the end (its timer must not outlive the temp dir). */
let crashed: ServerParts['rollups'] | undefined;
let crashedIdentity: ServerParts['identity'] | undefined;
let crashedTypes: ServerParts['fieldTypes'] | undefined;
const start = async () => {
  parts = await createServerParts(testConfig(dir.path), silentLogger);
  return createApp(parts.deps);
};
const now = Date.now();
const current = localMonth(now, 'Asia/Shanghai');
const queries = [
  `/api/indices/series?from=${addMonths(current, -23)}&to=${current}`,
  `/api/indices/series?from=${addMonths(current, -23)}&to=${current}&region=east&base=${addMonths(current, -18)}`,
  `/api/indices?month=${addMonths(current, -1)}&site=wuh-tianhe`,
  '/api/kpis/rolling?window=24h',
];
/**
 * The answers at one fixed instant: the rolling window and the partial month follow the clock, so a restart
 * that crosses a minute boundary on a loaded machine would otherwise compare two different windows.
 */
const answers = async (app: ReturnType<typeof createApp>) => {
  vi.useFakeTimers({ toFake: ['Date'], now });
  try {
    return await Promise.all(queries.map(async (q) => (await app.request(q)).text()));
  } finally {
    vi.useRealTimers();
  }
};

beforeAll(() => {
  dir = tempDir();
});
afterAll(async () => {
  await crashed?.close();
  await crashedIdentity?.close();
  await crashedTypes?.close();
  await parts.rollups.close();
  await parts.identity.close();
  await parts.fieldTypes.close();
  await parts.log.close();
  dir.remove();
});

describe('server restart', () => {
  it('gives identical answers after a clean restart, replaying nothing', async () => {
    let app = await start();
    const events = syntheticEvents({
      seed: 3,
      sites: parts.deps.sites,
      fromMs: now - 2 * 365 * 86_400_000,
      toMs: now - 1000,
      meanGapMinutes: 480,
    });
    await postEvents(app, events);
    const before = await answers(app);
    await parts.rollups.close();
    await parts.identity.close();
    await parts.fieldTypes.close();
    await parts.log.close();

    app = await start();
    expect(parts.rollups.replayedAtOpen).toBe(0);
    expect(parts.rollups.appliedSeq).toBe(parts.log.lastSeq());
    expect(await answers(app)).toEqual(before);
  });

  it('after a crash, replays only the events written since the last save', async () => {
    let app = createApp(parts.deps);
    const late = syntheticEvents({
      seed: 4,
      sites: parts.deps.sites,
      fromMs: now - 3600_000,
      toMs: now,
      meanGapMinutes: 30,
    });
    await postEvents(app, late);
    const before = await answers(app);
    await parts.log.close(); // no rollups.close(): the file still holds the previous checkpoint
    crashed = parts.rollups;
    crashedIdentity = parts.identity;
    crashedTypes = parts.fieldTypes;

    app = await start();
    expect(parts.rollups.replayedAtOpen).toBe(late.length);
    expect(await answers(app)).toEqual(before);
  });
});
