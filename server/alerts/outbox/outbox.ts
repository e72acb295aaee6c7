// The durable outbox: every notification is a file in PORTPULSE_DATA_DIR/alerting/outbox (written to a temp
// name, fsync'd, renamed, directory fsync'd) before anything is sent, and is removed only after its outcome is
// in the history. A restart or a crash in between resends what is left; a file whose outcome is already in the
// history (crash between the two) is removed without sending. Each channel delivers one notification at a time,
// oldest first; a retryable failure waits with exponential backoff and jitter, a final one (4xx, robot errcode)
// is logged with the answer and dropped, and one still failing after PORTPULSE_ALERT_OUTBOX_MAX_AGE_HOURS
// expires. Receivers can drop a repeat delivery by the notification id (a crash after the send but before
// the history record resends it).
import { mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Backoff } from '../../../shared/backoff';
import type { Logger } from '../../logger';
import { type DeliveryResult, type Notification, notificationSchema } from './notification';

export interface OutboxOptions {
  dir: string;
  /** Delivers through the channel's current configuration. */
  send(n: Notification): Promise<DeliveryResult>;
  /** Records a final outcome (durably) before the file is removed. */
  onOutcome(n: Notification, outcome: 'sent' | 'failed' | 'expired', detail?: string): Promise<void>;
  /** True when the history already holds this notification's outcome. */
  isDone(id: string): boolean;
  retryMinMs: number;
  retryMaxMs: number;
  maxAgeMs: number;
  logger: Logger;
  now?: () => number;
}

interface Entry {
  n: Notification;
  nextAt: number;
  backoff: Backoff;
  lastError?: string;
}

export interface ChannelCounters {
  sent: number;
  failed: number;
  retries: number;
  expired: number;
}

export interface ChannelQueueStatus {
  queued: number;
  oldestAgeMs: number;
  /** The last attempt's error while notifications wait for a retry. */
  lastError: string | undefined;
}

const fileName = (id: string) => `${id}.json`;

export class Outbox {
  private readonly entries = new Map<string, Entry>();
  private readonly busy = new Set<string>();
  /** Ids of the notifications being delivered now. */
  private readonly delivering = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  readonly counters = new Map<string, ChannelCounters>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  private constructor(private readonly opts: OutboxOptions) {}

  static async open(opts: OutboxOptions): Promise<Outbox> {
    const box = new Outbox(opts);
    await mkdir(opts.dir, { recursive: true });
    for (const name of (await readdir(opts.dir)).sort()) {
      const path = join(opts.dir, name);
      if (name.endsWith('.tmp')) {
        await unlink(path); // never renamed: it was not in the outbox yet
        continue;
      }
      if (!name.endsWith('.json')) continue;
      let n: Notification;
      try {
        n = notificationSchema.parse(JSON.parse(await readFile(path, 'utf8')));
      } catch (e) {
        opts.logger('error', 'alert outbox: unreadable notification file, moved aside', {
          path,
          error: String(e),
        });
        await rename(path, `${path}.bad`);
        continue;
      }
      if (opts.isDone(n.id)) await unlink(path);
      else box.track(n);
    }
    return box;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private track(n: Notification): void {
    this.entries.set(n.id, {
      n,
      nextAt: 0,
      backoff: new Backoff({ minMs: this.opts.retryMinMs, maxMs: this.opts.retryMaxMs, factor: [1, 1.3] }),
    });
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Notifications waiting (for the ledger at start-up). */
  pending(): Notification[] {
    return [...this.entries.values()].map((e) => e.n);
  }

  /** Writes the notification durably, then schedules it. A notification already queued is left alone. */
  async add(n: Notification): Promise<void> {
    if (this.entries.has(n.id)) return;
    const path = join(this.opts.dir, fileName(n.id));
    const tmp = `${path}.tmp`;
    await writeFile(tmp, JSON.stringify(n));
    const fh = await open(tmp, 'r');
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
    const dir = await open(this.opts.dir, 'r');
    await dir.sync();
    await dir.close();
    this.track(n);
    this.pump();
  }

  /**
   * Cluster mode: another node delivered this notification (its outcome came through the stream): drop the
   * copy here. Nothing happens to one this node is delivering right now.
   */
  async forget(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e || this.delivering.has(id)) return; // its own finish() removes it
    this.entries.delete(id);
    await unlink(join(this.opts.dir, fileName(id))).catch(() => {});
  }

  start(): void {
    this.stopped = false;
    this.pump();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.inFlight);
  }

