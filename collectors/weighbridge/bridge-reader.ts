// One bridge's indicator: the device link, the protocol's decoder, the gross-weight stage (a net reading is
// made gross with its tare, or refused) and, for MT-SICS, the command poller (one command in flight; the next
// after the reply or a reply timeout; the tare asked with TA every tareQueryMs). Samples go to `out.sample`;
// corrupt frames and device errors are counted and reported, never thrown. A large share of invalid frames
// (wrong baud rate or parity garble nearly all of them) is measured over a window and reported with what to
// check.

import type { Logger } from '../../shared/logger';
import { type DeviceLink, describeTarget } from '../common/devices/device-link';
import { FrameQuality, type FrameQualityOptions } from '../common/devices/frame-quality';
import { describeLine } from '../common/devices/serial-line';
import type { ProblemLog } from '../common/runner/problem-log';
import { type GrossOutput, GrossWeight } from './gross-weight';
import { createDecoder, type DecoderSettings, grossOptions } from './indicator-protocols';
import type { IndicatorDecoder } from './indicator-reading';
import { type MtSicsCommand, MtSicsDecoder, mtSicsCommandBytes } from './mt-sics';

export interface SicsPolling {
  command: MtSicsCommand;
  pollMs: number;
  replyTimeoutMs: number;
  /** "query": ask the tare with TA every tareQueryMs; "none": the indicator is never tared. */
  tare: 'query' | 'none';
  tareQueryMs: number;
}

export type ReaderSettings = DecoderSettings & Partial<SicsPolling>;

export class BridgeReader {
  polls = 0;
  replyTimeouts = 0;
  private readonly decoder: IndicatorDecoder;
  private readonly gross: GrossWeight;
  private readonly sics: SicsPolling | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastTareQueryAt = Number.NEGATIVE_INFINITY;
  private readonly quality: FrameQuality;

  constructor(
    readonly bridge: string,
    private readonly link: DeviceLink,
    settings: ReaderSettings,
    private readonly out: GrossOutput,
    private readonly problems: ProblemLog,
    private readonly log: Logger,
    private readonly lineCheck: FrameQualityOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.decoder = createDecoder(settings);
    if (this.decoder instanceof MtSicsDecoder)
      this.sics = {
        command: settings.command ?? 'SI',
        pollMs: settings.pollMs ?? 250,
        replyTimeoutMs: settings.replyTimeoutMs ?? 2000,
        tare: settings.tare ?? 'query',
        tareQueryMs: settings.tareQueryMs ?? 10_000,
      };
    this.gross = new GrossWeight(bridge, {
      ...grossOptions(settings),
      // A TA reply is due every tareQueryMs; two intervals plus a reply timeout without one: the tare is stale.
      ...(this.sics?.tare === 'query'
        ? { maxTareAgeMs: 2 * this.sics.tareQueryMs + this.sics.replyTimeoutMs, now: () => this.now() }
        : {}),
    });
    this.quality = new FrameQuality(lineCheck);
  }

  get connected(): boolean {
    return this.link.connected;
  }

  /** "42 % of frames invalid", or a net weight refused for want of its tare: what makes the bridge degraded. */
  problem(): string | undefined {
    if (this.quality.suspect(this.now()))
      return `${this.quality.summary(this.now()).percent} % of frames invalid on ${this.bridge}`;
    return this.gross.refusing;
  }

  /** Opens the link; rejects, naming the bridge, when a device path cannot be opened (a config error). */
  async start(): Promise<void> {
    const where = `${this.bridge} (${describeTarget(this.link.target)})`;
    try {
      await this.link.start({
        up: () => {
          // Bytes of a frame cut by the drop would be glued to the first bytes of the new connection.
          this.decoder.reset();
          this.lastTareQueryAt = Number.NEGATIVE_INFINITY;
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
    const tare = this.gross.indicatorTareKg;
    return {
      connected: this.link.connected,
      reconnects: this.link.reconnects,
      ...this.decoder.counters,
      ...(this.sics ? { polls: this.polls, replyTimeouts: this.replyTimeouts } : {}),
      ...this.gross.counters,
      ...(tare === undefined ? {} : { indicatorTareKg: tare }),
      invalidPercent: this.quality.summary(this.now()).percent,
      lineWarnings: this.quality.warnings,
    };
  }

  private data(chunk: Buffer): void {
    const { readings, problems, valid, invalid } = this.decoder.push(chunk);
    for (const p of problems) this.problems.report(`${this.bridge} corrupt frames`, `${this.bridge}: ${p}`);
    this.checkLine(valid, invalid);
    this.gross.feed(readings, this.out, (kind, message) => this.problems.report(kind, message));
    if (this.sics && this.decoder instanceof MtSicsDecoder && this.decoder.lastReplies.length > 0) {
      if (this.sics.command === 'SIR') this.armSirWatch();
      else this.schedulePoll(this.sics.pollMs);
    }
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

  private tareDue(): boolean {
    return this.sics?.tare === 'query' && this.now() - this.lastTareQueryAt >= this.sics.tareQueryMs;
  }

  /** MT-SICS: sends the next command and arms the reply timeout (the streaming protocols send nothing). */
  private poll(): void {
    const o = this.sics;
    if (!o) return;
    const tare = this.tareDue();
    // S / SI: one command at a time, the tare query taking its turn. SIR: the tare query, then SIR again
    // (harmless while it repeats, and it restarts a repetition the tare query may have ended).
    const commands = o.command === 'SIR' ? [...(tare ? ['TA'] : []), 'SIR'] : [tare ? 'TA' : o.command];
    for (const c of commands) if (!this.link.write(mtSicsCommandBytes(c as MtSicsCommand))) return;
    if (tare) this.lastTareQueryAt = this.now();
    this.polls++;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.replyTimeouts++;
      this.problems.report(
        `${this.bridge} reply timeouts`,
        `${this.bridge}: no reply to ${commands.join(' + ')} within ${o.replyTimeoutMs} ms`,
      );
      this.poll();
    }, o.replyTimeoutMs);
  }

  /** SIR: the replies keep coming unasked; silence for replyTimeoutMs sends SIR again, and so does the tare. */
  private armSirWatch(): void {
    if (this.tareDue()) {
      this.poll();
      return;
    }
    clearTimeout(this.pollTimer);
    const o = this.sics!;
    this.pollTimer = setTimeout(() => {
      this.replyTimeouts++;
      this.problems.report(
        `${this.bridge} reply timeouts`,
        `${this.bridge}: SIR replies stopped for ${o.replyTimeoutMs} ms; sending SIR again`,
      );
      this.poll();
    }, o.replyTimeoutMs);
  }

  private schedulePoll(delayMs: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => this.poll(), delayMs);
  }
}
