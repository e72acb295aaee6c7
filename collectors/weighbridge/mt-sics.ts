// Decoder for Mettler-Toledo MT-SICS replies (MT-SICS reference manual): `S` (stable weight), `SI` (weight
// immediately) and `SIR` (weight immediately and repeated, until another S/SI/SIR or @) all answer
// `S S     1234 kg` (stable) or `S D     1234 kg` (dynamic); `S I` busy, `S +` overload, `S -` underload.
// The weight they send is the NET weight (gross less the indicator's tare), so the tare is asked with `TA`:
// `TA A    16800 kg`. `ES` (syntax), `ET` (transmission) and `EL` (logical) are errors. Lines end CR LF.
import type { DecodedChunk, IndicatorDecoder, IndicatorReading } from './indicator-reading';
import { KG_PER_UNIT } from './indicator-reading';

export type MtSicsCommand = 'S' | 'SI' | 'SIR';

export const mtSicsErrors = {
  'S I': 'command not executable (balance busy)',
  'S +': 'overload (above the weighing range)',
  'S -': 'underload (below zero range)',
  'TA I': 'tare query not executable (busy)',
  'TA L': 'tare query refused (logical error)',
  ES: 'syntax error (command not recognised)',
  ET: 'transmission error (parity or framing)',
  EL: 'logical error (command cannot be executed)',
} as const;
export type MtSicsErrorCode = keyof typeof mtSicsErrors;

const WEIGHT_RE = /^S ([SD]) +(-?\d+(?:\.\d+)?) +([a-zA-Z]+)$/;
const TARE_RE = /^TA A +(-?\d+(?:\.\d+)?) +([a-zA-Z]+)$/;
const MAX_LINE = 128;

export type MtSicsReply =
  | { kind: 'weight'; kg: number; stable: boolean }
  | { kind: 'tare'; kg: number }
  | { kind: 'error'; code: MtSicsErrorCode }
  | { kind: 'corrupt'; reason: string };

export function parseMtSicsReply(line: string): MtSicsReply {
  const trimmed = line.trim();
  if (Object.hasOwn(mtSicsErrors, trimmed)) return { kind: 'error', code: trimmed as MtSicsErrorCode };
  const m = WEIGHT_RE.exec(trimmed) ?? TARE_RE.exec(trimmed);
  if (!m)
    return { kind: 'corrupt', reason: `not an MT-SICS weight reply: ${JSON.stringify(line.slice(0, 40))}` };
  const unit = m.length === 4 ? m[3]! : m[2]!;
  const factor = Object.hasOwn(KG_PER_UNIT, unit) ? KG_PER_UNIT[unit] : undefined;
  if (factor === undefined) return { kind: 'corrupt', reason: `unknown unit "${unit}"` };
  if (m.length === 3) return { kind: 'tare', kg: Number(m[1]) * factor };
  return { kind: 'weight', kg: Number(m[2]) * factor, stable: m[1] === 'S' };
}

export function mtSicsCommandBytes(command: MtSicsCommand | 'TA'): Buffer {
  return Buffer.from(`${command}\r\n`, 'latin1');
}

function reading(reply: MtSicsReply): IndicatorReading | undefined {
  if (reply.kind === 'weight') return { kind: 'weight', kg: reply.kg, stable: reply.stable, basis: 'net' };
  if (reply.kind === 'tare') return { kind: 'tare', kg: reply.kg };
  if (reply.kind === 'error' && (reply.code === 'S +' || reply.code === 'S -'))
    return { kind: 'out-of-range', side: reply.code === 'S +' ? 'over' : 'under', what: `"${reply.code}"` };
  return undefined;
}

export class MtSicsDecoder implements IndicatorDecoder {
  readonly counters = { replies: 0, corrupt: 0, deviceErrors: 0 };
  /** Replies (lines) in the last chunk: each one lets the poller send the next command. */
  lastReplies: MtSicsReply[] = [];
  private partial = '';

  reset(): void {
    this.partial = '';
  }

  push(chunk: Buffer): DecodedChunk {
    const text = this.partial + chunk.toString('latin1');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    const replies: MtSicsReply[] = [];
    const problems: string[] = [];
    if (this.partial.length > MAX_LINE) {
      this.counters.corrupt++;
      problems.push(`MT-SICS line over ${MAX_LINE} bytes without a line break: dropped`);
      this.partial = '';
    }
    let valid = 0;
    let invalid = problems.length;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const reply = parseMtSicsReply(line);
      replies.push(reply);
      if (reply.kind === 'weight' || reply.kind === 'tare') {
        this.counters.replies++;
        valid++;
      } else if (reply.kind === 'error') {
        this.counters.deviceErrors++;
        problems.push(`MT-SICS "${reply.code}": ${mtSicsErrors[reply.code]}`);
        // ET is the indicator saying our bytes reached it garbled (parity or framing): a line problem too.
        if (reply.code === 'ET') invalid++;
        else valid++;
      } else {
        this.counters.corrupt++;
        invalid++;
        problems.push(reply.reason);
      }
    }
    this.lastReplies = replies;
    const readings = replies.flatMap((r) => reading(r) ?? []);
    return { readings, problems, valid, invalid };
  }
}
