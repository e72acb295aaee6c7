// Decoder for Yaohua XK3190 continuous output tF=2, the "=" frames (XK3190-A23P manual, "Continuous
// communication format 2"; XK3190-A26 "format 1"; the same frames the XK3190-D2+ streams): 9 bytes, no check,
// no terminator —
//   byte 1    '='
//   bytes 2–8 the displayed weight including its decimal point, LOW-order character first
//   byte 9    sign: '0' positive, '-' negative
// e.g. 3.000 is "=000.3000", -1.00 is "=00.1000-", 41230 (no decimal point) is "=03214000".
import { FrameScanner } from './frame-scanner';
import type { IndicatorReading } from './indicator-reading';

export const TF2_START = 0x3d; // '='
export const TF2_FRAME_BYTES = 9;

/** The frame for a displayed value: `decimals` places, padded to 7 characters, reversed, sign last. */
export function encodeTf2Frame(value: number, decimals = 0): Buffer {
  const shown = Math.abs(value).toFixed(decimals).padStart(7, '0');
  if (shown.length !== 7 || decimals < 0 || decimals > 5)
    throw new Error(`cannot encode ${value}/${decimals}`);
  return Buffer.from(`=${[...shown].reverse().join('')}${value < 0 ? '-' : '0'}`, 'latin1');
}

function decodeFrame(frame: Buffer, kgPerUnit: number): IndicatorReading | string {
  const body = frame.toString('latin1', 1, 8);
  const sign = frame[8];
  if (sign !== 0x30 && sign !== 0x2d)
    return `sign byte ${JSON.stringify(String.fromCharCode(sign!))} is not 0 or -`;
  if (!/^[0-9.]{7}$/.test(body) || body.split('.').length > 2 || body.startsWith('.') || body.endsWith('.'))
    return 'weight is not 7 digits with at most one decimal point';
  const shown = [...body].reverse().join('');
  const value = Number(shown) * (sign === 0x2d ? -1 : 1);
  // Like tF=0, the frame carries the displayed weight (gross or net) without saying which.
  return { kind: 'weight', kg: value * kgPerUnit, basis: 'display' };
}

/** XK3190 tF=2 frames. @param kgPerUnit 1 when the indicator shows kg, 1000 when it shows tonnes. */
export class Xk3190Tf2Decoder extends FrameScanner {
  constructor(kgPerUnit = 1) {
    super({
      name: 'XK3190 tF=2',
      start: TF2_START,
      length: TF2_FRAME_BYTES,
      decode: (f) => decodeFrame(f, kgPerUnit),
    });
  }
}
