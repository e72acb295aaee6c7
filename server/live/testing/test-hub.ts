// The live hub as its tests build it: the default sites, fresh KPIs, 60 s snapshots, 10 clients and no send
// cap to speak of, each test overriding what it is about; and a socket that records what the hub sends.
import { type ServerMessage, serverMessageSchema } from '../../../shared/live/messages';
import { defaultSites } from '../../../shared/sites/default-sites';
import { siteRegistrySchema } from '../../../shared/sites/registry';
import { RollingKpis } from '../../kpis/rolling-kpis';
import { type HubOptions, LiveHub } from '../hub';
import type { LiveSocket } from '../live-client';

export const testSites = siteRegistrySchema.parse(defaultSites);

/** KPIs for every test site (pass them to testHub when the test feeds or reads them). */
export const testKpis = () => new RollingKpis(testSites.map((s) => s.id));

export function testHub(options: Partial<HubOptions> = {}): LiveHub {
  return new LiveHub({
    sites: testSites,
    kpis: testKpis(),
    snapshotSeconds: 60,
    maxBufferedBytes: 1 << 30,
    maxClients: 10,
    version: 'test',
    storage: () => ({ kind: 'embedded', lagEvents: 0 }),
    ...options,
  });
}

export interface RecordingSocket extends LiveSocket {
  /** Every frame sent, as text. */
  sent: string[];
  /** The close code and reason, once closed by the hub. */
  closed?: [number, string];
  /** The frames sent since the last call, parsed by the protocol's schema. */
  received(): ServerMessage[];
}

export function recordingSocket(bufferedAmount: () => number = () => 0): RecordingSocket {
  const sent: string[] = [];
  return {
    sent,
    send: (d) => sent.push(d),
    bufferedAmount,
    close(code, reason) {
      this.closed = [code, reason];
    },
    received: () => sent.splice(0).map((f) => serverMessageSchema.parse(JSON.parse(f)) as ServerMessage),
  };
}
