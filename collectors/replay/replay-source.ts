// The replay file read line by line from a byte offset (so a replay can resume exactly where it stopped),
// and each line decoded into an event: line protocol by the shared codec, CSV by csv-event.ts.
import { open } from 'node:fs/promises';
import type { PortEvent } from '../../shared/events/event';
import { eventFromPoint } from '../../shared/events/point-conversion';
import { parseLineProtocol } from '../../shared/line-protocol/index';
import { parseCsvRows } from '../common/devices/csv';
import { formatOf, type ReplayConfig } from './config';
import { eventFromCsv } from './csv-event';

export interface SourceLine {
  text: string;
  /** 1-based line number in the file. */
  line: number;
  /** Byte offset just after this line (where a resume starts). */
  end: number;
}

const CHUNK = 1 << 20;

export async function* readLines(
  path: string,
  fromByte: number,
  fromLine: number,
): AsyncGenerator<SourceLine> {
  const fh = await open(path, 'r');
  try {
    let pos = fromByte;
    let line = fromLine;
    let carry = Buffer.alloc(0);
    for (;;) {
      const buf = Buffer.alloc(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      const data = Buffer.concat([carry, buf.subarray(0, bytesRead)]);
      const start = pos - carry.length;
      pos += bytesRead;
      let from = 0;
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, from)) {
        yield { text: data.toString('utf8', from, nl).replace(/\r$/, ''), line: ++line, end: start + nl + 1 };
        from = nl + 1;
      }
      carry = data.subarray(from);
      if (bytesRead === 0) {
        if (carry.length > 0)
          yield { text: carry.toString('utf8').replace(/\r$/, ''), line: ++line, end: pos };
        return;
      }
    }
  } finally {
    await fh.close();
  }
}

export async function firstLine(path: string): Promise<string | undefined> {
  const lines = readLines(path, 0, 0);
  try {
    return (await lines.next()).value?.text;
  } finally {
    await lines.return(undefined);
  }
}

/** Lines that can hold an event (not blank, not a comment; CSV: not the header), for the progress total. */
export async function countEventLines(path: string, format: 'lp' | 'csv'): Promise<number> {
  let n = 0;
  for await (const l of readLines(path, 0, 0)) if (l.text.trim() !== '' && !l.text.startsWith('#')) n++;
  return format === 'csv' ? Math.max(0, n - 1) : n;
}

export type Decoded =
  | { kind: 'event'; event: PortEvent }
  | { kind: 'skip' }
  | { kind: 'error'; reason: string };

/** A decoder for the file's lines; CSV needs the header line. */
export function lineDecoder(c: ReplayConfig, csvHeader: string | undefined): (text: string) => Decoded {
  if (formatOf(c) === 'csv') {
    const names = (parseCsvRows(csvHeader ?? '')[0] ?? []).map((h) => h.trim().replace(/^\uFEFF/, ''));
    return (text) => {
      if (text.trim() === '' || text.startsWith('#')) return { kind: 'skip' };
      const row = parseCsvRows(text)[0] ?? [];
      const values = Object.fromEntries(names.map((n, i) => [n, (row[i] ?? '').trim()]));
      const r = eventFromCsv(values, c.timeOffset);
      return r.ok ? { kind: 'event', event: r.event } : { kind: 'error', reason: r.reason };
    };
  }
  return (text) => {
    if (text.trim() === '' || text.trimStart().startsWith('#')) return { kind: 'skip' };
    const { lines, errors } = parseLineProtocol(text, { precision: c.precision });
    if (errors[0]) return { kind: 'error', reason: `column ${errors[0].column}: ${errors[0].reason}` };
    const r = eventFromPoint(lines[0]!.point, Date.now());
    return r.ok ? { kind: 'event', event: r.event } : { kind: 'error', reason: r.issue.reason };
  };
}
