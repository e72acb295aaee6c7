// Prometheus metrics of one server (its own registry, so several servers in one test process never mix):
// request latency by route, ingest rates and rejections by reason, log size and fsync latency, InfluxDB lag,
// live clients and drops. Counters kept elsewhere (ingest, hub) are read at scrape time.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ShipperStatus } from '../influx/influx-shipper';
import type { Ingest } from '../ingest/ingest';
import type { LiveHub } from '../live/hub';

export interface MetricSources {
  ingest: Pick<Ingest, 'counters' | 'rejectedByReason'>;
  log: { readonly sizeBytes: number; lastSeq(): number };
  hub: Pick<LiveHub, 'clientCount' | 'counters'>;
  shipper?: { status(): ShipperStatus } | undefined;
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'portpulse_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly fsyncSeconds = new Histogram({
    name: 'portpulse_log_fsync_seconds',
    help: 'Duration of each event-log fsync (group commit)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly wsRefused = new Counter({
    name: 'portpulse_ws_refused_total',
    help: 'Live WebSocket connections refused before the hub, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Registers the metrics read from the server's parts at scrape time. */
  observe(s: MetricSources): void {
    const r = [this.registry];
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: r,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: r,
        collect() {
          this.set(read());
        },
      });
    counter(
      'portpulse_ingest_requests_total',
      'Write requests that reached ingest',
      () => s.ingest.counters.requests,
    );
    counter(
      'portpulse_ingest_accepted_total',
      'Lines/events accepted (incl. duplicates)',
      () => s.ingest.counters.accepted,
    );
    counter(
      'portpulse_ingest_duplicates_total',
      'Accepted lines already stored (retries)',
      () => s.ingest.counters.duplicates,
    );
    new Counter({
      name: 'portpulse_ingest_rejected_total',
      help: 'Lines/events rejected, by reason',
      labelNames: ['reason'] as const,
      registers: r,
      collect() {
        this.reset();
        for (const [reason, n] of Object.entries(s.ingest.rejectedByReason)) this.inc({ reason }, n);
      },
    });
    gauge('portpulse_log_size_bytes', 'Bytes in the event log', () => s.log.sizeBytes);
    gauge('portpulse_log_events', 'Events in the event log (last sequence number)', () => s.log.lastSeq());
    gauge('portpulse_ws_clients', 'Live WebSocket clients connected', () => s.hub.clientCount);
    counter(
      'portpulse_ws_slow_consumers_cut_total',
      'Live clients cut for a full send queue',
      () => s.hub.counters.slowConsumersCut,
    );
    counter(
      'portpulse_ws_too_many_clients_total',
      'Live clients refused over PORTPULSE_WS_MAX_CLIENTS',
      () => s.hub.counters.tooManyClients,
    );
    counter(
      'portpulse_ws_invalid_messages_total',
      'Live client messages answered with an error',
      () => s.hub.counters.invalidMessages,
    );
    counter('portpulse_ws_frames_sent_total', 'Live frames sent', () => s.hub.counters.framesSent);
    counter(
      'portpulse_ws_snapshot_bytes_total',
      'Bytes of the snapshots sent to live clients on subscribe or resync',
      () => s.hub.counters.snapshotBytes,
    );
    counter(
      'portpulse_ws_snapshots_refused_total',
      "Snapshots refused over a client's PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN (answered rate_limited)",
      () => s.hub.counters.snapshotsRefused,
    );
    const shipper = s.shipper;
    if (!shipper) return;
    gauge('portpulse_influx_lag_events', 'Events not yet in InfluxDB', () => shipper.status().lagEvents);
    gauge(
      'portpulse_influx_lag_seconds',
      'Age of the oldest event not yet in InfluxDB',
      () => shipper.status().lagSeconds,
    );
    gauge('portpulse_influx_connected', '1 when the last InfluxDB write succeeded', () =>
      shipper.status().connected ? 1 : 0,
    );
    gauge(
      'portpulse_influx_rejected_lines',
      'Lines InfluxDB refused, waiting in the dead-letter files',
      () => shipper.status().deadLetterLines,
    );
    counter(
      'portpulse_influx_rejected_lines_total',
      'Lines InfluxDB refused, moved to the dead-letter files by this process',
      () => shipper.status().deadLetteredLines,
    );
  }
}
