// The cluster's state snapshots (state-snapshot.ts) in a JetStream Object Store bucket, `<stream>-snapshots`,
// replicated like the stream: one object per snapshot, named by the stream seq it reflects, with the stream's
// epoch in its metadata. One node at a time publishes (the holder of the `state-snapshot` lease in the
// cluster's KV bucket), every PORTPULSE_CLUSTER_SNAPSHOT_SECONDS when it applied something new since the newest
// snapshot, keeping the newest PORTPULSE_CLUSTER_SNAPSHOT_KEEP. A node that cannot replay the stream from its
// own position installs the newest one whose seq is at or after the stream's first seq - 1.
import type { KV } from '@nats-io/kv';
import { type ObjectStore, Objm, StorageType } from '@nats-io/obj';
import type { Logger } from '../logger';
import type { ClusterConfig } from './cluster-config';
import type { StreamLink } from './event-stream';
import { type LeaseName, ShippingLease } from './shipping-lease';
import { decodeSnapshotBlob, encodeSnapshotBlob, type StateSnapshot } from './state-snapshot';

const SNAPSHOT_LEASE: LeaseName = { key: 'state-snapshot', label: 'state snapshot lease' };
const NAME_RE = /^state-(\d{1,16})$/;
const nameOf = (seq: number) => `state-${String(seq).padStart(16, '0')}`;

export interface StoredSnapshot {
  name: string;
  seq: number;
  epoch: string;
  bytes: number;
  mtime: string;
}

export class SnapshotStore {
  private constructor(
    private readonly os: ObjectStore,
    readonly bucket: string,
  ) {}

  static async open(link: StreamLink, cfg: ClusterConfig): Promise<SnapshotStore> {
    const bucket = `${cfg.stream}-snapshots`;
    const os = await new Objm(link.js).create(bucket, {
      replicas: cfg.replicas,
      storage: StorageType.File,
    });
    return new SnapshotStore(os, bucket);
  }

  /** The snapshots of this epoch, newest first. */
  async list(epoch: string): Promise<StoredSnapshot[]> {
    const out: StoredSnapshot[] = [];
    for (const o of await this.os.list()) {
      const m = NAME_RE.exec(o.name);
      if (!m || o.deleted || o.metadata?.epoch !== epoch) continue;
      out.push({ name: o.name, seq: Number(m[1]), epoch, bytes: o.size, mtime: o.mtime });
    }
    return out.sort((a, b) => b.seq - a.seq);
  }

  async get(s: StoredSnapshot): Promise<StateSnapshot> {
    const blob = await this.os.getBlob(s.name);
    if (!blob) throw new Error(`state snapshot ${s.name} is gone from ${this.bucket}`);
    return decodeSnapshotBlob(blob);
  }

  /** Stores a snapshot; resolves with its size in bytes once the bucket stored every chunk. */
  async put(s: StateSnapshot): Promise<number> {
    const blob = await encodeSnapshotBlob(s);
    await this.os.putBlob(
      { name: nameOf(s.header.seq), metadata: { epoch: s.header.epoch, node: s.header.node } },
      blob,
    );
    return blob.length;
  }

  /** Deletes all but the newest `keep` snapshots (of any epoch: older epochs' are of no use). */
  async prune(keep: number, epoch: string): Promise<void> {
    const mine = await this.list(epoch);
    const keepNames = new Set(mine.slice(0, keep).map((s) => s.name));
    for (const o of await this.os.list())
      if (!o.deleted && !keepNames.has(o.name)) await this.os.delete(o.name);
  }
}

/**
 * Publishes snapshots while this node holds the snapshot lease: every `intervalMs`, when this node applied
 * the stream past the newest stored snapshot. `capture` returns the state at the node's applied seq.
 */
export class SnapshotPublisher {
  private lease: ShippingLease;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;

  constructor(
    private readonly opts: {
      store: SnapshotStore;
      kv: KV;
      cfg: ClusterConfig;
      epoch: string;
      appliedSeq: () => number;
      capture: () => Promise<StateSnapshot>;
      logger: Logger;
    },
  ) {
    this.lease = new ShippingLease(
      opts.kv,
      opts.cfg.nodeId,
      opts.cfg.leaseMs,
      { acquired: () => {}, lost: () => {}, follow: () => {} },
      opts.logger,
      SNAPSHOT_LEASE,
    );
  }

  get holder(): string | undefined {
    return this.lease.holder;
  }

  start(): void {
    this.lease.start();
    this.timer = setInterval(() => {
      if (this.busy || !this.lease.isHolder) return;
      this.busy = this.publish()
        .catch((e: unknown) =>
          this.opts.logger('error', 'cluster: publishing a state snapshot failed', { error: String(e) }),
        )
        .finally(() => {
          this.busy = undefined;
        });
    }, this.opts.cfg.snapshotSeconds * 1000);
  }

  private async publish(): Promise<void> {
    const { store, epoch, cfg, logger } = this.opts;
    const newest = (await store.list(epoch))[0];
    if (newest && newest.seq >= this.opts.appliedSeq()) return;
    const t0 = performance.now();
    const snapshot = await this.opts.capture();
    const captureMs = Math.round(performance.now() - t0);
    const bytes = await store.put(snapshot);
    await store.prune(cfg.snapshotKeep, epoch);
    logger('info', 'cluster: state snapshot published', {
      seq: snapshot.header.seq,
      bytes,
      files: snapshot.header.files.length,
      captureMs,
      ms: Math.round(performance.now() - t0),
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.busy;
    await this.lease.stop();
  }
}
