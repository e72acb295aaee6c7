// Where the log is shipped: InfluxDB 1.x (/write?db=) or 2.x/3.x (/api/v2/write with org, bucket, token).
// Requests go through @influxdata/influxdb-client's transport (auth, keep-alive, typed HttpError with
// canRetry/retryAfter). Its WriteApi is not used: it keeps its retry buffer in memory and drops batches
// after non-retryable errors, while the shipper must advance a durable cursor only on acknowledgement.
import { HttpError, type Transport } from '@influxdata/influxdb-client';
import { influxTransport } from './influx-transport';

export interface InfluxTargetConfig {
  url: string;
  /** 1.x: database name. When set, the v1 API is used. */
  db?: string;
  org?: string;
  bucket?: string;
  token?: string;
  /** 1.x: CREATE DATABASE at start (needs admin rights when auth is on). */
  createDb: boolean;
  timeoutMs?: number;
}

export class InfluxTarget {
  private readonly transport: Transport;
  readonly destination: string;
  private readonly writePath: string;

  constructor(private readonly cfg: InfluxTargetConfig) {
    this.transport = influxTransport(cfg, cfg.timeoutMs ?? 30_000);
    if (cfg.db) {
      this.writePath = `/write?${new URLSearchParams({ db: cfg.db, precision: 'ns' })}`;
      this.destination = `${cfg.url} db=${cfg.db}`;
    } else {
      if (!cfg.bucket) throw new Error('InfluxDB 2.x/3.x target needs a bucket (PORTPULSE_INFLUX_BUCKET)');
      this.writePath = `/api/v2/write?${new URLSearchParams({ org: cfg.org ?? '', bucket: cfg.bucket, precision: 'ns' })}`;
      this.destination = `${cfg.url} org=${cfg.org ?? ''} bucket=${cfg.bucket}`;
    }
  }

  /** Creates the 1.x database when configured to (idempotent in InfluxDB). */
  async prepare(): Promise<void> {
    if (!this.cfg.db || !this.cfg.createDb) return;
    const q = `CREATE DATABASE "${this.cfg.db.replace(/"/g, '\\"')}"`;
    await this.transport.request(`/query?${new URLSearchParams({ q })}`, '', { method: 'POST' });
  }

  /**
   * Writes newline-separated line protocol with ns timestamps (text, or its UTF-8 bytes as the log stores them);
   * throws HttpError or a network error.
   */
  async write(body: string | Buffer): Promise<void> {
    const options = { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' } };
    if (typeof body === 'string') {
      await this.transport.request(this.writePath, body, options);
      return;
    }
    // Bytes go through send(), which request() wraps: request() would JSON-encode a non-string body, while
    // send() takes the body as `Buffer.from(body, 'utf-8')`, which copies bytes as they are (so the log's bytes
    // are not decoded and encoded again). Errors are the same HttpError as request()'s.
    await new Promise<void>((resolve, reject) => {
      this.transport.send(this.writePath, body as unknown as string, options, {
        error: reject,
        complete: () => resolve(),
      });
    });
  }

  async ping(): Promise<boolean> {
    try {
      await this.transport.request('/ping', '', { method: 'GET' });
      return true;
    } catch {
      return false;
    }
  }
}

export type WriteFailure = 'retry' | 'split' | 'reject';

/** Classifies a write error: retry later (network, 5xx, 429, auth), split the batch (413) or reject the data (400). */
export function classifyWriteError(e: unknown): WriteFailure {
  if (e instanceof HttpError) {
    if (e.statusCode === 413) return 'split';
    if (e.statusCode === 400 || e.statusCode === 422) return 'reject';
  }
  return 'retry';
}
