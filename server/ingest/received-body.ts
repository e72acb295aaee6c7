// The log's block body made from a write request's own bytes: when a body is nothing but lines kept as
// received (the usual write of a client that writes what the formatter writes), its lines need no joining or
// UTF-8 encoding; the few that identity drops (repeats) or moves (+1 ns) are left out or encoded alone.

/** TextDecoder drops a leading byte-order mark: such bytes are not the decoded text. */
export function startsWithBom(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

const LINE_BREAK = Buffer.from('\n');

/** The bytes with a line break after the last line (a body may omit it). */
export function withLastLineBreak(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 10 ? b : Buffer.concat([b, LINE_BREAK]);
}

/**
 * The stored lines' bytes, each followed by a line break. Line i of `received` (each line ends with a line
 * break) is stored as `stored[i]`: undefined for as received, null for left out, else that text.
 */
export function storedLinesBody(received: Buffer, stored: readonly (string | null | undefined)[]): Buffer {
  const parts: Buffer[] = [];
  let runStart = 0; // start of the current run of lines kept as received
  let start = 0;
  for (let i = 0; i < stored.length; i++) {
    const end = received.indexOf(10, start) + 1;
    if (end === 0) throw new Error('received-body: fewer received lines than stored ones');
    const s = stored[i];
    if (s !== undefined) {
      if (start > runStart) parts.push(received.subarray(runStart, start));
      if (s !== null) parts.push(Buffer.from(`${s}\n`));
      runStart = end;
    }
    start = end;
  }
  if (start !== received.length) throw new Error('received-body: more received lines than stored ones');
  if (runStart === 0) return received;
  if (start > runStart) parts.push(received.subarray(runStart, start));
  return Buffer.concat(parts);
}
