// Reads the departures feed once per poll: over HTTP, a whole file, or only the lines appended to a file
// since the last poll (tail; a new inode or a shorter file means rotated: read from the start). The text is parsed
// as JSON, JSON Lines, CSV or AIDX XML and mapped onto our field names; unreadable items are reported, not fatal.
// The departures feed and the cargo feed are both read here, each with its own fields.
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseCsvRecords } from '../common/devices/csv';
import { applyMapping, mapJson, resolvePointer } from '../common/devices/field-mapping';
import { type AidxOptions, readAidx } from './aidx';
import type { FlightDepartureConfig } from './config';

/** How far a tailed file was read: its inode (a new one means rotated) and the byte offset. */
export interface TailPosition {
  ino: number;
  offset: number;
}

export interface FeedBatch {
  records: Record<string, unknown>[];
  problems: string[];
  /** AIDX legs that do not depart from this airport. */
  otherLegs?: number;
  /** Tail mode: the position after this batch's complete lines. */
  tail?: TailPosition;
}

/** Reads [from, size) of a file as UTF-8. */
async function readRange(path: string, from: number, size: number): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(size - from);
    await fh.read(buf, 0, buf.length, from);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}

/** What a feed is: where it comes from, its format and how its fields map onto ours. */
export interface FeedSpec {
  source: { url?: string; headers: Record<string, string>; file?: string; tail: boolean };
  format: FlightDepartureConfig['format'];
  items: string;
  mapping: FlightDepartureConfig['mapping'];
}

export interface FeedContext {
  configDir: string;
  requestTimeoutSeconds: number;
  /** Our field names (the default mapping: each field from the item's key or column of that name). */
  fields: readonly string[];
  aidx: AidxOptions;
}

export async function readFeed(c: FeedSpec, ctx: FeedContext, tail: TailPosition): Promise<FeedBatch> {
  if (c.source.url) {
    const res = await fetch(c.source.url, {
      headers: c.source.headers,
      signal: AbortSignal.timeout(ctx.requestTimeoutSeconds * 1000),
    });
    if (!res.ok)
      throw new Error(`HTTP ${res.status} from ${c.source.url}: ${(await res.text()).slice(0, 200)}`);
    return parseFeed(c, ctx, await res.text());
  }
  const path = resolve(ctx.configDir, c.source.file!);
  const { size, ino } = await stat(path);
  if (!c.source.tail) return parseFeed(c, ctx, await readRange(path, 0, size));
  const from = tail.ino !== ino || tail.offset > size ? 0 : tail.offset;
  const fresh = await readRange(path, from, size);
  const complete = fresh.slice(0, fresh.lastIndexOf('\n') + 1); // a line still being written waits
  const position = { ino, offset: from + Buffer.byteLength(complete) };
  if (c.format !== 'csv' || from === 0) return { ...parseFeed(c, ctx, complete), tail: position };
  const head = await readRange(path, 0, Math.min(size, 64 * 1024));
  return { ...parseFeed(c, ctx, `${head.slice(0, head.indexOf('\n') + 1)}${complete}`), tail: position };
}

/** Parses one feed text; a malformed whole (JSON, AIDX XML) throws, bad items are listed in `problems`. */
export function parseFeed(
  c: Omit<FeedSpec, 'source'>,
  ctx: Pick<FeedContext, 'fields' | 'aidx'>,
  text: string,
): FeedBatch {
  const problems: string[] = [];
  const records: Record<string, unknown>[] = [];
  if (c.format === 'aidx') {
    const r = readAidx(text, ctx.aidx);
    if (!r.ok) throw new Error(`AIDX: ${r.reason}`);
    return {
      records: r.records.map((rec) => ({ ...rec, ...c.mapping.set })),
      problems: r.problems,
      otherLegs: r.otherLegs,
    };
  }
  const mapping = { ...c.mapping, map: { ...defaultMap(c.format, ctx.fields), ...c.mapping.map } };
  if (c.format === 'csv') {
    const { records: rows } = parseCsvRecords(text);
    for (const { values } of rows) {
      const byLowerName = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
      records.push(applyMapping(mapping, (column) => byLowerName.get(column.toLowerCase())));
    }
    return { records, problems };
  }
  let items: unknown[] = [];
  if (c.format === 'jsonl') {
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch (e) {
        problems.push(`line ${i + 1}: not JSON: ${(e as Error).message}`);
      }
    }
  } else {
    const doc = resolvePointer(JSON.parse(text), c.items);
    if (!Array.isArray(doc)) throw new Error(`the feed has no array at "${c.items}"`);
    items = doc;
  }
  for (const item of items) records.push(mapJson(mapping, item));
  return { records, problems };
}

function defaultMap(
  format: FlightDepartureConfig['format'],
  fields: readonly string[],
): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, format === 'csv' ? f : `/${f}`]));
}
