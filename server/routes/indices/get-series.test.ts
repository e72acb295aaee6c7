// GET /api/indices/series: rows equal to the single-month answers, fixed base, CSV for Excel (BOM, header,
// attachment, Chinese site names), and a clear 400 for each bad parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicesResponseSchema, seriesResponseSchema } from '../../../shared/indices/api';
import { addMonths } from '../../../shared/indices/calendar';
import { type IndexFixture, indexFixture } from './testing/index-fixture';

let f: IndexFixture;
beforeAll(async () => {
  f = await indexFixture();
});
afterAll(() => f.close());

const series = async (query: string) => {
  const res = await f.get(`/api/indices/series?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return seriesResponseSchema.parse(await res.json());
};

describe('GET /api/indices/series', () => {
  it('gives one row per month, each as GET /api/indices answers it', async () => {
    const from = addMonths(f.currentMonth, -23);
    const r = await series(`from=${from}&to=${f.currentMonth}&region=west`);
    expect(r.rows.map((x) => x.month)).toHaveLength(24);
    expect(r.rows[0]!.month).toBe(from);
    expect(r.scope.kind).toBe('region');
    expect(r.base).toEqual({ mode: 'yoy', month: null });
    expect(r.rows.at(-1)!.partial).toBe(true);
    for (const row of [r.rows[0]!, r.rows[13]!, r.rows[23]!]) {
      const single = indicesResponseSchema.parse(
        await (await f.get(`/api/indices?month=${row.month}&region=west`)).json(),
      );
      expect(row).toEqual({
        month: single.month,
        base: single.base,
        partial: single.partial,
        indices: single.indices,
      });
    }
  });

  it("weights every row's composite as asked", async () => {
    const from = addMonths(f.currentMonth, -3);
    const r = await series(`from=${from}&to=${addMonths(f.currentMonth, -1)}&weights=volume:1,load_rate:3`);
    for (const row of r.rows) {
      const expected = (row.indices.volume.value! + 3 * row.indices.load_rate.value!) / 4;
      expect(row.indices.composite.value).toBeCloseTo(expected, 9);
    }
  });

  it('keeps one fixed base for every row', async () => {
    const base = addMonths(f.currentMonth, -12);
    const r = await series(
      `from=${addMonths(f.currentMonth, -5)}&to=${addMonths(f.currentMonth, -1)}&base=${base}`,
    );
    expect(r.base).toEqual({ mode: 'fixed', month: base });
    for (const row of r.rows) expect(row.base).toEqual({ mode: 'fixed', month: base });
  });

  it('returns CSV that Excel opens: BOM, header row, attachment, Chinese names, same numbers as JSON', async () => {
    const from = addMonths(f.currentMonth, -3);
    const query = `from=${from}&to=${f.currentMonth}&site=hgh-xiasha`;
    const res = await f.get(`/api/indices/series?${query}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe(
      `attachment; filename="portpulse-indices-hgh-xiasha-${from}-to-${f.currentMonth}.csv"`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 7)).toEqual([
      'month',
      'scope',
      'base_month',
      'partial',
      'volume',
      'volume_change',
      'volume_metric',
    ]);
    expect(header.at(-1)).toBe('notes');
    expect(lines).toHaveLength(1 + 4 + 1);
    const json = await series(query);
    const last = lines[4]!.split(',');
    expect(last[0]).toBe(f.currentMonth);
    expect(last[1]).toBe('Hangzhou Xiasha Cross-border Park · 杭州下沙跨境电商园');
    expect(last[3]).toBe('true');
    expect(Number(last[header.indexOf('composite')])).toBe(json.rows[3]!.indices.composite.value);
    expect(last.at(-1)).toMatch(/flight_punctuality: no data in .*: no flight departures/);
  });
});

describe('GET /api/indices/series: bad parameters', () => {
  const cases: [string, RegExp][] = [
    ['to=2025-07', /from is required/],
    ['from=2025-07', /to is required/],
    ['from=2025-13&to=2025-06', /from must be a month as YYYY-MM/],
    ['from=2025-07&to=2025-01', /to \(2025-01\) is before from \(2025-07\)/],
    ['from=2010-01&to=2020-12', /132 months asked; a series covers at most 120/],
    ['from=2999-01&to=2999-02', /to 2999-02 has not started yet/],
    ['from=0000-01&to=0000-12', /from 0000-01 is before 2000-01: events are accepted from 2000-01-01 on/],
    ['from=0001-01&to=2000-03', /from 0001-01 is before 2000-01/],
    ['from=2025-01&to=2025-06&format=xlsx', /format must be json or csv/],
    ['from=2025-01&to=2025-06&region=east&site=hgh-xiasha', /not both/],
    ['from=2025-01&to=2025-06&site=nowhere', /unknown site/],
    ['from=2025-01&to=2025-06&site=', /site must not be empty/],
    ['from=2025-01&to=2025-06&weights=volume:-1', /weights/],
  ];
  for (const [query, message] of cases) {
    it(`400 for "${query}"`, async () => {
      const res = await f.get(`/api/indices/series?${query}`);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(message);
    });
  }
});
