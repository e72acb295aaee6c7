// The ingest pipeline: parse → validate against the shared schemas → append to the durable store →
// hand them to the event fan-out as a live batch (live KPIs, hub, alerts, rollups, shipper). A batch's valid
// lines are kept when some are bad (as InfluxDB does); the result says which were rejected and why. Consumers
// hear only about durable events.
import type { PortEvent } from '../../shared/events/event';
import { eventSchema } from '../../shared/events/event';
import { eventFromPoint, pointFromEvent } from '../../shared/events/point-conversion';
import { joinLine } from '../../shared/line-protocol/format';
import { parseLineProtocol } from '../../shared/line-protocol/parse';
import type { Point, Precision } from '../../shared/line-protocol/types';
import type { FieldTypeRegistry } from '../field-types/field-type-registry';
import type { StoredIdentity } from '../identity/identity-index';
import { type PointLimits, pointLimitIssue } from '../limits/point-limits';
import type { EventStore } from '../store/store';
import type { EventConsumer } from './event-fanout';
import { illFormedText, unknownKey } from './json-event-keys';
import {
  type IdentityHistory,
  PointIdentity,
  type PointText,
  pointText,
  type TextedPoint,
} from './point-identity';
import { startsWithBom, storedLinesBody, withLastLineBreak } from './received-body';

/** The persisted identity of every stored event (server/identity), so repeats are known however old. */
export interface PersistedIdentity extends IdentityHistory {
  /** Loads the days of these original timestamps and keeps them in memory until the returned release. */
  pin(times: Iterable<bigint>): Promise<() => void>;
  /** Records events just made durable at seqs firstSeq, firstSeq + 1, … */
  record(items: readonly StoredIdentity[], firstSeq: number): void;
}

export interface AcceptedEvent {
  seq: number;
  point: Point;
  event: PortEvent;
  /** When the event arrived (epoch ms): in cluster mode the stream's timestamp, the same on every node. */
  arrivedMs?: number;
  /** Cluster mode: the seq of the stream message that carried it (live frames carry it for resuming). */
  streamSeq?: number;
}

/** Why a line was rejected, for the rejected-lines metric: syntax, schema, a future time, a size limit, a field-type conflict. */
export type RejectReason = 'syntax' | 'schema' | 'future' | 'limit' | 'unstorable' | 'conflict';

export interface IngestIssue {
  /** 1-based line number (line protocol) or array position + 1 (JSON). */
  line: number;
  column?: number;
  field?: string;
  message: string;
  reason: RejectReason;
}

export interface IngestResult {
  accepted: number;
  rejected: number;
  /** The first issues (at most `maxReportedIssues`), in line order. */
  issues: IngestIssue[];
}

/** A point that passed validation, with its line-protocol text (what the log stores, what identity compares). */
export interface GoodPoint extends TextedPoint {
  event: PortEvent;
  /** The whole line as received, when it is what joinLine writes (ParsedLine.lineText). */
  line?: string;
}

export interface IngestOptions {
  maxFutureMs: number;
  maxReportedIssues?: number;
  now?: () => number;
  /** Where accepted events go (the fan-out); it must not throw (the events are durable already). */
  consumer?: EventConsumer;
  /** How a rejection names a limit for the operator (the setting behind it); the option's name by default. */
  limitNames?: { maxFutureMs?: string };
  /** Tag/field counts and key/value lengths per line (none when absent). */
  pointLimits?: PointLimits;
  /**
   * Cluster mode: validated lines (original timestamps) go to the replicated stream instead of the local log;
   * resolves once the stream stored them. Every node then applies the stream through `apply`.
   */
  publish?: (lines: string[]) => Promise<void>;
  /** Without it, repeats are recognised only while their events are in memory. */
  persistedIdentity?: PersistedIdentity;
  /** Field types per measurement: a line giving a known field another type is refused, as InfluxDB would. */
  fieldTypes?: FieldTypeRegistry;
}

export class Ingest {
  readonly counters = { accepted: 0, rejected: 0, requests: 0, duplicates: 0 };
  readonly rejectedByReason: Record<RejectReason, number> = {
    syntax: 0,
    schema: 0,
    future: 0,
    limit: 0,
    unstorable: 0,
    conflict: 0,
  };
  readonly identity: PointIdentity;

  constructor(
    private readonly store: EventStore,
    private readonly opts: IngestOptions,
  ) {
    const history = opts.persistedIdentity;
    this.identity = new PointIdentity(history ? { history } : {});
  }

