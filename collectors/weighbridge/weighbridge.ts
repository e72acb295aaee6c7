// The weighbridge device collector: one reader per bridge indicator (XK3190, Toledo continuous output or
// MT-SICS over TCP or a device path such as a serial port), the plate input on HTTP, and the station that settles, identifies and pairs weighings. Open
// in-weighings are kept in a state file, so a restart between a truck's in and out loses nothing.
import { resolve } from 'node:path';
import type { Weighbridge } from '../../shared/events/weighbridge';
import { DeviceLink } from '../common/devices/device-link';
import { readJsonFile, writeFileAtomic } from '../common/runner/atomic-file';
import type { CollectorContext } from '../common/runner/collector-kind';
import { type JsonHttpServer, startJsonServer } from '../common/runner/json-http-server';
import { ProblemLog } from '../common/runner/problem-log';
import type { Collector, CollectorStats, EventSink } from '../contract';
import { BridgeReader } from './bridge-reader';
import { stationOptions, type WeighbridgeConfig } from './config';
import type { PairingState } from './pairing';
import { plateInputHandler } from './plate-input';
import type { ScaleSample } from './settle-detector';
import { WeighStation } from './station';

export class WeighbridgeCollector implements Collector {
  readonly name: string;
  private station: WeighStation | undefined;
  private readers: BridgeReader[] = [];
  private http: JsonHttpServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly stateFile: string | undefined;

  constructor(
    private readonly config: WeighbridgeConfig,
    private readonly context: CollectorContext,
  ) {
    this.name = `weighbridge:${config.site}`;
    const file = config.pairing.stateFile;
    this.stateFile = file === undefined ? undefined : resolve(context.configDir, file);
  }

  /** Where plates are posted (http://host:port/plates), once started. */
  get plateUrl(): string | undefined {
    return this.http ? `${this.http.url}/plates` : undefined;
  }

  async start(sink: EventSink): Promise<void> {
    const c = this.config;
    const log = this.context.log;
    const emit = (events: Weighbridge[]) =>
      void Promise.resolve(sink.write(events)).catch((e) => log('error', String(e)));
    const station = new WeighStation(
      stationOptions(c, { now: Date.now, emit, log, onStateChange: (state) => this.saveState(state) }),
    );
    if (this.stateFile)
      station.pairing.restore(readJsonFile<PairingState>(this.stateFile) ?? { pending: [] });
    this.http = await startJsonServer(
      c.plates.listen,
      plateInputHandler((read) => station.plate(read)),
    );
    this.station = station;
    const problems = new ProblemLog(log);
    const lineCheck = {
      windowMs: c.lineCheck.windowSeconds * 1000,
      warnPercent: c.lineCheck.warnPercent,
      minFrames: c.lineCheck.minFrames,
    };
    this.readers = c.bridges.map((b) => {
      const link = new DeviceLink(b.connection, { backoff: c.reconnect, idleTimeoutMs: b.idleTimeoutMs });
      const out = {
        sample: (s: ScaleSample) => station.sample(b.id, s),
        interrupt: () => station.interrupt(b.id),
      };
      return new BridgeReader(b.id, link, b, out, problems, log, lineCheck);
    });
    // A device path that cannot be opened now is a config error (the caller stops what did start).
    const started = await Promise.allSettled(this.readers.map((r) => r.start()));
    const failed = started.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
    if (failed.length > 0) throw new Error(failed.join('\n'));
    this.timer = setInterval(() => station.tick(), 250);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.readers.map((r) => r.stop()));
    await this.http?.close();
    this.http = undefined;
  }

  problem(): string | undefined {
    const down = this.readers.filter((r) => !r.connected).map((r) => r.bridge);
    const problems = this.readers.flatMap((r) => r.problem() ?? []);
    if (down.length > 0) problems.unshift(`indicator link down: ${down.join(', ')}`);
    return problems.length > 0 ? problems.join('; ') : undefined;
  }

  stats(): CollectorStats {
    const s = this.station;
    const out: CollectorStats = s
      ? { ...s.counters, ...s.pairing.counters, open: s.pairing.pending().length }
      : {};
    for (const r of this.readers) {
      for (const [k, v] of Object.entries(r.stats())) out[`${r.bridge}.${k}`] = v;
      const detector = s?.detector(r.bridge);
      if (detector) {
        out[`${r.bridge}.unstable`] = detector.unstable;
        out[`${r.bridge}.occupied`] = detector.occupied;
      }
    }
    return out;
  }

  private saveState(state: PairingState): void {
    if (this.stateFile) writeFileAtomic(this.stateFile, JSON.stringify(state));
  }
}
