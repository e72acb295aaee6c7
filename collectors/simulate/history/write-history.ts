// Writes the simulated history of every site, day by day across all sites (oldest first), through a caller's
// write function: the demo hands it the server's own ingest (parse → validate → durable log → rollups), so the
// indices computed from it are the real ones. Batches of `batchLines`, a few in flight; progress per day.

import { localDay, localDayStartMs } from '../../../shared/indices/time-zone';
import type { Site } from '../../../shared/sites/registry';
import { eventLines } from '../../common/transport/event-lines';
import { SiteHistory } from './site-history';

export interface HistoryProgress {
  /** Days written so far and in all. */
  done: number;
  total: number;
  /** Start of the newest day written (the first site's local day). */
  dayMs: number;
  events: number;
}

export interface WriteHistoryOptions {
  sites: readonly Site[];
  seed: number;
  /** The live simulation's rate multiplier (history ends at its level). */
  speed: number;
  fromMs: number;
  toMs: number;
  /** Staff `out` scans are written from here on (default: a day before `toMs`). */
  staffOutFromMs?: number;
  /** Takes ms-precision line protocol; rejects (or resolves with a count of rejected lines) on trouble. */
  write: (lines: string[]) => Promise<{ rejected: number; firstIssue?: string }>;
  onProgress?: (p: HistoryProgress) => void;
  /** Called once per batch with rejected lines (they are not retried: they would be rejected again). */
  onRejected?: (count: number, firstIssue: string | undefined) => void;
  /**
   * Called with an instant every event before which is durable: every `checkpointDays` days and at the end (also
   * after an abort), so a caller can remember how far it got and continue there after a crash or Ctrl-C.
   */
  onCheckpoint?: (untilMs: number) => void;
  checkpointDays?: number;
  batchLines?: number;
  inFlight?: number;
  signal?: AbortSignal;
}

export async function writeHistory(
  options: WriteHistoryOptions,
): Promise<{ events: number; rejected: number; untilMs: number }> {
  const { sites, fromMs, toMs } = options;
  const batchLines = options.batchLines ?? 5000;
  const maxInFlight = options.inFlight ?? 2;
  const staffOutFromMs = options.staffOutFromMs ?? toMs - 86_400_000;
  const histories = sites.map(
    (site) =>
      new SiteHistory(site, { seed: options.seed, speed: options.speed, fromMs, toMs, staffOutFromMs }),
  );
  // Sites may sit in different time zones: walk the union of their local days.
  const firstDay = Math.min(...sites.map((s) => localDay(fromMs, s.timezone)));
  const lastDay = Math.max(...sites.map((s) => localDay(toMs - 1, s.timezone)));
  const total = Math.max(0, lastDay - firstDay + 1);
  let events = 0;
  let rejected = 0;
  let pending: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const send = async (lines: string[]) => {
    const request = options.write(lines).then(
      (r) => {
        if (r.rejected > 0) {
          rejected += r.rejected;
          options.onRejected?.(r.rejected, r.firstIssue);
        }
      },
      (e: unknown) => {
        failure ??= e;
      },
    );
    const tracked: Promise<void> = request.then(() => {
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  const checkpointDays = options.checkpointDays ?? 30;
  /** End of local `day` for every site: the earliest next midnight, so no site has events past it unwritten. */
  const dayEndMs = (day: number) => Math.min(toMs, ...sites.map((s) => localDayStartMs(day + 1, s.timezone)));
  const drain = async (untilMs: number) => {
    if (pending.length > 0) await send(pending);
    pending = [];
    await Promise.all(inFlight);
    if (failure) throw failure;
    options.onCheckpoint?.(untilMs);
  };
  let untilMs = fromMs;
  for (let day = firstDay; day <= lastDay && !options.signal?.aborted; day++) {
    for (const h of histories) {
      const dayEvents = h.day(day);
      events += dayEvents.length;
      pending.push(
        ...eventLines(dayEvents, (e, err) => {
          throw new Error(
            `history event ${e.measurement} at ${new Date(e.time).toISOString()}: ${err.message}`,
          );
        }),
      );
    }
    if (pending.length >= batchLines) {
      await send(pending);
      pending = [];
    }
    options.onProgress?.({
      done: day - firstDay + 1,
      total,
      dayMs: Date.UTC(1970, 0, 1 + day),
      events,
    });
    untilMs = Math.max(untilMs, dayEndMs(day));
    if ((day - firstDay + 1) % checkpointDays === 0) await drain(untilMs);
  }
  await drain(untilMs);
  return { events, rejected, untilMs };
}