  /**
   * `received`: the request's bytes `body` was decoded from (strict UTF-8). When the body is nothing but lines
   * kept as received, the log's block body is made of these bytes instead of encoding the lines again.
   */
  async ingestLineProtocol(body: string, precision: Precision, received?: Buffer): Promise<IngestResult> {
    const now = (this.opts.now ?? Date.now)();
    const { lines, errors } = parseLineProtocol(body, {
      precision,
      defaultTimestamp: BigInt(now) * 1_000_000n,
      lineText: true,
    });
    const issues: IngestIssue[] = errors.map((e) => ({
      line: e.line,
      column: e.column,
      ...(e.field === undefined ? {} : { field: e.field }),
      message: e.reason,
      reason: 'syntax' as const,
    }));
    const good: GoodPoint[] = [];
    const goodLines: number[] = [];
    // Characters of the kept received lines, each with its line break: equal to the body's length only when
    // the body is nothing but those lines (no blank line, comment, CR, extra space or rejected line).
    let receivedChars = 0;
    for (const { line, point, seriesText, fieldText, lineText } of lines) {
      const limit = this.opts.pointLimits && pointLimitIssue(point, this.opts.pointLimits);
      if (limit) {
        issues.push({ line, ...limit, reason: 'limit' });
        continue;
      }
      const r = eventFromPoint(point, now);
      if (!r.ok) {
        issues.push({
          line,
          ...(r.issue.key === undefined ? {} : { field: r.issue.key }),
          message: r.issue.reason,
          reason: 'schema',
        });
        continue;
      }
      const future = this.futureIssue(r.event, now);
      if (future) {
        issues.push({ line, field: 'time', message: future, reason: 'future' });
        continue;
      }
      // The received text is stored as is when it already is what the formatter writes (the usual case).
      if (seriesText !== undefined && fieldText !== undefined) {
        if (lineText === undefined)
          good.push({ point, event: r.event, series: seriesText, fields: fieldText });
        else {
          good.push({ point, event: r.event, series: seriesText, fields: fieldText, line: lineText });
          receivedChars += lineText.length + 1;
        }
        goodLines.push(line);
        continue;
      }
      const text = storableText(point);
      if (typeof text === 'string') issues.push({ line, message: text, reason: 'unstorable' });
      else {
        good.push({ point, event: r.event, series: text.series, fields: text.fields });
        goodLines.push(line);
      }
    }
    const whole =
      received !== undefined &&
      issues.length === 0 &&
      receivedChars === (body.endsWith('\n') ? body.length : body.length + 1) &&
      !startsWithBom(received);
    return this.commit(good, goodLines, issues, whole ? withLastLineBreak(received) : undefined);
  }

  async ingestJson(items: unknown[]): Promise<IngestResult> {
    const now = (this.opts.now ?? Date.now)();
    const issues: IngestIssue[] = [];
    const good: GoodPoint[] = [];
    const goodLines: number[] = [];
    items.forEach((item, i) => {
      const badText = illFormedText(item);
      if (badText) {
        const { field, message } = badText;
        issues.push({ line: i + 1, field, message: `${field}: ${message}`, reason: 'schema' });
        return;
      }
      const parsed = eventSchema.safeParse(item);
      if (!parsed.success) {
        const first = parsed.error.issues[0]!;
        const field = first.path.length > 0 ? first.path.join('.') : undefined;
        issues.push({
          line: i + 1,
          ...(field ? { field } : {}),
          message: `${field ? `${field}: ` : ''}${first.message}`,
          reason: 'schema',
        });
        return;
      }
      const extra = unknownKey(item as object, parsed.data.measurement);
      if (extra) {
        const { field, message } = extra;
        issues.push({ line: i + 1, field, message: `${field}: ${message}`, reason: 'schema' });
        return;
      }
      const future = this.futureIssue(parsed.data, now);
      if (future) {
        issues.push({ line: i + 1, field: 'time', message: future, reason: 'future' });
        return;
      }
      const point = pointFromEvent(parsed.data);
      const limit = this.opts.pointLimits && pointLimitIssue(point, this.opts.pointLimits);
      if (limit) {
        issues.push({ line: i + 1, ...limit, reason: 'limit' });
        return;
      }
      // The schemas should make every event expressible as line protocol; this guards the log regardless.
      const text = storableText(point);
      if (typeof text === 'string') issues.push({ line: i + 1, message: text, reason: 'unstorable' });
      else {
        good.push({ event: parsed.data, point, series: text.series, fields: text.fields });
        goodLines.push(i + 1);
      }
    });
    return this.commit(good, goodLines, issues);
  }

  private futureIssue(event: PortEvent, now: number): string | undefined {
    const ahead = event.time - now;
    return ahead > this.opts.maxFutureMs
      ? `timestamp is ${Math.round(ahead / 1000)} s in the future (limit ${this.opts.maxFutureMs / 1000} s, ${this.opts.limitNames?.maxFutureMs ?? 'maxFutureMs'}): check the collector's clock and the write precision`
      : undefined;
  }

