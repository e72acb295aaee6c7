// The one way portpulse talks HTTP to InfluxDB (shipping writes and backfill queries alike):
// @influxdata/influxdb-client's transport, with its token auth, keep-alive and typed HttpError.
import { InfluxDB, type Transport } from '@influxdata/influxdb-client';

export function influxTransport(
  cfg: { url: string; token?: string | undefined },
  timeoutMs: number,
): Transport {
  return new InfluxDB({ url: cfg.url, token: cfg.token, timeout: timeoutMs }).transport;
}
