// Encoding of one log block: a line-protocol comment header carrying seq, count, length and CRC-32,
// followed by the block's points as line protocol (ns timestamps). A segment is a run of blocks, so
// it stays valid line protocol that `influx` or curl can replay (comments are ignored by InfluxDB).
import { crc32 } from 'node:zlib';

export const BLOCK_MAGIC = '#pp1 ';

export interface BlockHeader {
  firstSeq: number;
  count: number;
  /** Bytes of the body that follows the header line. */
  length: number;
  crc: number;
  minTimeMs: number;
  maxTimeMs: number;
}

export function encodeBlock(firstSeq: number, lines: string[], minTimeMs: number, maxTimeMs: number): Buffer {
  return encodeBlockBodies(firstSeq, lines.length, [encodeLines(lines)], minTimeMs, maxTimeMs);
}

/** Lines as a block body's bytes: each line (without line break) followed by one. */
export function encodeLines(lines: readonly string[]): Buffer {
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** A block of `count` lines whose body is the concatenation of `bodies` (each from encodeLines). */
export function encodeBlockBodies(
  firstSeq: number,
  count: number,
  bodies: readonly Buffer[],
  minTimeMs: number,
  maxTimeMs: number,
): Buffer {
  let length = 0;
  let crc = 0;
  for (const b of bodies) {
    length += b.length;
    crc = crc32(b, crc);
  }
  const header = `${BLOCK_MAGIC}${firstSeq} ${count} ${length} ${crc.toString(16)} ${minTimeMs} ${maxTimeMs}\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), ...bodies]);
}

/** Parses a header line (without its newline); undefined when it is not a well-formed block header. */
export function parseBlockHeader(text: string): BlockHeader | undefined {
  if (!text.startsWith(BLOCK_MAGIC)) return undefined;
  const parts = text.slice(BLOCK_MAGIC.length).split(' ');
  if (parts.length !== 6) return undefined;
  const [firstSeq, count, length, crcHex, minT, maxT] = parts;
  const header: BlockHeader = {
    firstSeq: Number(firstSeq),
    count: Number(count),
    length: Number(length),
    crc: Number.parseInt(crcHex ?? '', 16),
    minTimeMs: Number(minT),
    maxTimeMs: Number(maxT),
  };
  return Object.values(header).every(Number.isFinite) ? header : undefined;
}

export type DecodedBlock = { header: BlockHeader; body: Buffer; end: number };

/**
 * Decodes the block starting at `offset`. Returns undefined at a clean end of data, or an error string when the
 * bytes there are not a whole, intact block (a torn or corrupt tail).
 */
export function decodeBlock(buf: Buffer, offset: number): DecodedBlock | { error: string } | undefined {
  if (offset >= buf.length) return undefined;
  const nl = buf.indexOf(10, offset);
  if (nl < 0) return { error: 'incomplete block header' };
  const header = parseBlockHeader(buf.toString('latin1', offset, nl));
  if (!header) return { error: 'malformed block header' };
  const start = nl + 1;
  const end = start + header.length;
  if (end > buf.length) return { error: `block of ${header.length} bytes is cut short` };
  const body = buf.subarray(start, end);
  if (crc32(body) !== header.crc) return { error: 'block checksum mismatch' };
  return { header, body, end };
}
