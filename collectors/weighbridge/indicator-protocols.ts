// The indicator protocols a bridge can speak (its `protocol`): the serial line each is opened with where the
// bridge's `line` leaves a field out, and the decoder for its frames. One place per protocol name.
import { line8N1, type SerialLine } from '../common/devices/serial-line';
import type { GrossOptions } from './gross-weight';
import type { IndicatorDecoder } from './indicator-reading';
import { MtSicsDecoder } from './mt-sics';
import { ToledoContinuousDecoder } from './toledo-continuous';
import { Xk3190Decoder } from './xk3190';
import { Xk3190A12Decoder } from './xk3190-a12';
import { Xk3190Tf2Decoder } from './xk3190-tf2';

export const INDICATOR_PROTOCOLS = [
  'xk3190',
  'xk3190-tf0',
  'xk3190-tf2',
  'xk3190-a12',
  'toledo-continuous',
  'mt-sics',
] as const;
export type IndicatorProtocolName = (typeof INDICATOR_PROTOCOLS)[number];

/** The line a serial bridge is opened with where its `line` leaves a field out. */
export const linePresets: Record<IndicatorProtocolName, SerialLine> = {
  // Yaohua XK3190 indicators ship at 9600 baud 8N1 (other rates selectable in the indicator's setup);
  // `xk3190` is the tF=0 frame under its earlier name.
  xk3190: line8N1,
  'xk3190-tf0': line8N1,
  'xk3190-tf2': line8N1,
  'xk3190-a12': line8N1,
  // METTLER TOLEDO terminals: "most METTLER TOLEDO equipment communicates using 7 data bits"
  // (JAGXTREME technical manual); the terminals' ports default to 9600 7E1.
  'toledo-continuous': { ...line8N1, dataBits: 7, parity: 'even' },
  // Mettler-Toledo's factory setting for the host interface: 9600 baud, 8 data bits, no parity, 1 stop bit
  // (with Xon/Xoff handshake). XON/XOFF stays off here: one short command is in flight at a time, so there is
  // nothing to throttle, and a stray 0x13 from line noise would stop our commands until an XON comes.
  'mt-sics': line8N1,
};

/** What the decoder needs of a bridge's config. */
export interface DecoderSettings {
  protocol: IndicatorProtocolName;
  /** XK3190 tF=0 / tF=2: the unit the indicator displays. */
  unit: 'kg' | 't';
  /** Toledo continuous output: whether the terminal appends its checksum byte. */
  checksum: boolean;
}

export function createDecoder(s: DecoderSettings): IndicatorDecoder {
  const kgPerUnit = s.unit === 't' ? 1000 : 1;
  switch (s.protocol) {
    case 'xk3190':
    case 'xk3190-tf0':
      return new Xk3190Decoder(kgPerUnit);
    case 'xk3190-tf2':
      return new Xk3190Tf2Decoder(kgPerUnit);
    case 'xk3190-a12':
      return new Xk3190A12Decoder();
    case 'toledo-continuous':
      return new ToledoContinuousDecoder(s.checksum);
    case 'mt-sics':
      return new MtSicsDecoder();
  }
}

/** Advice logged with a net weight that cannot be made gross. */
export const netHints: Partial<Record<IndicatorProtocolName, string>> = {
  'xk3190-a12': 'the A12 line has no tare: clear the tare on the indicator so that it shows gross (WG)',
  'mt-sics': 'no TA reply with the tare yet; an indicator that is never tared can be set "tare": "none"',
};

/** The gross-weight stage's options for a bridge: MT-SICS with `tare: "none"` takes its net as gross. */
export function grossOptions(s: { protocol: IndicatorProtocolName; tare?: 'query' | 'none' }): GrossOptions {
  const hint = netHints[s.protocol];
  return { netIsGross: s.protocol === 'mt-sics' && s.tare === 'none', ...(hint ? { netHint: hint } : {}) };
}
