// Health output of a running collector: one JSON line every statsSeconds (stdout by default) and, when
// configured, GET /health answering the same JSON with 200 (ok) or 503 (degraded: source or server down).
import type { Collector, CollectorStats } from '../../contract';
import type { SpoolingWriter, SpoolingWriterStats } from '../transport/spooling-writer';
import { type JsonHttpServer, startJsonServer } from './json-http-server';
import type { HealthSection } from './runner-config';

export interface HealthReport {
  collector: string;
  status: 'ok' | 'degraded';
  problems: string[];
  uptimeSeconds: number;
  writer: SpoolingWriterStats;
  source: CollectorStats;
}

export function healthReport(collector: Collector, writer: SpoolingWriter, startedAt: number): HealthReport {
  const w = writer.stats();
  const problems: string[] = [];
  const source = collector.problem?.();
  if (source) problems.push(source);
  if (w.serverUp === false) problems.push(`server unreachable (${w.pending} lines spooled): ${w.lastError}`);
  return {
    collector: collector.name,
    status: problems.length === 0 ? 'ok' : 'degraded',
    problems,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    writer: w,
    source: collector.stats?.() ?? {},
  };
}

export interface HealthOutput {
  url: string | undefined;
  close(): Promise<void>;
}

export async function startHealthOutput(
  section: HealthSection,
  report: () => HealthReport,
  out: (line: string) => void,
): Promise<HealthOutput> {
  const timer =
    section.statsSeconds > 0
      ? setInterval(() => out(JSON.stringify(report())), section.statsSeconds * 1000)
      : undefined;
  timer?.unref();
  let server: JsonHttpServer | undefined;
  if (section.listen) {
    server = await startJsonServer(section.listen, (req) => {
      if (req.path !== '/health') return { status: 404, body: { code: 'not_found', message: 'try /health' } };
      const r = report();
      return { status: r.status === 'ok' ? 200 : 503, body: r };
    });
  }
  return {
    url: server ? `${server.url}/health` : undefined,
    close: async () => {
      clearInterval(timer);
      await server?.close();
    },
  };
}
