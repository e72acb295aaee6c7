// Builds a large event log fast, the way the server would have written it over days: a simulated day of
// events repeated back in time (oldest first), appended with EventLog.append in blocks of 5,000 and no fsync.
import { join } from 'node:path';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { EventLog } from '../../server/store/event-log';
import { retime, simulateDay } from '../data/event-mix';

const DAY = 86_400_000;
const BLOCK = 5_000;

export interface SyntheticLog {
  events: number;
  days: number;
  /** Events within the last 24 h (what the default start-up replay reads). */
  lastDay: number;
  bytes: number;
  seconds: number;
}

/** Writes `total` events spread over the days before `now`, `perDay` a day, into `<dataDir>/log`. */
export async function writeSyntheticLog(dataDir: string, total: number, perDay: number, now: number): Promise<SyntheticLog> {
  const t0 = performance.now();
  const day = simulateDay(perDay, now);
  const days = Math.ceil(total / day.length);
  const log = await EventLog.open({ dir: join(dataDir, 'log'), segmentBytes: 64 * 1024 * 1024, fsync: false });
  let written = 0;
  try {
    for (let k = days - 1; k >= 0; k--) {
      // The oldest day is partial: its latest events, so the log ends exactly at `total`.
      const events = k === days - 1 ? day.slice(day.length - (total - (days - 1) * day.length)) : day;
      for (let i = 0; i < events.length; i += BLOCK) {
        const points = events.slice(i, i + BLOCK).map((e) => pointFromEvent(retime(e, e.time - k * DAY)));
        await log.append(points);
        written += points.length;
      }
    }
  } finally {
    await log.close();
  }
  return { events: written, days, lastDay: day.length, bytes: log.sizeBytes, seconds: (performance.now() - t0) / 1000 };
}
