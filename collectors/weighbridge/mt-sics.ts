// Decoder for Mettler-Toledo MT-SICS replies to the `S` (stable weight) and `SI` (weight immediately)
// commands: `S S     1234 kg` stable, `S D     1234 kg` dynamic; `S I` (busy), `S +` (overload), `S -`
// (underload), `ES` (syntax), `ET` (transmission) and `EL` (logical) errors. Lines end with CR LF.
import type { ScaleSample } from './settle-detector';

export type MtSicsCommand = 'S' | 'SI';

export const mtSicsErrors = {
  'S I': 'command not executable (balance busy)',
  'S +': 'overload (above the weighing range)',
  'S -': 'underload (below zero range)',
  ES: 'syntax error (command not recognised)',
  ET: 'transmission error (parity or framing)',
  EL: 'logical error (command cannot be executed)',
} as const;
export type MtSicsErrorCode = keyof typeof mtSicsErrors;

const kgPerUnit: Record<string, number> = { g: 0.001, kg: 1, t: 1000, lb: 0.45359237 };
const WEIGHT_RE = /^S ([SD]) +(-?\d+(?:\.\d+)?) +([a-zA-Z]+)$/;
const MAX_LINE = 128;

export type MtSicsReply =
  | { kind: 'weight'; sample: ScaleSample }
  | { kind: 'error'; code: MtSicsErrorCode }
  | { kind: 'corrupt'; reason: string };

export function parseMtSicsReply(line: string): MtSicsReply {
  const trimmed = line.trim();
  if (Object.hasOwn(mtSicsErrors, trimmed)) return { kind: 'error', code: trimmed as MtSicsErrorCode };
  const m = WEIGHT_RE.exec(trimmed);
  if (!m)
    return { kind: 'corrupt', reason: `not an MT-SICS weight reply: ${JSON.stringify(line.slice(0, 40))}` };
  const factor = kgPerUnit[m[3]!];
  if (factor === undefined) return { kind: 'corrupt', reason: `unknown unit "${m[3]}"` };
  return { kind: 'weight', sample: { kg: Number(m[2]) * factor, stable: m[1] === 'S' } };
}

export function mtSicsCommandBytes(command: MtSicsCommand): Buffer {
  return Buffer.from(`${command}\r\n`, 'latin1');
}

export class MtSicsDecoder {
  readonly counters = { replies: 0, corrupt: 0, deviceErrors: 0 };
  private partial = '';

  /** Forgets a partial line (the link was reopened). */
  reset(): void {
    this.partial = '';
  }

  push(chunk: Buffer): { replies: MtSicsReply[]; problems: string[] } {
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
    for (const line of lines) {
      if (line.trim() === '') continue;
      const reply = parseMtSicsReply(line);
      replies.push(reply);
      if (reply.kind === 'weight') this.counters.replies++;
      else if (reply.kind === 'error') {
        this.counters.deviceErrors++;
        problems.push(`MT-SICS "${reply.code}": ${mtSicsErrors[reply.code]}`);
      } else {
        this.counters.corrupt++;
        problems.push(reply.reason);
      }
    }
    return { replies, problems };
  }
}
