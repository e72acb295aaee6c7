// Reads a request body within the configured limit, inflating gzip bodies (Telegraf's content_encoding =
// "gzip", the JS client's gzipThreshold) with the same limit applied after decompression.
import { isUtf8 } from 'node:buffer';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { PortpulseError } from '../../shared/errors';

const gunzipAsync = promisify(gunzip);

/** A body over the limit; the rest of it is not read, so the connection cannot carry another request. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(
    readonly limit: number,
    what: string,
  ) {
    super(`${what} exceeds the limit of ${limit} bytes`);
  }
}

export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit, 'request body');
  const chunks: Buffer[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new BodyTooLargeError(limit, 'request body');
      }
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  const raw = Buffer.concat(chunks, size);
  const encoding = (req.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip')
    throw new PortpulseError(
      'unsupported_media',
      `Content-Encoding "${encoding}" is not supported; use gzip or none`,
    );
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyTooLargeError(limit, 'decompressed body');
    throw new PortpulseError('invalid', `gzip body could not be decompressed: ${(e as Error).message}`);
  }
}

/**
 * Decodes UTF-8 strictly: a body that is not UTF-8 is an error naming the first bad line, not silently
 * mangled text (a decoder would store U+FFFD in place of the bytes, a value the client never sent). The
 * whole body is refused: its lines cannot be told apart reliably once one holds bytes that are not text.
 */
export function decodeUtf8(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const line = firstLineNotUtf8(buf);
    throw new PortpulseError(
      'invalid',
      `request body is not valid UTF-8 (first at line ${line}); nothing was stored`,
      { line, accepted: 0 },
    );
  }
}

/** 1-based; "\n" (0x0a) never occurs inside a multi-byte UTF-8 sequence, so lines can be checked one by one. */
function firstLineNotUtf8(buf: Buffer): number {
  let line = 1;
  let start = 0;
  while (start <= buf.length) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl;
    if (!isUtf8(buf.subarray(start, end))) return line;
    if (nl < 0) break;
    start = nl + 1;
    line++;
  }
  return line;
}
