// What the HTTP app needs from the running server; tests build it with real parts and call app.request().
import type { Precision } from '../shared/line-protocol/types';
import type { SiteInfo } from '../shared/sites/registry';
import type { Config } from './config';
import type { IngestResult } from './ingest/ingest';
import type { RollingKpis } from './kpis/rolling-kpis';
import type { LiveHub } from './live/hub';
import type { RollupStore } from './rollups/rollup-store';

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
  influx?: unknown;
}

export interface AppDeps {
  config: Config;
  version: string;
  sites: SiteInfo[];
  ingestLines(body: string, precision: Precision): Promise<IngestResult>;
  ingestJson(items: unknown[]): Promise<IngestResult>;
  kpis: RollingKpis;
  hub: LiveHub;
  /** Monthly and rolling index rollups (GET /api/indices…, /api/kpis/rolling). */
  rollups: RollupStore;
  readiness(): Readiness;
  log(level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>): void;
}
