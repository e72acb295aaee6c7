// Entry point of `npm start`: the server on the embedded store plus simulated collectors for every site, so a
// fresh machine shows live charts and real index numbers without InfluxDB or devices. On an empty data dir it
// first writes months of simulated history through the server's ingest (so rollups and indices are the real
// ones), then the last hours in full detail, then goes live; a second start writes only the gap.

import { writeHistory } from '../collectors/simulate/history/write-history';
import { startSimulation } from '../collectors/simulate/run-simulation';
import { DEFAULT_TIME_ZONE } from '../shared/sites/registry';
import { ConfigError, loadConfig } from './config';
import { demoLogger } from './demo/demo-logger';
import { planDemo } from './demo/demo-plan';
import { historyProgressBar, printBanner, say, statusLine } from './demo/demo-terminal';
import { readMarker, writeMarker } from './demo/history-marker';
import { startServer } from './start-server';

try {
  const config = loadConfig();
  const { logger, file } = demoLogger(config.dataDir, config.logLevel);
  const startedAt = Date.now();
  const server = await startServer(config, logger);
  const open = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${server.port}/`;
  printBanner({ url: open, sites: config.sites.length, dataDir: config.dataDir, logFile: file });

  // Ctrl-C while the history is written stops it at a day boundary; the marker says how far it got.
  const aborted = new AbortController();
  let stop = async (signal: string) => {
    if (aborted.signal.aborted) return;
    say(`Stopping (${signal}) …`);
    aborted.abort();
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const siteIds = config.sites.map((s) => s.id);
  const speed = config.demo.speed;
  const seed = Date.now() % 100_000;
  const marker = readMarker(config.dataDir);
  const plan = planDemo({
    nowMs: Date.now(),
    timeZone: config.sites[0]?.timezone ?? DEFAULT_TIME_ZONE,
    months: config.demo.historyMonths,
    detailedHours: config.demo.backfillHours,
    siteIds,
    marker,
    logEvents: server.log.lastSeq(),
  });
  if (plan.skipReason) say(`warning: no simulated history written: ${plan.skipReason}.`);
  const history = plan.history;
  if (history) {
    const months = Math.round((history.toMs - history.fromMs) / (30.44 * 86_400_000));
    say(
      marker
        ? `Filling the ${Math.round((history.toMs - history.fromMs) / 3_600_000)} h since the last run with simulated history …`
        : `Writing ${months} month${months === 1 ? '' : 's'} of simulated history for ${siteIds.length} sites (first start only) …`,
    );
    const t0 = performance.now();
    const bar = historyProgressBar();
    const written = await writeHistory({
      sites: config.sites,
      seed,
      speed,
      ...history,
      write: async (lines) => {
        const r = await server.deps.ingestLines(lines.join('\n'), 'ms');
        return { rejected: r.rejected, ...(r.issues[0] ? { firstIssue: r.issues[0].message } : {}) };
      },
      onProgress: (p) => bar.update(p),
      onRejected: (n, why) => logger('warn', 'simulated history lines rejected', { lines: n, reason: why }),
      onCheckpoint: (untilMs) =>
        writeMarker(config.dataDir, { sites: siteIds, fromMs: plan.historyFromMs, coveredUntilMs: untilMs }),
      signal: aborted.signal,
    });
    bar.stop();
    if (aborted.signal.aborted) {
      await server.close();
      say('Stopped while writing the history; the next `npm start` on this data dir continues it.');
      process.exit(0);
    }
    const s = (performance.now() - t0) / 1000;
    say(
      `History written: ${written.events.toLocaleString('en-US')} events in ${s.toFixed(1)} s` +
        ` (${Math.round(written.events / s).toLocaleString('en-US')}/s)` +
        `${written.rejected > 0 ? `, ${written.rejected} rejected (see the server log)` : ''}; the analyst view has its numbers now.`,
    );
  } else if (marker && !plan.skipReason) say('Reusing the simulated history already in the data dir.');

  const detail =
    plan.detailedHours >= 1
      ? `${plan.detailedHours.toFixed(1)} h`
      : `${Math.ceil(plan.detailedHours * 60)} min`;
  say(`Writing the last ${detail} in full detail (every truck, badge and departure) …`);
  const t1 = performance.now();
  const sim = await startSimulation({
    url: server.url,
    sites: config.sites,
    speed,
    seed,
    backfillHours: plan.detailedHours,
    signal: aborted.signal,
    log: (level, message) => logger(level, message, { source: 'simulated collectors' }),
  });
  const coveredNow = () => ({ sites: siteIds, fromMs: plan.historyFromMs, coveredUntilMs: Date.now() });
  if (aborted.signal.aborted) {
    // Ctrl-C during the detailed hours: what they hold is kept, the marker stays where the history ended.
    await sim.stop();
    await server.close();
    say('Stopped.');
    process.exit(0);
  }
  if (!plan.skipReason) writeMarker(config.dataDir, coveredNow());
  say(
    `Live: simulated collectors running (${((performance.now() - t1) / 1000).toFixed(1)} s for the detailed hours; ` +
      `ready ${((Date.now() - startedAt) / 1000).toFixed(0)} s after start). A status line follows every minute.`,
  );

  let lastWritten = sim.stats().written;
  const status = setInterval(() => {
    const stats = sim.stats();
    const lastEvent = Object.values(server.deps.kpis.lastEventAt()).filter((t): t is number => t !== null);
    say(
      statusLine({
        uptimeMs: Date.now() - startedAt,
        sites: siteIds.length,
        eventsLastMinute: stats.written - lastWritten,
        writeErrors: stats.failed,
        activeAlerts: siteIds.reduce((n, id) => n + server.deps.alerts.snapshot(id).active.length, 0),
        liveClients: server.deps.hub.clientCount,
        newestAgeS: lastEvent.length ? (Date.now() - Math.max(...lastEvent)) / 1000 : undefined,
      }),
    );
    lastWritten = stats.written;
    if (!plan.skipReason) writeMarker(config.dataDir, coveredNow());
  }, 60_000);

  let stopping = false;
  stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(status);
    say(`Stopping (${signal}) …`);
    logger('info', `received ${signal}, stopping demo`);
    await sim.stop();
    if (!plan.skipReason) writeMarker(config.dataDir, coveredNow());
    await server.close();
    say('Stopped. The next `npm start` on this data dir continues where this one ended.');
    process.exit(0);
  };
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`portpulse: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
