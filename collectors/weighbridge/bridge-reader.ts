// One bridge's indicator: the device link, the protocol decoder and, for MT-SICS, the command poller (one
// command in flight; the next after the reply or a reply timeout). Samples go to `onSample`; corrupt frames
// and device errors are counted and reported, never thrown.
import { type DeviceLink, describeTarget } from '../common/devices/device-link';
import type { ProblemLog } from '../common/runner/problem-log';
import type { WriterLog } from '../common/transport/server-writer';
import { type MtSicsCommand, MtSicsDecoder, mtSicsCommandBytes } from './mt-sics';
import type { ScaleSample } from './settle-detector';
import { Xk3190Decoder } from './xk3190';

export type IndicatorProtocol =
  | { protocol: 'xk3190'; kgPerUnit: number }
  | { protocol: 'mt-sics'; command: MtSicsCommand; pollMs: number; replyTimeoutMs: number };

export class BridgeReader {
  polls = 0;
  replyTimeouts = 0;
  private readonly xk: Xk3190Decoder | undefined;
  private readonly sics: MtSicsDecoder | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly bridge: string,
    private readonly link: DeviceLink,
    private readonly protocol: IndicatorProtocol,
    private readonly onSample: (sample: ScaleSample) => void,
    private readonly problems: ProblemLog,
    private readonly log: WriterLog,
  ) {
    if (protocol.protocol === 'xk3190') this.xk = new Xk3190Decoder(protocol.kgPerUnit);
    else this.sics = new MtSicsDecoder();
  }

  get connected(): boolean {
    return this.link.connected;
  }

  start(): void {
    const where = `${this.bridge} (${describeTarget(this.link.target)})`;
    this.link.start({
      up: () => {
        // Bytes of a frame cut by the drop would be glued to the first bytes of the new connection.
        this.xk?.reset();
        this.sics?.reset();
        this.log('info', `${where}: connected`);
        this.poll();
      },
      down: (reason) => {
        clearTimeout(this.pollTimer);
        this.log('warn', `${where}: link down (${reason}); reconnecting`);
      },
      data: (chunk) => this.data(chunk),
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.pollTimer);
    await this.link.stop();
  }

  stats(): Record<string, number | boolean> {
    const counters = this.xk?.counters ?? this.sics?.counters ?? {};
    return {
      connected: this.link.connected,
      reconnects: this.link.reconnects,
      ...counters,
      ...(this.sics ? { polls: this.polls, replyTimeouts: this.replyTimeouts } : {}),
    };
  }

  private data(chunk: Buffer): void {
    if (this.xk) {
      const { samples, problems } = this.xk.push(chunk);
      for (const p of problems) this.problems.report(`${this.bridge} corrupt frames`, `${this.bridge}: ${p}`);
      for (const s of samples) this.onSample(s);
      return;
    }
    const { replies, problems } = this.sics!.push(chunk);
    for (const p of problems) this.problems.report(`${this.bridge} MT-SICS problems`, `${this.bridge}: ${p}`);
    for (const r of replies) if (r.kind === 'weight') this.onSample(r.sample);
    if (replies.length > 0) this.schedulePoll(this.sicsOptions().pollMs);
  }

  private sicsOptions() {
    return this.protocol as Extract<IndicatorProtocol, { protocol: 'mt-sics' }>;
  }

  /** Sends the MT-SICS command and arms the reply timeout (XK3190 streams by itself: nothing to send). */
  private poll(): void {
    if (!this.sics) return;
    const o = this.sicsOptions();
    if (!this.link.write(mtSicsCommandBytes(o.command))) return;
    this.polls++;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.replyTimeouts++;
      this.problems.report(
        `${this.bridge} reply timeouts`,
        `${this.bridge}: no reply to ${o.command} within ${o.replyTimeoutMs} ms`,
      );
      this.poll();
    }, o.replyTimeoutMs);
  }

  private schedulePoll(delayMs: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => this.poll(), delayMs);
  }
}
