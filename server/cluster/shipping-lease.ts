// Exactly one node ships to InfluxDB at a time (and, under another key, one node sends the alert
// notifications: LeaseName): a lease in a replicated JetStream KV bucket, taken and kept
// with compare-and-set on the key's revision. The holder renews it every lease/3 and writes the shipped
// position (a stream seq) into the same value after every batch InfluxDB acknowledged. Another node takes it
// over when the value's revision has not moved for a whole lease on its own clock (no clock comparison
// between nodes), then ships from the position it finds there. A holder that cannot renew stops shipping.
// Should two nodes ever ship at once (a paused holder waking up), they send identical points: InfluxDB
// keeps one, so the lease only has to be right almost always, never for exactly-once to hold.
import type { KV } from '@nats-io/kv';
import { z } from 'zod';
import type { Logger } from '../logger';

/** Which lease: its key in the bucket and what the log says it is for. */
export interface LeaseName {
  key: string;
  label: string;
}
export const SHIPPING_LEASE: LeaseName = { key: 'influx-shipper', label: 'InfluxDB shipping lease' };

export const leaseSchema = z.object({
  node: z.string(),
  shippedStreamSeq: z.number().int().min(0),
  renewedAt: z.string(),
});
type LeaseValue = z.infer<typeof leaseSchema>;

export interface LeaseHooks {
  /** This node now holds the lease; ship from the position after `shippedStreamSeq`. */
  acquired(shippedStreamSeq: number): void;
  /** This node no longer holds it: stop shipping at once. */
  lost(): void;
  /** Another node holds it and has shipped up to `shippedStreamSeq` (for lag, status and log retention). */
  follow(shippedStreamSeq: number): void;
}

export class ShippingLease {
  private held = false;
  private revision = 0;
  private shipped = 0;
  private seen: { revision: number; at: number } | undefined;
  private lastRenewOk = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  holder: string | undefined;

  constructor(
    private readonly kv: KV,
    private readonly nodeId: string,
    private readonly leaseMs: number,
    private readonly hooks: LeaseHooks,
    private readonly logger: Logger,
    private readonly name: LeaseName = SHIPPING_LEASE,
  ) {}

  get isHolder(): boolean {
    return this.held;
  }

  start(): void {
    this.enqueue(() => this.tick());
    this.timer = setInterval(() => this.enqueue(() => this.tick()), Math.max(100, this.leaseMs / 3));
  }

  /** Stops renewing; a held lease is released (deleted) so another node takes over without waiting. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.enqueue(async () => {
      if (!this.held) return;
      this.drop();
      await this.kv.delete(this.name.key, { previousSeq: this.revision }).catch(() => {});
    });
    await this.chain;
  }

  /** Gives a held lease back (deleted) but keeps competing for it: another node, or this one later, takes it. */
  release(): void {
    this.enqueue(async () => {
      if (!this.held) return;
      this.drop();
      await this.kv.delete(this.name.key, { previousSeq: this.revision });
    });
  }

  /** Another way this node learned the shipped position (a watch before start): never ship from below it. */
  knowShipped(streamSeq: number): void {
    this.shipped = Math.max(this.shipped, streamSeq);
  }

  /** The holder shipped everything up to this stream seq: record it (a failed CAS means the lease is gone). */
  recordShipped(streamSeq: number): void {
    this.enqueue(async () => {
      if (!this.held || streamSeq <= this.shipped) return;
      await this.write({ node: this.nodeId, shippedStreamSeq: streamSeq }).then(() => {
        this.shipped = streamSeq;
      });
    });
  }

  private enqueue(op: () => Promise<void>): void {
    this.chain = this.chain.then(op).catch((e: unknown) => {
      this.logger('warn', `cluster: ${this.name.label}: operation failed`, { error: String(e) });
    });
  }

  private async write(v: Omit<LeaseValue, 'renewedAt'>): Promise<void> {
    const value = JSON.stringify({ ...v, renewedAt: new Date().toISOString() });
    try {
      this.revision = await this.kv.update(this.name.key, value, this.revision);
      this.lastRenewOk = Date.now();
    } catch (e) {
      if (isCasFailure(e)) {
        this.logger('warn', `cluster: ${this.name.label} taken by another node; stopping`, {});
        this.drop();
      } else if (Date.now() - this.lastRenewOk > this.leaseMs / 2) {
        this.logger('warn', `cluster: cannot renew the ${this.name.label}; stopping`, {
          error: String(e),
        });
        this.drop();
      }
      throw e;
    }
  }

  private drop(): void {
    if (!this.held) return;
    this.held = false;
    this.hooks.lost();
  }

  private async tick(): Promise<void> {
    if (this.held) {
      await this.write({ node: this.nodeId, shippedStreamSeq: this.shipped });
      return;
    }
    const entry = await this.kv.get(this.name.key);
    if (entry?.operation !== 'PUT') {
      // Nobody holds it (first start, or released on shutdown): create-only, so one node wins.
      const revision = await this.kv
        .create(
          this.name.key,
          JSON.stringify({
            node: this.nodeId,
            shippedStreamSeq: this.shipped,
            renewedAt: new Date().toISOString(),
          }),
        )
        .catch((e: unknown) => {
          if (isCasFailure(e)) return undefined;
          throw e;
        });
      if (revision !== undefined) this.take(revision, this.shipped);
      return;
    }
    const value = leaseSchema.parse(JSON.parse(entry.string()));
    this.holder = value.node;
    this.shipped = Math.max(this.shipped, value.shippedStreamSeq);
    this.hooks.follow(value.shippedStreamSeq);
    if (value.node === this.nodeId) {
      // Our own lease from before a restart: keep it.
      this.revision = entry.revision;
      this.take(entry.revision, value.shippedStreamSeq);
      return;
    }
    const now = Date.now();
    if (!this.seen || this.seen.revision !== entry.revision) {
      this.seen = { revision: entry.revision, at: now };
      return;
    }
    if (now - this.seen.at < this.leaseMs) return;
    this.logger('warn', `cluster: ${this.name.label} expired; taking over`, {
      from: value.node,
      shippedStreamSeq: value.shippedStreamSeq,
    });
    this.revision = entry.revision;
    await this.kv
      .update(
        this.name.key,
        JSON.stringify({
          node: this.nodeId,
          shippedStreamSeq: value.shippedStreamSeq,
          renewedAt: new Date().toISOString(),
        }),
        entry.revision,
      )
      .then(
        (revision) => this.take(revision, value.shippedStreamSeq),
        (e: unknown) => {
          if (!isCasFailure(e)) throw e;
        },
      );
  }

  private take(revision: number, shippedStreamSeq: number): void {
    this.revision = revision;
    this.lastRenewOk = Date.now();
    this.shipped = shippedStreamSeq;
    this.holder = this.nodeId;
    this.seen = undefined;
    if (this.held) return;
    this.held = true;
    this.logger('info', `cluster: this node holds the ${this.name.label}`, { shippedStreamSeq });
    this.hooks.acquired(shippedStreamSeq);
  }
}

function isCasFailure(e: unknown): boolean {
  return /wrong last sequence|key exists/i.test(String((e as Error)?.message ?? e));
}
