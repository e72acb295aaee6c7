// The demo's history written through a real server's ingest gives the index API every index of the last
// complete month, with a change, in the range of the CFLP release; and the progress reaches the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app';
import { silentLogger } from '../../../server/logger';
import { createServerParts } from '../../../server/start-server';
import { tempDir, testConfig } from '../../../server/testing/test-config';
import { indicesResponseSchema } from '../../../shared/indices/api';
import { addMonths } from '../../../shared/indices/calendar';
import { localMonth, monthRangeMs } from '../../../shared/indices/time-zone';
import { demoSites } from '../../common/testing/sites';
import { type HistoryProgress, writeHistory } from './write-history';

const sites = demoSites.filter((s) => s.id === 'ctu-shuangliu' || s.id === 'hrb-harbin');
const dir = tempDir();
let app: ReturnType<typeof createApp>;
let close: () => Promise<void>;
const progress: HistoryProgress[] = [];
let written = { events: 0, rejected: 0 };
const now = Date.now();
const lastMonth = addMonths(localMonth(now, 'Asia/Shanghai'), -1);

beforeAll(async () => {
  const parts = await createServerParts(testConfig(dir.path), silentLogger);
  app = createApp(parts.deps);
  close = async () => {
    await parts.rollups.close();
    await parts.identity.close();
    await parts.fieldTypes.close();
    await parts.log.close();
    dir.remove();
  };
  const [fromMs] = monthRangeMs(addMonths(lastMonth, -24), 'Asia/Shanghai');
  written = await writeHistory({
    sites,
    seed: 11,
    speed: 1,
    fromMs,
    toMs: now - 13 * 3_600_000,
    write: async (lines) => parts.deps.ingestLines(lines.join('\n'), 'ms'),
    onProgress: (p) => progress.push(p),
  });
}, 180_000);
afterAll(() => close());

async function indices(query: string) {
  const res = await app.request(`/api/indices?month=${lastMonth}&${query}`);
  expect(res.status).toBe(200);
  return indicesResponseSchema.parse(await res.json());
}

describe('simulated history through the ingest', () => {
  it('is written whole, with progress to the last day', () => {
    expect(written.rejected).toBe(0);
    expect(written.events).toBeGreaterThan(20_000);
    const last = progress.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.events).toBe(written.events);
  });

  for (const site of sites) {
    it(`gives ${site.id} every index of the last complete month with a change, in the CFLP range`, async () => {
      const body = await indices(`site=${site.id}`);
      expect(body.partial).toBe(false);
      const expected = ['volume', 'rural_volume', 'staffing', 'load_rate', 'gate_timeliness', 'composite'];
      if (site.airport) expected.push('flight_punctuality');
      for (const name of expected) {
        const index = body.indices[name as keyof typeof body.indices];
        expect(index?.value, `${name}: ${index?.reason}`).toBeTypeOf('number');
        expect(index?.change, name).toBeTypeOf('number');
        expect(index!.value!, name).toBeGreaterThan(90);
        expect(index!.value!, name).toBeLessThan(145);
      }
      // Growth year on year, the rural share growing with it.
      expect(body.indices.volume!.value!).toBeGreaterThan(105);
      expect(body.indices.rural_volume!.value!).toBeGreaterThan(body.indices.volume!.value! - 5);
    });
  }
});
