// Fuzz targets of the line-protocol codec and the line ingest path: arbitrary bytes and mutated lines never
// make anything throw (bad input becomes LineProtocolError values or ingest issues), and formatting round-trips.
import { deepStrictEqual } from 'node:assert';
import fc from 'fast-check';
import { Ingest } from '../server/ingest/ingest';
import { decodeUtf8 } from '../server/ingest/read-body';
import { PortpulseError } from '../shared/errors';
import { eventSchema } from '../shared/events/event';
import { pointFromEvent } from '../shared/events/point-conversion';
import { formatPoint, joinLine } from '../shared/line-protocol/format';
import { parseLineProtocol } from '../shared/line-protocol/parse';
import { LineProtocolError } from '../shared/line-protocol/parse-error';
import { lpChars, pointAt, pointWithPrecision, precision } from '../shared/line-protocol/testing/arbitraries';
import type { Point } from '../shared/line-protocol/types';
import { templates } from './events.fuzz';
import { memoryStore } from './memory-store';
import { check, type FuzzTarget } from './target';

function parsesCleanly(body: string, p: 'ns' | 'us' | 'ms' | 's'): void {
  const { lines, errors } = parseLineProtocol(body, { precision: p });
  const lineCount = body.split('\n').length;
  check(lines.length + errors.length <= lineCount, 'more results than lines');
  for (const e of errors) {
    check(e instanceof LineProtocolError, 'an error that is not a LineProtocolError');
    check(e.line >= 1 && e.line <= lineCount && e.column >= 1, `bad position ${e.line}:${e.column}`);
  }
  for (const { point, seriesText, fieldText } of lines) {
    check(Object.keys(point.fields).length > 0, 'a point without fields');
    // The received text the server stores instead of formatting must be exactly the formatted line.
    if (seriesText !== undefined || fieldText !== undefined)
      check(
        joinLine(seriesText ?? '', fieldText ?? '', point.timestamp) === formatPoint(point, 'ns'),
        'received text differs from the formatted point',
      );
  }
}

/** Bytes as the server turns them into text: strict UTF-8 (a PortpulseError otherwise), then the parser. */
const bytes: FuzzTarget = {
  name: 'line protocol: arbitrary bytes',
  weight: 3,
  run: (numRuns, seed) =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), precision, (raw, p) => {
        let text: string | undefined;
        try {
          text = decodeUtf8(Buffer.from(raw));
        } catch (e) {
          check(e instanceof PortpulseError && e.code === 'invalid', `decodeUtf8 threw ${e}`);
        }
        parsesCleanly(text ?? Buffer.from(raw).toString('latin1'), p);
      }),
      { numRuns, seed },
    ),
};

const mutated: FuzzTarget = {
  name: 'line protocol: mutated valid lines',
  weight: 3,
  run: (numRuns, seed) =>
    fc.assert(
      fc.property(
        pointAt('ms'),
        fc.array(fc.tuple(fc.nat(), lpChars, fc.boolean()), { maxLength: 4 }),
        (point, edits) => {
          let line = formatPoint(point, 'ms');
          for (const [at, c, insert] of edits) {
            const i = at % (line.length + 1);
            line = insert ? line.slice(0, i) + c + line.slice(i) : line.slice(0, i) + line.slice(i + 1);
          }
          parsesCleanly(line, 'ms');
        },
      ),
      { numRuns, seed },
    ),
};

/** A point as plain sorted entries: parsed objects have no prototype, generated ones do. */
const plain = (pt: Point) => ({
  measurement: pt.measurement,
  tags: Object.entries(pt.tags).sort(),
  fields: Object.entries(pt.fields)
    .sort()
    .map(([k, v]) => [k, v.kind, v.value]),
  timestamp: pt.timestamp,
});

const roundTrip: FuzzTarget = {
  name: 'line protocol: format → parse round trip',
  weight: 2,
  run: (numRuns, seed) =>
    fc.assert(
      fc.property(pointWithPrecision, ([p, point]) => {
        const { lines, errors } = parseLineProtocol(formatPoint(point, p), { precision: p });
        check(errors.length === 0 && lines.length === 1 && lines[0]!.line === 1, 'not one clean line');
        deepStrictEqual(plain(lines[0]!.point), plain(point));
      }),
      { numRuns, seed },
    ),
};

const ingestLines: FuzzTarget = {
  name: 'ingest: line-protocol bodies',
  weight: 1,
  run: async (numRuns, seed) => {
    const ingest = new Ingest(memoryStore(), {
      maxFutureMs: 600_000,
      pointLimits: { maxTags: 8, maxFields: 16, maxKeyBytes: 64, maxValueBytes: 64 },
    });
    const valid = templates.map((e) => formatPoint(pointFromEvent(eventSchema.parse(e)), 'ms'));
    const mutatedEvent = fc
      .tuple(fc.constantFrom(...valid), fc.nat(), lpChars)
      .map(([line, at, c]) => line.slice(0, at % line.length) + c + line.slice(at % line.length));
    const body = fc.oneof(
      fc.array(fc.oneof(fc.constantFrom(...valid), mutatedEvent), { maxLength: 4 }).map((l) => l.join('\n')),
      fc.string({ unit: lpChars, maxLength: 200 }),
      fc.array(pointAt('ms'), { maxLength: 3 }).map((ps) => ps.map((p) => formatPoint(p, 'ms')).join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const r = await ingest.ingestLineProtocol(text, 'ms');
        check(r.accepted + r.rejected <= text.split('\n').length, 'more results than lines');
      }),
      { numRuns, seed },
    );
  },
};

export const lineProtocolTargets = [bytes, mutated, roundTrip, ingestLines];
