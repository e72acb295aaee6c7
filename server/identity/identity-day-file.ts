// One UTC day of identity entries on disk (`<dataDir>/rollups/identity/YYYY-MM-DD.ids`): an 8-byte magic, the
// entry count and a CRC-32 of the entries (uint32 little-endian), then the entries packed, five little-endian
// uint32 words each (20 bytes an event). Replaced atomically; a file that fails its checks is reported, not read.
import { crc32 } from 'node:zlib';
import { IdentityTable, WORDS_PER_ENTRY } from './identity-table';

const MAGIC = Buffer.from('PPIDS01\n', 'latin1');
const HEADER_BYTES = MAGIC.length + 8;
const DAY_MS = 86_400_000;
const NAME_RE = /^(\d{4}-\d{2}-\d{2})\.ids$/;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1)
  throw new Error('identity day files are written as little-endian words: this platform is big-endian');

/** Day number (days since 1970-01-01 UTC) of an epoch-ms time. */
export const dayOfMs = (ms: number): number => Math.floor(ms / DAY_MS);

export function dayFileName(day: number): string {
  return `${new Date(day * DAY_MS).toISOString().slice(0, 10)}.ids`;
}

/** The day a file name stands for, or undefined for other files. */
export function dayOfFileName(name: string): number | undefined {
  const m = NAME_RE.exec(name);
  return m ? Date.parse(`${m[1]}T00:00:00Z`) / DAY_MS : undefined;
}

export function encodeDayFile(table: IdentityTable): Buffer {
  const words = table.packed();
  const body = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(table.count, MAGIC.length);
  header.writeUInt32LE(crc32(body), MAGIC.length + 4);
  return Buffer.concat([header, body]);
}

/** The table a file holds, or why it cannot be read. */
export function decodeDayFile(buf: Buffer): IdentityTable | { error: string } {
  if (buf.length < HEADER_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    return { error: 'not an identity day file' };
  const count = buf.readUInt32LE(MAGIC.length);
  const bytes = count * WORDS_PER_ENTRY * 4;
  if (buf.length !== HEADER_BYTES + bytes)
    return { error: `${buf.length - HEADER_BYTES} bytes of entries where ${bytes} were written` };
  const body = buf.subarray(HEADER_BYTES);
  if (crc32(body) !== buf.readUInt32LE(MAGIC.length + 4)) return { error: 'checksum mismatch' };
  // Copied into an aligned array: the Buffer may sit at any offset of a shared pool.
  const words = new Uint32Array(count * WORDS_PER_ENTRY);
  Buffer.from(words.buffer).set(body);
  return IdentityTable.fromPacked(words);
}
