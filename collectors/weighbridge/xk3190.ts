// Decoder for Yaohua XK3190 continuous output tF=0 (XK3190-A9 manual; the frame format is in README.md):
// STX, sign, 6 weight digits, decimal position, XOR check as two hex digits, ETX — 12 bytes. A stream of
// chunks is split into frames whatever the chunking; noise between frames is skipped, a frame with a bad
// check or layout is counted and reported, and decoding resumes at the next STX.
import { FrameScanner } from './frame-scanner';
import type { IndicatorReading } from './indicator-reading';

export const STX = 0x02;
export const ETX = 0x03;
export const FRAME_BYTES = 12;

const HEX = '0123456789ABCDEF';

/** XOR of the sign, the six digits and the decimal-position byte (frame bytes 1–8). */
export function xk3190Check(frame: Uint8Array): number {
  let x = 0;
  for (let i = 1; i <= 8; i++) x ^= frame[i]!;
  return x;
}

/** One frame for a displayed value (e.g. 41230 with 0 decimals, or 41.23 with 2 in tonnes). */
export function encodeXk3190Frame(value: number, decimals = 0): Buffer {
  const digits = Math.round(Math.abs(value) * 10 ** decimals);
  if (digits > 999_999 || decimals < 0 || decimals > 4) throw new Error(`cannot encode ${value}/${decimals}`);
  const frame = Buffer.from(
    `\x02${value < 0 ? '-' : '+'}${String(digits).padStart(6, '0')}${decimals}00\x03`,
    'latin1',
  );
  const x = xk3190Check(frame);
  frame[9] = HEX.charCodeAt(x >> 4);
  frame[10] = HEX.charCodeAt(x & 15);
  return frame;
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

/** The reading of `frame` (12 bytes starting with STX), or why it is not a valid frame. */
function decodeFrame(frame: Buffer, kgPerUnit: number): IndicatorReading | string {
  if (frame[11] !== ETX) return 'no ETX at byte 12 (truncated frame?)';
  if (frame[1] !== 0x2b && frame[1] !== 0x2d) return 'sign byte is not + or -';
  for (let i = 2; i <= 7; i++) if (!isDigit(frame[i]!)) return 'weight is not 6 digits';
  if (frame[8]! < 0x30 || frame[8]! > 0x34) return 'decimal position is not 0–4';
  const x = xk3190Check(frame);
  const expected = `${HEX[x >> 4]}${HEX[x & 15]}`;
  const got = String.fromCharCode(frame[9]!, frame[10]!);
  if (got !== expected) return `check mismatch (expected ${expected}, got ${JSON.stringify(got)})`;
  const digits = Number(frame.toString('latin1', 2, 8));
  const value = (digits / 10 ** (frame[8]! - 0x30)) * (frame[1] === 0x2d ? -1 : 1);
  // tF=0 frames carry the displayed weight (gross or net) without saying which.
  return { kind: 'weight', kg: value * kgPerUnit, basis: 'display' };
}

/** XK3190 tF=0 frames. @param kgPerUnit 1 when the indicator shows kg, 1000 when it shows tonnes. */
export class Xk3190Decoder extends FrameScanner {
  constructor(kgPerUnit = 1) {
    super({ name: 'XK3190', start: STX, length: FRAME_BYTES, decode: (f) => decodeFrame(f, kgPerUnit) });
  }
}
