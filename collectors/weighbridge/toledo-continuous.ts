// Decoder for the METTLER TOLEDO standard continuous output (terminal technical manuals, e.g. Wildcat
// "Appendix 2: Continuous Mode Output", tables 6-8 to 6-11; the same 17/18-byte frame in IND-series terminals):
//   STX, status words A B C, 6 digits of displayed weight, 6 digits of tare (no sign, no decimal point),
//   CR, optional checksum (2's complement of the 7 low bits of the sum of all bytes from STX to CR).
// Status word A: bits 0–2 decimal point / dummy zeros, bits 3–4 increment size (x1, x2, x5), bit 5 = 1.
// Status word B: bit 0 net, bit 1 negative, bit 2 out of range, bit 3 motion, bit 4 kg (else lb), bit 5 = 1,
//   bit 6 power-up not zeroed.
// Status word C: bits 0–2 unit other than lb/kg (1 g, 2 metric t, 3 oz, 6 short ton), bit 3 print request,
//   bit 4 expanded display (x10), bit 5 = 1.
import { FrameScanner } from './frame-scanner';
import { type IndicatorReading, KG_PER_UNIT } from './indicator-reading';

const STX = 0x02;
const CR = 0x0d;
/** Status A bits 0–2: the power of ten the six digits are multiplied by (XXXX00 … X.XXXXX). */
const SCALE_BY_CODE = [100, 10, 1, 0.1, 0.01, 0.001, 0.0001, 0.00001];
const INCREMENT_BY_CODE = [undefined, 1, 2, 5] as const;
/** Status C bits 0–2 (0: lb or kg, from status B bit 4). */
const UNIT_BY_CODE: Record<number, string> = { 1: 'g', 2: 't', 3: 'oz', 6: 'ton' };

export interface ToledoFrame {
  /** Displayed weight and tare in the displayed unit, with the decimal point applied. */
  weight: number;
  tare: number;
  unit: string;
  net: boolean;
  negative: boolean;
  outOfRange: boolean;
  motion: boolean;
  powerUpNotZeroed: boolean;
  expanded: boolean;
  increment: 1 | 2 | 5;
}

const bit = (b: number, n: number) => ((b >> n) & 1) === 1;

export function toledoChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum += b;
  return -sum & 0x7f;
}

/** The frame's fields, or why it is not a valid frame (17 bytes, or 18 with the checksum). */
export function parseToledoFrame(frame: Buffer, checksum: boolean): ToledoFrame | string {
  const [a, b, c] = [frame[1]!, frame[2]!, frame[3]!];
  if (frame[16] !== CR) return 'no CR at byte 17 (truncated frame?)';
  if (checksum && toledoChecksum(frame.subarray(0, 17)) !== frame[17])
    return `checksum mismatch (expected ${toledoChecksum(frame.subarray(0, 17))}, got ${frame[17]})`;
  if (!bit(a, 5) || bit(a, 6) || a > 0x7f) return 'status word A: bit 5 is not 1 or bit 6 not 0';
  if (!bit(b, 5) || b > 0x7f) return 'status word B: bit 5 is not 1';
  if (!bit(c, 5) || bit(c, 6) || c > 0x7f) return 'status word C: bit 5 is not 1 or bit 6 not 0';
  const increment = INCREMENT_BY_CODE[(a >> 3) & 3];
  if (!increment) return 'status word A: increment size bits 3–4 are 00';
  const digits = frame.toString('latin1', 4, 16);
  // Six digits each; some terminals blank leading zeros with spaces.
  if (!/^ *[0-9]+$/.test(digits.slice(0, 6)) || !/^ *[0-9]+$/.test(digits.slice(6)))
    return 'weight and tare are not 6 digits each';
  const scale = SCALE_BY_CODE[a & 7]!;
  const unitCode = c & 7;
  const unit = unitCode === 0 ? (bit(b, 4) ? 'kg' : 'lb') : UNIT_BY_CODE[unitCode];
  if (!unit)
    return `status word C: unit code ${unitCode} is not a unit converted here (troy oz, dwt, custom)`;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    weight: round(Number(digits.slice(0, 6).trim()) * scale),
    tare: round(Number(digits.slice(6).trim()) * scale),
    unit,
    net: bit(b, 0),
    negative: bit(b, 1),
    outOfRange: bit(b, 2),
    motion: bit(b, 3),
    powerUpNotZeroed: bit(b, 6),
    expanded: bit(c, 4),
    increment,
  };
}

/** The frame a terminal sends (tests and the fake terminal). */
export function encodeToledoFrame(
  f: Partial<ToledoFrame> & { weight: number },
  options: { decimals?: number; checksum?: boolean } = {},
): Buffer {
  const decimals = options.decimals ?? 0;
  const unitCode = Object.entries(UNIT_BY_CODE).find(([, u]) => u === f.unit)?.[0];
  const a = 0x20 | (decimals + 2) | ({ 1: 1, 2: 2, 5: 3 }[f.increment ?? 1]! << 3);
  const b =
    0x20 |
    (f.net ? 1 : 0) |
    (f.negative ? 2 : 0) |
    (f.outOfRange ? 4 : 0) |
    (f.motion ? 8 : 0) |
    ((f.unit ?? 'kg') === 'kg' ? 0x10 : 0) |
    (f.powerUpNotZeroed ? 0x40 : 0);
  const c = 0x20 | Number(unitCode ?? 0) | (f.expanded ? 0x10 : 0);
  const six = (v: number) => String(Math.round(Math.abs(v) * 10 ** decimals)).padStart(6, '0');
  const frame = Buffer.from(
    `\x02${String.fromCharCode(a, b, c)}${six(f.weight)}${six(f.tare ?? 0)}\r`,
    'latin1',
  );
  return options.checksum ? Buffer.concat([frame, Buffer.of(toledoChecksum(frame))]) : frame;
}

function reading(f: ToledoFrame): IndicatorReading {
  const perUnit = KG_PER_UNIT[f.unit]!;
  if (f.outOfRange)
    return {
      kind: 'out-of-range',
      side: f.negative ? 'under' : 'over',
      what: `out of range (status B bit 2, ${f.negative ? 'negative' : 'positive'})`,
    };
  return {
    kind: 'weight',
    kg: (f.negative ? -f.weight : f.weight) * perUnit,
    basis: f.net ? 'net' : 'gross',
    // Motion, a terminal not zeroed since power-up, or an expanded (x10, test) display: not a weighing.
    stable: !f.motion && !f.powerUpNotZeroed && !f.expanded,
    tareKg: f.tare * perUnit,
  };
}

export class ToledoContinuousDecoder extends FrameScanner {
  constructor(checksum: boolean) {
    super({
      name: 'Toledo continuous',
      start: STX,
      length: checksum ? 18 : 17,
      decode: (frame) => {
        const f = parseToledoFrame(frame, checksum);
        return typeof f === 'string' ? f : reading(f);
      },
    });
  }
}
