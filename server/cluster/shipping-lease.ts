// Exactly one node ships to InfluxDB at a time (and, under other keys, one node sends the alert notifications
// and one publishes state snapshots: LeaseName): a lease in a replicated JetStream KV bucket. Every write of
// the lease's key — take, renew, record the shipped position, give back — is a successor of the revision the
// writer read, published with `Nats-Msg-Id: <key>.after.<revision>` and that revision as the expected last
// sequence: the stream's duplicate detection stores one successor per revision and answers every other
// `duplicate: true` (lost), even when three nodes write in the same instant. (A plain KV create /
// compare-and-set did not hold on nats-server 2.9.10: the R3 stream leader accepted two or three of them
// proposed together, as it did for the live tickets; the revision check alone still catches every writer
// whose revision is older than a stored one, beyond the duplicate window.)
// The holder renews every lease/3 and writes the shipped position (a stream seq) into the value after every
// batch InfluxDB acknowledged. Another node takes it over when the value's revision has not moved for a whole
// lease on its own clock (no clock comparison between nodes), then ships from the position it finds there. A
// holder that cannot renew stops; `holdsNow()` (fencing) says no once its last renewal was sent 2/3 of a lease
// ago, before any other node could have taken over, so the shipper and the notifier check it before each
// batch and each notification. Should two nodes ever ship at once all the same (a holder paused between that
// check and its write), they send identical points: InfluxDB keeps one.
import { Bucket, type KV } from '@nats-io/kv';
import { headers } from '@nats-io/transport-node';
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
  /** When the last stored write of the lease was sent (it was stored later: no other node counts from before). */
  private lastRenewOk = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly bucket: Bucket;
  holder: string | undefined;

  constructor(
    private readonly kv: KV,
    private readonly nodeId: string,
    private readonly leaseMs: number,
    private readonly hooks: LeaseHooks,
    private readonly logger: Logger,
    private readonly name: LeaseName = SHIPPING_LEASE,
  ) {
    // Its stream client and subjects publish the writes with a message id (the KV API takes none).
    if (!(kv instanceof Bucket)) throw new Error(`${name.label}: the KV must be a bucket opened with Kvm`);
    this.bucket = kv;
  }

  get isHolder(): boolean {
    return this.held;
  }

  /**
   * Fencing: this node holds the lease and its last renewal was sent less than 2/3 of a lease ago, so no other
   * node can have taken it over yet (a taker waits a whole lease after seeing that renewal stored). Check it
   * right before acting (a batch to InfluxDB, a notification); when it says no, skip: the next renewal either
   * succeeds (holdsNow again) or finds the lease taken and calls `lost`.
   */
  holdsNow(): boolean {
    return this.held && Date.now() - this.lastRenewOk < (this.leaseMs * 2) / 3;
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
      await this.writeOver(this.revision, undefined).catch(() => {});
    });
    await this.chain;
  }

  /** Gives a held lease back (deleted) but keeps competing for it: another node, or this one later, takes it. */
  release(): void {
    this.enqueue(async () => {
      if (!this.held) return;
      this.drop();
      await this.writeOver(this.revision, undefined);
    });
  }

  /** Another way this node learned the shipped position (a watch before start): never ship from below it. */
  knowShipped(streamSeq: number): void {
    this.shipped = Math.max(this.shipped, streamSeq);
  }

  /** The holder shipped everything up to this stream seq: record it (a lost write means the lease is gone). */
  recordShipped(streamSeq: number): void {
    this.enqueue(async () => {
      if (!this.held || streamSeq <= this.shipped) return;
      await this.write(streamSeq);
      this.shipped = streamSeq;
    });
  }

  private enqueue(op: () => Promise<void>): void {
    this.chain = this.chain.then(op).catch((e: unknown) => {
      this.logger('warn', `cluster: ${this.name.label}: operation failed`, { error: String(e) });
    });
  }

  private value(shippedStreamSeq: number): string {
    const v: LeaseValue = { node: this.nodeId, shippedStreamSeq, renewedAt: new Date().toISOString() };
    return JSON.stringify(v);
  }

  /**
   * Stores the key's successor of `revision` (0: the key was never written): a value, or a delete (undefined).
   * Resolves with the new revision, or undefined when another write of that revision was stored (same message
   * id: duplicate) or the key moved on since (expected last sequence).
   */
  private async writeOver(revision: number, value: string | undefined): Promise<number | undefined> {
    const h = headers();
    if (value === undefined) h.set('KV-Operation', 'DEL');
    const ack = await this.bucket.js
      .publish(this.bucket.subjectForKey(this.name.key, true), value ?? '', {
        msgID: `${this.name.key}.after.${revision}`,
        expect: { lastSubjectSequence: revision },
        headers: h,
      })
      .catch((e: unknown) => {
        if (isCasFailure(e)) return undefined;
        throw e;
      });
    return ack && !ack.duplicate ? ack.seq : undefined;
  }

  /** Renews the held lease with this shipped position; a lost write means another node holds it: stop. */
  private async write(shippedStreamSeq: number): Promise<void> {
    const sentAt = Date.now();
    let revision: number | undefined;
    try {
      revision = await this.writeOver(this.revision, this.value(shippedStreamSeq));
    } catch (e) {
      if (Date.now() - this.lastRenewOk > this.leaseMs / 2) {
        this.logger('warn', `cluster: cannot renew the ${this.name.label}; stopping`, { error: String(e) });
        this.drop();
      }
      throw e;
    }
    if (revision === undefined) {
      this.logger('warn', `cluster: ${this.name.label} taken by another node; stopping`, {});
      this.drop();
      throw new Error(`the ${this.name.label} was taken by another node`);
    }
    this.revision = revision;
    this.lastRenewOk = sentAt;
  }

  private drop(): void {
    if (!this.held) return;
    this.held = false;
    this.hooks.lost();
  }

  /** Takes the lease as the successor of `revision`; nothing happens when another write of it won. */
  private async claim(revision: number, shippedStreamSeq: number): Promise<void> {
    const sentAt = Date.now();
    const won = await this.writeOver(revision, this.value(shippedStreamSeq));
    if (won !== undefined) this.take(won, shippedStreamSeq, sentAt);
  }

  private async tick(): Promise<void> {
    if (this.held) {
      await this.write(this.shipped);
      return;
    }
    const entry = await this.kv.get(this.name.key);
    if (entry?.operation !== 'PUT') {
      // Nobody holds it (first start, or released): the first successor of the delete (or of nothing) wins.
      await this.claim(entry?.revision ?? 0, this.shipped);
      return;
    }
    const value = leaseSchema.parse(JSON.parse(entry.string()));
    this.holder = value.node;
    this.shipped = Math.max(this.shipped, value.shippedStreamSeq);
    this.hooks.follow(value.shippedStreamSeq);
    if (value.node === this.nodeId) {
      // Our own lease from before a restart: renewed at once, so the fencing clock starts from a stored write.
      await this.claim(entry.revision, value.shippedStreamSeq);
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
    await this.claim(entry.revision, value.shippedStreamSeq);
  }

  private take(revision: number, shippedStreamSeq: number, sentAt: number): void {
    this.revision = revision;
    this.lastRenewOk = sentAt;
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
