// What an indicator's frame or reply says, before it becomes a gross weight sample: a weight with its basis
// (gross, net, or a frame that does not say), a tare the indicator reports, or a weight outside the
// indicator's range. Every decoder returns these, with the problems it found and its share of valid frames.

export type WeightBasis =
  /** The frame says the weight is gross. */
  | 'gross'
  /** The frame says the weight is net of the indicator's tare. */
  | 'net'
  /** The frame carries no gross/net flag (XK3190 tF=0 / tF=2): the display is taken as gross. */
  | 'display';

export type IndicatorReading =
  | {
      kind: 'weight';
      kg: number;
      basis: WeightBasis;
      /** The indicator's own stability flag; undefined when the protocol has none. */
      stable?: boolean;
      /** The tare the frame carries with the weight (Toledo continuous output). */
      tareKg?: number;
    }
  /** The tare in force, from a query (MT-SICS TA). */
  | { kind: 'tare'; kg: number }
  /** Over or under the indicator's range (XK3190-A12 OL/LO, Toledo out-of-range bit, MT-SICS S + / S -). */
  | { kind: 'out-of-range'; side: 'over' | 'under'; what: string };

export interface DecodedChunk {
  readings: IndicatorReading[];
  /** One line per corrupt frame or device error, for the (rate-limited) log. */
  problems: string[];
  /** Frames (or replies) in this chunk that decoded, and those that did not, for the line check (wrong baud
   * rate or parity). Bytes outside any frame count as shares of a frame: a wrong parity garbles the start
   * byte itself, so few frames are even recognised as corrupt. */
  valid: number;
  invalid: number;
}

export interface IndicatorDecoder {
  /** Counters shown per bridge in the health stats (frames, corrupt, skippedBytes, …). */
  readonly counters: Record<string, number>;
  push(chunk: Buffer): DecodedChunk;
  /** Forgets a partial frame (the link was reopened). */
  reset(): void;
}

export { KG_PER_UNIT } from '../common/units/kg-per-unit';

export const hexBytes = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();
