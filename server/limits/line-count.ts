// Lines per write request, counted before parsing (blank lines and comments do not count), so an oversized
// batch is refused with 413 as a whole before any of it is parsed or stored.
import { PortpulseError } from '../../shared/errors';

export function countLines(body: string): number {
  let count = 0;
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    let i = start;
    while (i < end && (body[i] === ' ' || body[i] === '\t' || body[i] === '\r')) i++;
    if (i < end && body[i] !== '#') count++;
    start = end + 1;
  }
  return count;
}

export function checkLineCount(body: string, max: number): void {
  if (body.length <= max) return; // fewer characters than the limit: cannot hold more lines
  const n = countLines(body);
  if (n > max)
    throw new PortpulseError(
      'too_large',
      `${n} lines in one request; the limit is ${max} (PORTPULSE_MAX_LINES): split the batch`,
    );
}
