// What the HTTP app needs from the running server; tests build it with real parts and call app.request().
import type { Precision } from '../shared/line-protocol/types';
import type { SiteInfo } from '../shared/sites/registry';
import type { AlertFeed } from './alerts/alert-engine';
import type { Alerting } from './alerts/alerting';
import type { Auth } from './auth/auth-middleware';
import type { Config } from './config';
import type { IngestResult } from './ingest/ingest';
import type { RollingKpis } from './kpis/rolling-kpis';
import type { RateLimiter } from './limits/rate-limit';
import type { LiveHub } from './live/hub';
import type { Logger } from './logger';
import type { ServerMetrics } from './metrics/server-metrics';
import type { RollupStore } from './rollups/rollup-store';
import type { Drain } from './shutdown/drain';

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
  influx?: unknown;
  /** Cluster mode: this node's view of the stream and the shipping lease (server/cluster/cluster-node.ts). */
  cluster?: unknown;
}

export interface AppDeps {
  config: Config;
  version: string;
  sites: SiteInfo[];
  /** `received`: the bytes `body` was decoded from, stored as they are when every line is kept as received. */
  ingestLines(body: string, precision: Precision, received?: Buffer): Promise<IngestResult>;
  ingestJson(items: unknown[]): Promise<IngestResult>;
  kpis: RollingKpis;
  hub: LiveHub;
  /** Server-computed alerts (GET /api/alerts, live `alerts/<site>`). */
  alerts: AlertFeed;
  /** Acknowledgements, silences, alert history, notification channels. */
  alerting: Alerting;
  /** Monthly and rolling index rollups (GET /api/indices…, /api/kpis/rolling). */
  rollups: RollupStore;
  readiness(): Readiness;
  log: Logger;
  /** Tokens and live tickets. */
  auth: Auth;
  /** Prometheus registry of this server (GET /metrics). */
  metrics: ServerMetrics;
  /** Refuses new requests and counts those in flight during shutdown. */
  drain: Drain;
  /** Cluster mode: the per-token rate limit counted across the nodes (default: this process's buckets). */
  rateLimiter?: RateLimiter;
  /** Cluster mode: this node's id and the stream seq its state reflects (X-Portpulse-Stream-Seq). */
  cluster?: { nodeId: string; appliedSeq(): number; peerUrls(): string[] };
}
