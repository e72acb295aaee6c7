// Builds a large event log fast, the way a server would have written it over days: a simulated day of
// events repeated back in time (oldest first), appended with EventLog.append in blocks of 5,000 without
// fsync, and fed to the index rollups and the identity index as ingest would, so the data dir holds their
// checkpoints too; with `liveState`, also to the live KPIs, hub and alerts, whose checkpoint a clean stop
// of the server would have saved.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AlertEngine } from '../../server/alerts/alert-engine';
import { loadConfig } from '../../server/config';
import { decodeDayFile } from '../../server/identity/identity-day-file';
import { IdentityIndex } from '../../server/identity/identity-index';
import { pointText } from '../../server/ingest/point-identity';
import { RollingKpis } from '../../server/kpis/rolling-kpis';
import { LiveHub } from '../../server/live/hub';
import { LiveStateCheckpoint } from '../../server/live-state/live-state-checkpoint';
import { silentLogger } from '../../server/logger';
import { RollupStore } from '../../server/rollups/rollup-store';
import { EventLog } from '../../server/store/event-log';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { benchSites } from '../data/bench-sites';
import { retime, simulateDay, thin } from '../data/event-mix';

const DAY = 86_400_000;
const BLOCK = 5_000;

export interface SyntheticLog {
  events: number;
  days: number;
  /** Events within the last 24 h (what the default start-up replay reads). */
  lastDay: number;
  bytes: number;
  seconds: number;
  /** The identity index: bytes of its day files, and bytes its largest day holds in memory with its events. */
  identity: { diskBytes: number; dayMemoryBytes: number; dayEvents: number };
}

export interface SyntheticLogOptions {
  /** Events in the log (the oldest day is cut to fit)… */
  total?: number;
  /** …or whole days back from now. */
  days?: number;
  /** Events of a full day (before `dayScale`). */
  perDay: number;
  now: number;
  /** Share of the day's events kept `daysAgo` days back (growth, seasons); 1 when omitted. */
  dayScale?: (daysAgo: number) => number;
  /** Also save the live-state checkpoint (rollups/live-state.bin) of every event written. */
  liveState?: boolean;
}

/** The live state a server keeps (KPIs, hub, alerts with the default settings) and its checkpoint. */
function liveStateOf(dataDir: string): Pick<LiveStateCheckpoint, 'onEvents' | 'save'> {
  const config = loadConfig({ PORTPULSE_DATA_DIR: dataDir });
  const kpis = new RollingKpis(benchSites.map((s) => s.id));
  const alerts = new AlertEngine({ sites: benchSites.map((s) => s.id), kpis, thresholds: config.alerts });
  const hub = new LiveHub({
    sites: benchSites,
    kpis,
    alerts,
    snapshotSeconds: config.snapshotSeconds,
    maxBufferedBytes: config.wsMaxBufferedBytes,
    maxClients: 1,
    version: 'bench',
    storage: () => ({ kind: 'embedded', lagEvents: 0 }),
  });
  const checkpoint = new LiveStateCheckpoint({
    path: join(dataDir, 'rollups', 'live-state.bin'),
    kpis,
    hub,
    alerts,
    logger: silentLogger,
    replayMs: config.replayHours * 3_600_000,
  });
  return {
    onEvents(events, origin) {
      for (const c of [kpis, hub, alerts, checkpoint]) c.onEvents(events, origin);
    },
    save: () => checkpoint.save(),
  };
}

function keptOfDay(day: PortEvent[], daysAgo: number, o: SyntheticLogOptions): PortEvent[] {
  return o.dayScale ? thin(day, Math.round(day.length * Math.min(1, o.dayScale(daysAgo)))) : day;
}

/** Writes the log into `<dataDir>/log` and the rollup checkpoint into `<dataDir>/rollups`. */
export async function writeSyntheticLog(dataDir: string, o: SyntheticLogOptions): Promise<SyntheticLog> {
  const t0 = performance.now();
  const template = simulateDay(o.perDay, o.now);
  // How many events each day back keeps; the oldest day is partial (its latest events), so the log ends
  // at exactly `total`. Events are made day by day while writing, never all at once (10 M would not fit).
  const counts: number[] = [];
  const total = o.total ?? Number.POSITIVE_INFINITY;
  for (let planned = 0; planned < total && counts.length < (o.days ?? Number.POSITIVE_INFINITY); ) {
    const take = Math.min(keptOfDay(template, counts.length, o).length, total - planned);
    counts.push(take);
    planned += take;
    if (counts.length > 100_000) throw new Error('dayScale keeps (almost) no events');
  }
  const log = await EventLog.open({
    dir: join(dataDir, 'log'),
    segmentBytes: 64 * 1024 * 1024,
    fsync: false,
  });
  const rollups = await RollupStore.open({
    dir: join(dataDir, 'rollups'),
    sites: benchSites,
    log,
    logger: silentLogger,
  });
  const identity = await IdentityIndex.open({
    dir: join(dataDir, 'rollups', 'identity'),
    log,
    logger: silentLogger,
    memoryBytes: 64 * 1024 * 1024, // the server's default: older days are saved and leave memory as it fills
  });
  const live = o.liveState ? liveStateOf(dataDir) : undefined;
  try {
    for (let k = counts.length - 1; k >= 0; k--) {
      const kept = keptOfDay(template, k, o);
      const events = kept.slice(kept.length - counts[k]!).map((e) => retime(e, e.time - k * DAY));
      for (let i = 0; i < events.length; i += BLOCK) {
        const batch = events.slice(i, i + BLOCK);
        const points = batch.map((e) => pointFromEvent(e));
        const first = await log.append(points);
        rollups.onEvents(
          batch.map((event, j) => ({ seq: first + j, point: points[j]!, event })),
          'live',
        );
        identity.record(
          points.map((p) => ({ ...pointText(p), time: p.timestamp!, offset: 0 })),
          first,
        );
        live?.onEvents(
          batch.map((event, j) => ({ seq: first + j, point: points[j]!, event })),
          'replay',
        );
      }
    }
    await live?.save();
  } finally {
    await identity.close();
    await rollups.close();
    await log.close();
  }
  return {
    events: log.lastSeq(),
    days: counts.length,
    lastDay: counts[0]!,
    bytes: log.sizeBytes,
    seconds: (performance.now() - t0) / 1000,
    identity: identityCost(join(dataDir, 'rollups', 'identity')),
  };
}

/** Bytes of the day files, and what the largest day holds in memory once loaded (as the server loads it). */
function identityCost(dir: string): SyntheticLog['identity'] {
  const files = readdirSync(dir).map((f) => ({ path: join(dir, f), bytes: statSync(join(dir, f)).size }));
  const largest = files.filter((f) => f.path.endsWith('.ids')).sort((a, b) => b.bytes - a.bytes)[0];
  const day = largest ? decodeDayFile(readFileSync(largest.path)) : undefined;
  return {
    diskBytes: files.reduce((n, f) => n + f.bytes, 0),
    dayMemoryBytes: day && !('error' in day) ? day.bytes : 0,
    dayEvents: day && !('error' in day) ? day.count : 0,
  };
}
