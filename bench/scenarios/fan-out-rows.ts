// The table rows of the fan-out scenario, from its figures.
import type { FleetReport } from '../load/ws-fleet';
import { atLeast, below, makeRow, type Row } from '../report/rows';
import type { BenchSizes } from '../sizes';

export interface FanOutFigures {
  sizes: BenchSizes['fanOut'];
  connected: number;
  bytesPerClient: number | null;
  before: FleetReport;
  during: FleetReport;
  after: FleetReport;
  cut: number;
  cutMessages: string[];
  cutSeconds: number;
}

export function fanOutRows(f: FanOutFigures, quick: boolean): Row[] {
  const scenario = '3 fan-out';
  const s = f.sizes;
  const normalClosed = Object.entries(f.during.closes).reduce((n, [, c]) => n + c, 0) - f.cut;
  return [
    makeRow(scenario, {
      metric: 'connected clients',
      unit: 'clients',
      value: f.connected,
      ...(quick ? {} : { goal: atLeast(5000) }),
      note: `${s.processes} client processes; ${s.eventsPerSecond} events/s; tick ${s.tickMs} ms`,
    }),
    makeRow(scenario, {
      metric: 'server RSS per client',
      unit: 'KB',
      value: f.bytesPerClient === null ? null : f.bytesPerClient / 1024,
      goal: below(20, 'KB'),
    }),
    makeRow(scenario, {
      metric: 'broadcast: one KPI frame to all, p50',
      unit: 'ms',
      value: f.before.fanOutSpreadMs.p50,
      note: `first → last client receiving the same frame (${f.before.fanOutSpreadMs.frames} frames); max ${f.before.fanOutSpreadMs.max.toFixed(1)} ms`,
    }),
    makeRow(scenario, {
      metric: 'slow consumers cut',
      unit: 'clients',
      value: f.cut,
      reference: { label: 'stopped reading', value: s.slowClients },
      note: `${f.cutMessages.join('; ')} · all cut ${f.cutSeconds.toFixed(1)} s after they stopped reading (loopback kernel buffers take ~4 MB first); other clients closed: ${Math.max(0, normalClosed)}`,
    }),
    makeRow(scenario, {
      metric: 'others’ latency p50 while slow ones stall',
      unit: 'ms',
      value: f.during.latency.p50,
      reference: { label: 'before', value: f.before.latency.p50 },
      note: `${f.after.latency.p50.toFixed(1)} ms after they were cut`,
    }),
    makeRow(scenario, {
      metric: 'others’ latency p99 while slow ones stall',
      unit: 'ms',
      value: f.during.latency.p99,
      reference: { label: 'before', value: f.before.latency.p99 },
      note: `${f.after.latency.p99.toFixed(1)} ms after they were cut`,
    }),
  ];
}
