// How the nodes tell each other what they admitted per rate-limit key (server/limits/cluster-rate-limiter.ts):
// a JetStream KV bucket `<stream>-rates` (in memory, replicated, entries expire after RATE_COUNTS_TTL_MS; the
// counts are only worth the seconds until the next sync). Each node puts its counts since its last sync under
// its own key `rate.<node>` (history kept, so a burst of syncs is not overwritten before a watcher read it)
// and watches the others' updates. No request waits on the bucket.
import { StorageType } from '@nats-io/jetstream';
import { type KV, Kvm, KvWatchInclude } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RateCountExchange } from '../limits/cluster-rate-limiter';
import type { Logger } from '../logger';

const RATE_COUNTS_TTL_MS = 60_000;
/** Keys per message: well below NATS' 1 MB payload with long keys (IPv6 addresses, token ids). */
const KEYS_PER_MESSAGE = 4000;
const REWATCH_MS = 1000;

interface CountsMessage {
  node: string;
  counts: [string, number][];
}

export class KvRateCounts implements RateCountExchange {
  private closed = false;
  private watcher: { stop(): void } | undefined;

  private constructor(
    private readonly kv: KV,
    private readonly nodeId: string,
    private readonly logger: Logger,
  ) {}

  static async open(
    nc: NatsConnection,
    opts: { stream: string; replicas: number; nodeId: string; logger: Logger },
  ): Promise<KvRateCounts> {
    const kv = await new Kvm(nc).create(`${opts.stream}-rates`, {
      replicas: opts.replicas,
      history: 64,
      ttl: RATE_COUNTS_TTL_MS,
      storage: StorageType.Memory,
    });
    return new KvRateCounts(kv, opts.nodeId, opts.logger);
  }

  async send(counts: ReadonlyMap<string, number>): Promise<void> {
    const all = [...counts];
    for (let i = 0; i === 0 || i < all.length; i += KEYS_PER_MESSAGE) {
      const message: CountsMessage = { node: this.nodeId, counts: all.slice(i, i + KEYS_PER_MESSAGE) };
      await this.kv.put(`rate.${this.nodeId}`, JSON.stringify(message));
    }
  }

  receive(spend: (key: string, n: number) => void): void {
    const watch = async () => {
      const it = await this.kv.watch({ key: 'rate.*', include: KvWatchInclude.UpdatesOnly });
      this.watcher = it;
      for await (const e of it) {
        if (e.operation !== 'PUT' || e.key === `rate.${this.nodeId}`) continue;
        let message: CountsMessage;
        try {
          message = JSON.parse(e.string()) as CountsMessage;
        } catch {
          continue;
        }
        for (const [key, n] of message.counts ?? [])
          if (typeof key === 'string' && Number.isFinite(n) && n > 0) spend(key, n);
      }
    };
    const loop = async () => {
      while (!this.closed) {
        await watch().catch((e: unknown) =>
          this.logger('warn', 'rate limit: watching the other nodes’ counts failed; retrying', {
            error: String((e as Error).message ?? e),
          }),
        );
        if (!this.closed) await new Promise((r) => setTimeout(r, REWATCH_MS).unref());
      }
    };
    void loop();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.stop();
  }
}
