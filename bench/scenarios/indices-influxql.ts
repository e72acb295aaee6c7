// The index methodology's raw sums computed by InfluxQL over raw points in influxd (daily GROUP BY in the
// sites' time zone, months added up here, since InfluxQL has no calendar month), for the comparison with
// portpulse's rollups. All bench sites use Asia/Shanghai (UTC+8, no daylight saving).
import type { Influxd } from '../../server/testing/influxd';
import { DAY_MS, type MonthKey, monthDays, monthOfDay } from '../../shared/indices/calendar';
import { emptySums, type RawSumKey, type RawSums } from '../../shared/indices/raw-sums';

const UTC_OFFSET_MS = 8 * 3_600_000;
const VEHICLE = `"subject"='vehicle'`;
const RELEASED = `"result"='released'`;

/** Each statement fills raw-sum keys from its columns, in order (sum/count columns after `time`). */
const statements: { select: string; where: string; keys: RawSumKey[]; bySite?: boolean }[] = [
  {
    select: 'sum("parcels"), count("parcels") FROM "gate_scan"',
    where: `${VEHICLE} AND ${RELEASED}`,
    keys: ['parcels', 'volumeEvents'],
  },
  {
    select: 'sum("parcels"), count("parcels") FROM "gate_scan"',
    where: `${VEHICLE} AND ${RELEASED} AND "rural"='true'`,
    keys: ['ruralParcels', 'ruralEvents'],
  },
  {
    select: 'sum("parcels"), count("parcels") FROM "flight_departure"',
    where: 'true',
    keys: ['parcels', 'volumeEvents'],
  },
  { select: 'count("aobt") FROM "flight_departure"', where: 'true', keys: ['departures'] },
  {
    select: 'count("aobt") FROM "flight_departure"',
    where: '"aobt" - "sobt" < 900000',
    keys: ['onTimeDepartures'],
  },
  {
    select: 'count(distinct("badge")) FROM "gate_scan"',
    where: `"subject"='staff' AND ${RELEASED} AND "direction"='in'`,
    keys: ['staffBadgeDays'],
    bySite: true,
  },
  {
    select: 'sum("net_kg"), sum("rated_payload_kg"), count("net_kg") FROM "weighbridge"',
    where: '"stable" = true',
    keys: ['netKg', 'ratedKg', 'stableWeighings'],
  },
  { select: 'count("processing_ms") FROM "gate_scan"', where: VEHICLE, keys: ['vehicleScans'] },
  {
    select: 'count("processing_ms") FROM "gate_scan"',
    where: `${VEHICLE} AND "processing_ms" <= 10000`,
    keys: ['vehicleScansWithinSla'],
  },
];

/** Raw sums per month for every month in [from, to], all sites, by one multi-statement InfluxQL request. */
export async function influxMonthSums(
  influx: Influxd,
  db: string,
  from: MonthKey,
  to: MonthKey,
): Promise<Map<MonthKey, RawSums>> {
  const start = monthDays(from)[0] * DAY_MS - UTC_OFFSET_MS;
  const end = monthDays(to)[1] * DAY_MS - UTC_OFFSET_MS;
  const range = `time >= ${start}ms AND time < ${end}ms`;
  const q = statements
    .map(
      (s) =>
        `SELECT ${s.select} WHERE ${s.where === 'true' ? '' : `${s.where} AND `}${range} GROUP BY time(1d)${s.bySite ? ', "site"' : ''} tz('Asia/Shanghai')`,
    )
    .join('; ');
  const result = await influx.query(q, db);
  const months = new Map<MonthKey, RawSums>();
  result.results.forEach((r, i) => {
    const keys = statements[i]!.keys;
    for (const series of r.series ?? []) {
      for (const row of series.values) {
        const month = monthOfDay(Math.floor(((row[0] as number) + UTC_OFFSET_MS) / DAY_MS));
        const sums = months.get(month) ?? emptySums();
        months.set(month, sums);
        keys.forEach((k, c) => {
          sums[k] += (row[c + 1] as number | null) ?? 0;
        });
      }
    }
  });
  return months;
}
