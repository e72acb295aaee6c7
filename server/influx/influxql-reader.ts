// Reads history back from InfluxDB with InfluxQL over the v1 /query API (1.x, and 2.x/3.x through their v1
// compatibility endpoint with a DBRP mapping). @influxdata/influxdb-client only offers Flux queries, so the
// request goes through its transport (same auth, timeouts and HttpError as the writes) and the chunked JSON
// answer is streamed: one JSON document per line, so a busy day never has to fit in one response.
import type { Transport } from '@influxdata/influxdb-client';
import { influxTransport } from './influx-transport';

export interface InfluxqlSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

interface ChunkJson {
  results?: { statement_id?: number; error?: string; series?: InfluxqlSeries[] }[];
  error?: string;
}

/** InfluxQL field types as SHOW FIELD KEYS reports them. */
export type InfluxFieldType = 'float' | 'integer' | 'unsigned' | 'string' | 'boolean';

export interface InfluxqlReaderConfig {
  url: string;
  /** 1.x database, or the 2.x/3.x bucket mapped to a database. */
  db: string;
  token?: string;
  timeoutMs?: number;
  /** Rows per streamed chunk. */
  chunkSize?: number;
}

export class InfluxqlReader {
  private readonly transport: Transport;

  constructor(private readonly cfg: InfluxqlReaderConfig) {
    this.transport = influxTransport(cfg, cfg.timeoutMs ?? 120_000);
  }

  /** Streams the series of one statement, chunk by chunk (times as epoch ms). */
  async *select(q: string): AsyncIterable<InfluxqlSeries> {
    const params = new URLSearchParams({
      db: this.cfg.db,
      q,
      epoch: 'ms',
      chunked: 'true',
      chunk_size: String(this.cfg.chunkSize ?? 10_000),
    });
    const decoder = new TextDecoder();
    let pending = '';
    for await (const bytes of this.transport.iterate(`/query?${params}`, '', { method: 'GET' })) {
      pending += decoder.decode(bytes, { stream: true });
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.trim()) yield* seriesOf(line, q);
        nl = pending.indexOf('\n');
      }
    }
    pending += decoder.decode();
    if (pending.trim()) yield* seriesOf(pending, q);
  }

  /** Field name → type of a measurement (the first type when shards disagree). */
  async fieldTypes(measurement: string): Promise<Map<string, InfluxFieldType>> {
    const types = new Map<string, InfluxFieldType>();
    for await (const s of this.select(`SHOW FIELD KEYS FROM ${quoteIdent(measurement)}`))
      for (const [key, type] of s.values as [string, InfluxFieldType][])
        if (!types.has(key)) types.set(key, type);
    return types;
  }

  /** Field name → type of every measurement (the first type when shards disagree). */
  async allFieldTypes(): Promise<Map<string, Map<string, InfluxFieldType>>> {
    const all = new Map<string, Map<string, InfluxFieldType>>();
    for await (const s of this.select('SHOW FIELD KEYS')) {
      let types = all.get(s.name);
      if (!types) {
        types = new Map();
        all.set(s.name, types);
      }
      for (const [key, type] of s.values as [string, InfluxFieldType][])
        if (!types.has(key)) types.set(key, type);
    }
    return all;
  }

  /** Epoch ms of the oldest and newest point of a measurement, or undefined when it holds none. */
  async timeBounds(measurement: string): Promise<{ first: number; last: number } | undefined> {
    const m = quoteIdent(measurement);
    const first = await this.firstTime(`SELECT * FROM ${m} ORDER BY time ASC LIMIT 1`);
    const last = await this.firstTime(`SELECT * FROM ${m} ORDER BY time DESC LIMIT 1`);
    return first === undefined || last === undefined ? undefined : { first, last };
  }

  private async firstTime(q: string): Promise<number | undefined> {
    for await (const s of this.select(q)) {
      const t = s.values[0]?.[s.columns.indexOf('time')];
      if (typeof t === 'number') return t;
    }
    return undefined;
  }
}

function* seriesOf(text: string, q: string): Iterable<InfluxqlSeries> {
  const json = JSON.parse(text) as ChunkJson;
  if (json.error) throw new Error(`InfluxQL "${q}": ${json.error}`);
  for (const r of json.results ?? []) {
    if (r.error) throw new Error(`InfluxQL "${q}": ${r.error}`);
    yield* r.series ?? [];
  }
}

/** An InfluxQL identifier in double quotes (measurement names may hold any character). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
