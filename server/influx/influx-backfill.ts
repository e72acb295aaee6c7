// Backfill on start: when the server starts against an InfluxDB that already holds history (its own, shipped
// earlier, or written there by others, e.g. Telegraf), the index rollups are rebuilt from that history and the
// recent part feeds the live KPIs, so the dashboard and the indices show it. It runs in the background after
// the server listens (ingest and the API carry on, served from the log's rollups until the swap); shipping
// waits until it is done, because the rebuild counts "InfluxDB + the log after the shipped cursor".
import { HttpError } from '@influxdata/influxdb-client';
import { backoffDelay } from '../../shared/backoff';
import type { Point } from '../../shared/line-protocol/types';
import type { Logger } from '../logger';
import type { RollupStore } from '../rollups/rollup-store';
import { type HistoryEvent, readInfluxHistory } from './influx-history';
import type { InfluxqlReader } from './influxql-reader';

export type BackfillMode = 'auto' | 'always' | 'off';

export interface BackfillStatus {
  state: 'waiting' | 'running' | 'done' | 'not needed' | 'failed' | 'stopped';
  detail: string;
}

/** Where history inside the live window goes (the last PORTPULSE_REPLAY_HOURS). */
export interface LiveHistorySink {
  fromMs: number;
  /** True for a point the start-up log replay already fed (portpulse's own, shipped earlier). */
  knows(point: Point): boolean;
  onHistory(batch: HistoryEvent[]): void;
}

export interface InfluxBackfillOptions {
  reader: InfluxqlReader;
  destination: string;
  mode: BackfillMode;
  chunkHours: number;
  rollups: RollupStore;
  /** The shipper's durable cursor: InfluxDB holds every log event up to it. */
  shippedSeq(): number;
  live?: LiveHistorySink;
  logger: Logger;
  maxBackoffMs?: number;
}

/** A network error or an overloaded/unavailable InfluxDB is worth waiting for; anything else is not. */
function transient(e: unknown): boolean {
  if (e instanceof HttpError) return e.statusCode >= 500 || e.statusCode === 429 || e.statusCode === 408;
  return !(e instanceof Error && e.message.startsWith('InfluxQL'));
}

export class InfluxBackfill {
  status: BackfillStatus = { state: 'waiting', detail: 'not started' };
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: InfluxBackfillOptions) {}

  /** auto: once per destination (the rollups remember which InfluxDB they were rebuilt from). */
  needed(): boolean {
    const { mode, rollups, destination } = this.opts;
    if (mode === 'off') return false;
    return mode === 'always' || rollups.backfill?.destination !== destination;
  }

  stop(): void {
    this.stopping = true;
    this.wake?.();
  }

  /** Runs until done, failed for good, or stopped; retries while InfluxDB is unreachable. Never throws. */
  async run(): Promise<void> {
    const { logger, destination } = this.opts;
    if (!this.needed()) {
      const mark = this.opts.rollups.backfill;
      this.status = {
        state: 'not needed',
        detail:
          this.opts.mode === 'off'
            ? 'PORTPULSE_INFLUX_BACKFILL=off'
            : `rebuilt from ${destination} on ${mark?.at ?? '?'}; PORTPULSE_INFLUX_BACKFILL=always repeats it`,
      };
      return;
    }
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.once();
        return;
      } catch (e) {
        const message = (e as Error).message ?? String(e);
        if (/database not found/i.test(message)) {
          this.status = { state: 'not needed', detail: `${destination} holds no database yet` };
          logger('info', 'backfill: the InfluxDB database does not exist yet; nothing to rebuild', {
            destination,
          });
          return;
        }
        if (!transient(e)) {
          this.status = { state: 'failed', detail: message };
          logger('error', 'backfill from InfluxDB failed; the rollups stay as built from the local log', {
            destination,
            error: message,
            hint: 'fix the cause and restart, or set PORTPULSE_INFLUX_BACKFILL=off',
          });
          return;
        }
        const delay = backoffDelay(attempt, {
          minMs: 500,
          maxMs: this.opts.maxBackoffMs ?? 30_000,
          factor: [1, 1],
        });
        this.status = { state: 'waiting', detail: `InfluxDB unreachable (${message}); retry in ${delay} ms` };
        logger('warn', 'backfill: InfluxDB unreachable; will retry (shipping waits for the backfill)', {
          destination,
          error: message,
          attempt,
          retryInMs: delay,
        });
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
    this.status = { state: 'stopped', detail: 'server shutting down' };
  }

  private async once(): Promise<void> {
    const { reader, rollups, destination, logger, live } = this.opts;
    const t0 = performance.now();
    const throughSeq = this.opts.shippedSeq();
    this.status = { state: 'running', detail: 'starting' };
    logger('info', 'backfill: rebuilding rollups from InfluxDB history', { destination, throughSeq });
    let liveEvents = 0;
    let stopped = false;
    let read = 0;
    const { replayedFromLog } = await rollups
      .rebuild({ destination, throughSeq, at: new Date().toISOString() }, async (add) => {
        const r = await readInfluxHistory({
          reader,
          chunkMs: this.opts.chunkHours * 3_600_000,
          logger,
          stopped: () => this.stopping,
          onProgress: (p) => {
            this.status = {
              state: 'running',
              detail: `${p.measurement} through ${new Date(p.throughMs).toISOString()} (${Math.round(p.done * 100)} %), ${p.events} events`,
            };
          },
          onEvents: (batch) => {
            for (const { event } of batch) add(event);
            if (!live) return;
            const fresh = batch.filter((h) => h.event.time >= live.fromMs && !live.knows(h.point));
            liveEvents += fresh.length;
            if (fresh.length > 0) live.onHistory(fresh);
          },
        });
        stopped = r.stopped;
        read = r.events;
        if (stopped) throw new StoppedError();
      })
      .catch((e: unknown) => {
        if (e instanceof StoppedError) return { replayedFromLog: 0 };
        throw e;
      });
    if (stopped) {
      this.status = { state: 'stopped', detail: 'server shutting down; runs again at the next start' };
      return;
    }
    const ms = Math.round(performance.now() - t0);
    this.status = {
      state: 'done',
      detail: `${read} events from InfluxDB, ${replayedFromLog} from the log, ${ms} ms`,
    };
    logger('info', 'backfill: done', {
      destination,
      fromInflux: read,
      fromLog: replayedFromLog,
      liveEvents,
      ms,
    });
  }
}

class StoppedError extends Error {}