  counterOf(channel: string): ChannelCounters {
    let c = this.counters.get(channel);
    if (!c) {
      c = { sent: 0, failed: 0, retries: 0, expired: 0 };
      this.counters.set(channel, c);
    }
    return c;
  }

  status(channel: string): ChannelQueueStatus {
    const now = this.now();
    let queued = 0;
    let oldest = now;
    let lastError: string | undefined;
    for (const e of this.entries.values()) {
      if (e.n.channel !== channel) continue;
      queued++;
      oldest = Math.min(oldest, e.n.createdAt);
      lastError ??= e.lastError;
    }
    return { queued, oldestAgeMs: now - oldest, lastError };
  }

  /** Starts every channel's oldest due notification, and sets a timer for the next one due. */
  private pump(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const now = this.now();
    const oldestPerChannel = new Map<string, Entry>();
    for (const e of this.entries.values()) {
      const cur = oldestPerChannel.get(e.n.channel);
      if (!cur || e.n.createdAt < cur.n.createdAt || (e.n.createdAt === cur.n.createdAt && e.n.id < cur.n.id))
        oldestPerChannel.set(e.n.channel, e);
    }
    let nextAt = Number.POSITIVE_INFINITY;
    for (const [channel, e] of oldestPerChannel) {
      if (this.busy.has(channel)) continue;
      if (e.nextAt > now) {
        nextAt = Math.min(nextAt, e.nextAt);
        continue;
      }
      this.busy.add(channel);
      this.delivering.add(e.n.id);
      const p = this.deliver(e)
        .catch((err: unknown) => {
          // The outcome could not be recorded (disk, or the cluster's stream unreachable): it stays queued.
          this.opts.logger('error', 'alert outbox: cannot record a delivery outcome; will try again', {
            channel,
            notification: e.n.id,
            error: String(err),
          });
          e.nextAt = this.now() + e.backoff.next();
        })
        .finally(() => {
          this.busy.delete(channel);
          this.delivering.delete(e.n.id);
          this.inFlight.delete(p);
          this.pump();
        });
      this.inFlight.add(p);
    }
    if (Number.isFinite(nextAt)) this.timer = setTimeout(() => this.pump(), Math.max(10, nextAt - now));
  }

  private async deliver(e: Entry): Promise<void> {
    const { n } = e;
    const c = this.counterOf(n.channel);
    let result: DeliveryResult;
    try {
      result = await this.opts.send(n);
    } catch (err) {
      result = { ok: false, retry: true, error: String(err) };
    }
    const now = this.now();
    if (result.ok) {
      c.sent++;
      await this.finish(n, 'sent');
      return;
    }
    if (!result.retry) {
      c.failed++;
      this.opts.logger('error', 'alert notification refused by the channel, not retried', {
        channel: n.channel,
        notification: n.id,
        error: result.error,
      });
      await this.finish(n, 'failed', result.error);
      return;
    }
    if (now - n.createdAt >= this.opts.maxAgeMs) {
      c.expired++;
      c.failed++;
      this.opts.logger('error', 'alert notification expired after retrying', {
        channel: n.channel,
        notification: n.id,
        error: result.error,
      });
      await this.finish(n, 'expired', result.error);
      return;
    }
    c.retries++;
    e.lastError = result.error;
    e.nextAt = now + e.backoff.next();
    this.opts.logger('warn', 'alert notification failed, will retry', {
      channel: n.channel,
      notification: n.id,
      error: result.error,
      retryInMs: e.nextAt - now,
    });
  }

  private async finish(
    n: Notification,
    outcome: 'sent' | 'failed' | 'expired',
    detail?: string,
  ): Promise<void> {
    await this.opts.onOutcome(n, outcome, detail);
    this.entries.delete(n.id);
    await unlink(join(this.opts.dir, fileName(n.id))).catch(() => {});
  }
}