  /** `received`: the bytes of `all`, line i being all[i] (see ingestLineProtocol); unused if some conflict. */
  private async commit(
    all: GoodPoint[],
    lines: number[],
    issues: IngestIssue[],
    received?: Buffer,
  ): Promise<IngestResult> {
    this.counters.requests++;
    // Field types are claimed before storing, so later lines and concurrent writes are checked against them.
    let good = all;
    const types = this.opts.fieldTypes?.claim(all.map((g) => g.point));
    if (types?.conflicts.some((c) => c !== undefined)) {
      good = [];
      all.forEach((g, i) => {
        const c = types.conflicts[i];
        if (c) issues.push({ line: lines[i]!, field: c.field, message: c.message, reason: 'conflict' });
        else good.push(g);
      });
    }
    issues.sort((a, b) => a.line - b.line);
    try {
      if (this.opts.publish) {
        if (good.length > 0)
          await this.opts.publish(good.map((g) => g.line ?? joinLine(g.series, g.fields, g.point.timestamp)));
      } else {
        const body = good === all ? received : undefined;
        this.counters.duplicates +=
          good.length - (await this.apply(good, 'live', undefined, undefined, body)).fresh;
      }
    } catch (e) {
      types?.undo();
      throw e;
    }
    this.counters.accepted += good.length;
    this.counters.rejected += issues.length;
    for (const issue of issues) this.rejectedByReason[issue.reason]++;
    return {
      accepted: good.length,
      rejected: issues.length,
      issues: issues.slice(0, this.opts.maxReportedIssues ?? 20),
    };
  }

  /**
   * Stores validated points and hands them to the fan-out: identity first (exact repeats dropped,
   * same-millisecond distinct points moved by +1 ns), then the durable log, then the consumers. Ingest calls it
   * for its own writes ('live'); in cluster mode the stream applier calls it with each batch of the ordered
   * stream ('stream', with the stream's timestamps as arrival times), so every node takes the same decisions in
   * the same order. Returns how many points were new. `received`: the lines' bytes as received (line i is
   * good[i], each ending with a line break), which the block body is then made of (received-body.ts).
   */
  async apply(
    good: GoodPoint[],
    origin: 'live' | 'stream',
    arrivedMs?: readonly number[],
    streamSeqs?: readonly number[],
    received?: Buffer,
  ): Promise<{ fresh: number }> {
    // The days of a persisted identity these points fall on stay loaded until their identities are recorded.
    const persisted = this.opts.persistedIdentity;
    let release: (() => void) | undefined;
    if (persisted && good.length > 0) {
      const times: bigint[] = new Array(good.length);
      for (let i = 0; i < good.length; i++) times[i] = good[i]!.point.timestamp!;
      release = await persisted.pin(times);
    }
    try {
      const identity = this.identity.assignBatch(good);
      // One pass: the fresh points, their lines (what formatPoint would write, unformatted: the line as received
      // when identity kept its timestamp, else joined from the text and the assigned timestamp).
      // With the received bytes (line i is good[i]): how each line is stored, as storedLinesBody takes it.
      const freshAt: number[] = [];
      const points: Point[] = [];
      const lines: string[] = [];
      const stored: (string | null | undefined)[] | undefined = received ? new Array(good.length) : undefined;
      for (let i = 0; i < good.length; i++) {
        if (identity.duplicate[i]) {
          if (stored) stored[i] = null;
          continue;
        }
        const g = good[i]!;
        freshAt.push(i);
        points.push(g.point);
        if (g.line !== undefined && g.point.timestamp === identity.time[i]) lines.push(g.line);
        else {
          const line = joinLine(g.series, g.fields, g.point.timestamp);
          lines.push(line);
          if (stored) stored[i] = line;
        }
      }
      const count = freshAt.length;
      if (count === 0) return { fresh: 0 };
      let firstSeq: number;
      try {
        const body = received && stored ? storedLinesBody(received, stored) : undefined;
        firstSeq = await this.store.append(points, lines, body);
      } catch (e) {
        identity.undo();
        throw e;
      }
      const types = this.opts.fieldTypes;
      if (types) {
        if (origin !== 'live') for (const p of points) types.learn(p);
        types.stored(firstSeq + count - 1);
      }
      const accepted: AcceptedEvent[] = new Array(count);
      const recorded: StoredIdentity[] | undefined = persisted ? new Array(count) : undefined;
      for (let k = 0; k < count; k++) {
        const i = freshAt[k]!;
        const g = good[i]!;
        const a: AcceptedEvent = { seq: firstSeq + k, point: g.point, event: g.event };
        if (arrivedMs) a.arrivedMs = arrivedMs[i]!;
        if (streamSeqs) a.streamSeq = streamSeqs[i]!;
        accepted[k] = a;
        if (recorded) {
          const time = identity.time[i]!;
          recorded[k] = {
            series: g.series,
            fields: g.fields,
            time,
            offset: time === g.point.timestamp ? 0 : Number(g.point.timestamp! - time),
            key: identity.keys[i],
          };
        }
      }
      if (recorded) persisted?.record(recorded, firstSeq);
      this.opts.consumer?.onEvents(accepted, origin);
      return { fresh: count };
    } finally {
      release?.();
    }
  }
}

/** The point's text, or why it cannot be written as line protocol. */
function storableText(point: Point): PointText | string {
  try {
    return pointText(point);
  } catch (e) {
    return `cannot be stored as line protocol: ${(e as Error).message}`;
  }
}
