// Decoder for the Yaohua XK3190-A12(E) continuous output (A12(E) user manual, "Communication mode"): one
// 15-byte line per display update,
//   byte 1       'W'
//   byte 2       'G' gross weight, 'N' net weight
//   bytes 3–9    the weight including its decimal point ('-' in byte 3 when negative; byte 9 blank (0x20)
//                when there is no decimal point)
//   bytes 10–11  unit "kg"
//   bytes 12–13  check: XOR of bytes 1–11, high nibble then low nibble as ASCII hex
//   bytes 14–15  CR LF
// e.g. 4.139 kg gross is "WG004.139kg3D" CR LF. Overload (gross above Max + 9e) is nine blanks, "OL", "23",
// CR LF; below -20d it is nine blanks, "LO", "23", CR LF. The line has no tare: a net (WN) weight cannot be
// turned into a gross one here.
import { frameShares } from './frame-scanner';
import {
  type DecodedChunk,
  hexBytes,
  type IndicatorDecoder,
  type IndicatorReading,
} from './indicator-reading';

export const A12_FRAME_BYTES = 15;
const HEX = '0123456789ABCDEF';
/** A line this long without LF is not an A12 line: dropped as noise. */
const MAX_LINE = 64;

const xor = (b: Uint8Array, from: number, to: number) => {
  let x = 0;
  for (let i = from; i < to; i++) x ^= b[i]!;
  return x;
};

/** The A12 line for an 11-character body (e.g. "WG004.139kg" or "         OL"), with its check and CR LF. */
export function encodeA12Line(body: string): Buffer {
  if (body.length !== 11) throw new Error(`an A12 line body is 11 bytes: ${JSON.stringify(body)}`);
  const x = xor(Buffer.from(body, 'latin1'), 0, 11);
  return Buffer.from(`${body}${HEX[x >> 4]}${HEX[x & 15]}\r\n`, 'latin1');
}

/** The line for a weight shown with `decimals` places, gross or net. */
export function encodeA12Weight(value: number, decimals: number, basis: 'G' | 'N' = 'G'): Buffer {
  const digits = Math.abs(value).toFixed(decimals);
  const field = decimals === 0 ? `${digits.padStart(6, '0')} ` : digits.padStart(7, '0');
  const signed = value < 0 ? `-${field.slice(1)}` : field;
  return encodeA12Line(`W${basis}${signed}kg`);
}

function decodeLine(line: Buffer): IndicatorReading | string {
  if (line[13] !== 0x0d || line[14] !== 0x0a) return 'no CR LF at bytes 14–15';
  const check = String.fromCharCode(line[11]!, line[12]!);
  const x = xor(line, 0, 11);
  const expected = `${HEX[x >> 4]}${HEX[x & 15]}`;
  if (check !== expected) return `check mismatch (expected ${expected}, got ${JSON.stringify(check)})`;
  const body = line.toString('latin1', 0, 11);
  if (body === '         OL') return { kind: 'out-of-range', side: 'over', what: 'OL (overload)' };
  if (body === '         LO') return { kind: 'out-of-range', side: 'under', what: 'LO (below -20d)' };
  if (body[0] !== 'W' || (body[1] !== 'G' && body[1] !== 'N')) return 'does not start with WG or WN';
  if (body.slice(9) !== 'kg') return `unit ${JSON.stringify(body.slice(9))} is not kg`;
  const field = body.slice(2, 9);
  if (!/^-?[0-9]*\.?[0-9]* *$/.test(field) || !/[0-9]/.test(field))
    return `weight ${JSON.stringify(field)} is not a number`;
  return { kind: 'weight', kg: Number(field.trim()), basis: body[1] === 'G' ? 'gross' : 'net' };
}

export class Xk3190A12Decoder implements IndicatorDecoder {
  readonly counters = { frames: 0, corrupt: 0, skippedBytes: 0 };
  private pending: Buffer = Buffer.alloc(0);

  reset(): void {
    this.pending = Buffer.alloc(0);
  }

  push(chunk: Buffer): DecodedChunk {
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const before = { ...this.counters };
    const readings: IndicatorReading[] = [];
    const problems: string[] = [];
    let i = 0;
    for (let lf = buf.indexOf(0x0a, i); lf >= 0; lf = buf.indexOf(0x0a, i)) {
      const line = buf.subarray(i, lf + 1);
      i = lf + 1;
      if (line.length < A12_FRAME_BYTES) {
        // A short line: a frame cut by noise or a dropped byte, or a stray line break.
        this.counters.corrupt++;
        problems.push(`corrupt XK3190-A12 line: ${line.length} bytes, not 15: ${hexBytes(line)}`);
        continue;
      }
      // Noise glued before a frame on the same line is skipped; the frame is the line's last 15 bytes.
      this.counters.skippedBytes += line.length - A12_FRAME_BYTES;
      const frame = line.subarray(line.length - A12_FRAME_BYTES);
      const decoded = decodeLine(frame);
      if (typeof decoded === 'string') {
        this.counters.corrupt++;
        problems.push(`corrupt XK3190-A12 line: ${decoded}: ${hexBytes(frame)}`);
        continue;
      }
      this.counters.frames++;
      readings.push(decoded);
    }
    this.pending = Buffer.from(buf.subarray(i));
    if (this.pending.length > MAX_LINE) {
      this.counters.skippedBytes += this.pending.length;
      this.pending = Buffer.alloc(0);
    }
    return { readings, problems, ...frameShares(before, this.counters, A12_FRAME_BYTES) };
  }
}
