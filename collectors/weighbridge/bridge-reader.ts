// One bridge's indicator: the device link, the protocol decoder and, for MT-SICS, the command poller (one
// command in flight; the next after the reply or a reply timeout). Samples go to `onSample`; corrupt frames
// and device errors are counted and reported, never thrown. A large share of invalid frames (wrong baud rate
// or parity garble nearly all of them) is measured over a window and reported with what to check.

import type { Logger } from '../../shared/logger';
import { type DeviceLink, describeTarget } from '../common/devices/device-link';
import { FrameQuality, type FrameQualityOptions } from '../common/devices/frame-quality';
import { describeLine } from '../common/devices/serial-line';
import type { ProblemLog } from '../common/runner/problem-log';
import { type MtSicsCommand, MtSicsDecoder, mtSicsCommandBytes } from './mt-sics';
import type { ScaleSample } from './settle-detector';
import { FRAME_BYTES, Xk3190Decoder } from './xk3190';

export type IndicatorProtocol =
  | { protocol: 'xk3190'; kgPerUnit: number }
  | { protocol: 'mt-sics'; command: MtSicsCommand; pollMs: number; replyTimeoutMs: number };

export class BridgeReader {
  polls = 0;
  replyTimeouts = 0;
  private readonly xk: Xk3190Decoder | undefined;
  private readonly sics: MtSicsDecoder | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly quality: FrameQuality;

  constructor(
    readonly bridge: string,
    private readonly link: DeviceLink,
    private readonly protocol: IndicatorProtocol,
    private readonly onSample: (sample: ScaleSample) => void,
    private readonly problems: ProblemLog,
    private readonly log: Logger,
    private readonly lineCheck: FrameQualityOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (protocol.protocol === 'xk3190') this.xk = new Xk3190Decoder(protocol.kgPerUnit);
    else this.sics = new MtSicsDecoder();
    this.quality = new FrameQuality(lineCheck);
  }

  get connected(): boolean {
    return this.link.connected;
  }

  /** "42 % of frames invalid": while too many frames fail their check. */
  lineProblem(): string | undefined {
    if (!this.quality.suspect(this.now())) return undefined;
    return `${this.quality.summary(this.now()).percent} % of frames invalid on ${this.bridge}`;
  }

  /** Opens the link; rejects, naming the bridge, when a device path cannot be opened (a config error). */
  async start(): Promise<void> {
    const where = `${this.bridge} (${describeTarget(this.link.target)})`;
    try {
      await this.link.start({
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
    } catch (e) {
      throw new Error(`bridge ${this.bridge}: ${(e as Error).message}`);
    }
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
      invalidPercent: this.quality.summary(this.now()).percent,
      lineWarnings: this.quality.warnings,
    };
  }

  private data(chunk: Buffer): void {
    if (this.xk) {
      const before = { ...this.xk.counters };
      const { samples, problems } = this.xk.push(chunk);
      for (const p of problems) this.problems.report(`${this.bridge} corrupt frames`, `${this.bridge}: ${p}`);
      const c = this.xk.counters;
      // Bytes outside frames count as shares of a frame: at a wrong parity the STX itself is garbled, so
      // nearly everything is skipped and few frames are even recognised as corrupt.
      const skippedFrames = (c.skippedBytes - before.skippedBytes) / FRAME_BYTES;
      this.checkLine(c.frames - before.frames, c.corrupt - before.corrupt + skippedFrames);
      for (const s of samples) this.onSample(s);
      return;
    }
    const before = { ...this.sics!.counters };
    const { replies, problems } = this.sics!.push(chunk);
    for (const p of problems) this.problems.report(`${this.bridge} MT-SICS problems`, `${this.bridge}: ${p}`);
    const c = this.sics!.counters;
    // ET is the indicator saying our bytes reached it garbled (parity or framing): a line problem too.
    const transmission = replies.filter((r) => r.kind === 'error' && r.code === 'ET').length;
    this.checkLine(
      c.replies - before.replies + c.deviceErrors - before.deviceErrors - transmission,
      c.corrupt - before.corrupt + transmission,
    );
    for (const r of replies) if (r.kind === 'weight') this.onSample(r.sample);
    if (replies.length > 0) this.schedulePoll(this.sicsOptions().pollMs);
  }

  private checkLine(valid: number, invalid: number): void {
    const now = this.now();
    this.quality.add(now, valid, invalid);
    const w = this.quality.warning(now);
    if (!w) return;
    const secs = this.lineCheck.windowMs / 1000;
    const window = secs === 60 ? 'the last minute' : `the last ${secs} s`;
    const t = this.link.target;
    const settings =
      'tcp' in t
        ? `on the converter's serial side (${describeTarget(t)})`
        : `(${describeTarget(t)} opened at ${describeLine(t.line)})`;
    this.log(
      'warn',
      `${w.percent} % of frames invalid on ${this.bridge} in ${window}: check baud rate and parity ${settings}`,
    );
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
