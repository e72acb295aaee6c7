// Reads the portpulse measurements already stored in InfluxDB (by portpulse or by anyone else, e.g. Telegraf
// writing straight to it) back as typed events, in time chunks, oldest first. Rows become line-protocol points
// with the field types InfluxDB reports, then pass through the same point → event conversion as ingest, so a
// row that does not fit the event schema is counted and reported, never guessed at.
import type { PortEvent } from '../../shared/events/event';
import { measurements } from '../../shared/events/event';
import { eventFromPoint } from '../../shared/events/point-conversion';
import type { FieldValue, Point } from '../../shared/line-protocol/types';
import type { Logger } from '../logger';
import {
  type InfluxFieldType,
  type InfluxqlReader,
  type InfluxqlSeries,
  quoteIdent,
} from './influxql-reader';

export interface HistoryEvent {
  point: Point;
  event: PortEvent;
}

export interface HistoryOptions {
  reader: InfluxqlReader;
  /** Length of the time range of one query. */
  chunkMs: number;
  logger: Logger;
  /** Called for each batch of events (at most one streamed chunk of rows). */
  onEvents(batch: HistoryEvent[]): void;
  /** Stops between queries when it returns true (server shutting down). */
  stopped?: () => boolean;
  /** Progress report for /ready. */
  onProgress?: (p: HistoryProgress) => void;
  /** How often progress is logged. */
  logEveryMs?: number;
}

export interface HistoryProgress {
  measurement: string;
  /** Events read so far, all measurements. */
  events: number;
  skipped: number;
  /** Share of the current measurement's time span done, 0–1. */
  done: number;
  /** Epoch ms the current measurement has been read up to. */
  throughMs: number;
}

export interface HistoryResult {
  events: number;
  /** Rows that are not valid portpulse events (schema mismatch); the first reason is logged. */
  skipped: number;
  stopped: boolean;
}

/** One InfluxQL row as a point: tags from the series (empty values are tags the row lacks), typed fields. */
export function pointFromRow(
  series: InfluxqlSeries,
  row: unknown[],
  types: Map<string, InfluxFieldType>,
): Point | string {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(series.tags ?? {})) if (v !== '') tags[k] = v;
  const fields: Record<string, FieldValue> = {};
  let time: unknown;
  for (let i = 0; i < series.columns.length; i++) {
    const key = series.columns[i]!;
    const v = row[i];
    if (key === 'time') {
      time = v;
      continue;
    }
    if (v === null || v === undefined) continue;
    const f = fieldValue(types.get(key), v);
    if (f === undefined) return `field ${key}: value ${JSON.stringify(v)} does not match its InfluxDB type`;
    fields[key] = f;
  }
  if (typeof time !== 'number' || !Number.isInteger(time)) return 'row without a time';
  return { measurement: series.name, tags, fields, timestamp: BigInt(time) * 1_000_000n };
}

function fieldValue(type: InfluxFieldType | undefined, v: unknown): FieldValue | undefined {
  switch (type) {
    case 'integer':
    case 'unsigned':
      return typeof v === 'number' && Number.isInteger(v) ? { kind: type, value: BigInt(v) } : undefined;
    case 'float':
      return typeof v === 'number' ? { kind: 'float', value: v } : undefined;
    case 'string':
      return typeof v === 'string' ? { kind: 'string', value: v } : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? { kind: 'boolean', value: v } : undefined;
    default:
      return undefined;
  }
}

/** Reads every portpulse measurement from InfluxDB, chunk by chunk, oldest first. */
export async function readInfluxHistory(opts: HistoryOptions): Promise<HistoryResult> {
  const { reader, chunkMs, logger } = opts;
  const logEvery = opts.logEveryMs ?? 5000;
  let events = 0;
  let skipped = 0;
  let firstSkip: string | undefined;
  let loggedAt = performance.now();
  for (const measurement of measurements) {
    const bounds = await reader.timeBounds(measurement);
    if (!bounds) continue;
    const types = await reader.fieldTypes(measurement);
    const span = Math.max(1, bounds.last + 1 - bounds.first);
    logger('info', 'backfill: reading InfluxDB history', {
      measurement,
      from: new Date(bounds.first).toISOString(),
      to: new Date(bounds.last).toISOString(),
    });
    for (let from = bounds.first; from <= bounds.last; from += chunkMs) {
      if (opts.stopped?.()) return { events, skipped, stopped: true };
      const to = Math.min(from + chunkMs, bounds.last + 1);
      const q = `SELECT * FROM ${quoteIdent(measurement)} WHERE time >= ${from}ms AND time < ${to}ms GROUP BY *`;
      for await (const series of reader.select(q)) {
        const batch: HistoryEvent[] = [];
        for (const row of series.values) {
          const point = pointFromRow(series, row, types);
          const r = typeof point === 'string' ? undefined : eventFromPoint(point, 0);
          if (r?.ok) batch.push({ point: point as Point, event: r.event });
          else {
            skipped++;
            firstSkip ??= `${measurement}: ${typeof point === 'string' ? point : r?.ok === false ? r.issue.reason : ''}`;
          }
        }
        events += batch.length;
        if (batch.length > 0) opts.onEvents(batch);
      }
      const progress = { measurement, events, skipped, done: (to - bounds.first) / span, throughMs: to };
      opts.onProgress?.(progress);
      if (performance.now() - loggedAt >= logEvery) {
        loggedAt = performance.now();
        logger('info', 'backfill: progress', {
          measurement,
          through: new Date(to).toISOString(),
          percent: Math.round(progress.done * 1000) / 10,
          events,
          skipped,
        });
      }
    }
  }
  if (skipped > 0)
    logger('warn', 'backfill: rows in InfluxDB that are not valid portpulse events were left out', {
      skipped,
      first: firstSkip,
    });
  return { events, skipped, stopped: false };
}
