// Scenario 4, restart: time from process start to listening with N events in the local log (rollup and
// live-state checkpoints present, as after any clean stop), next to an empty log. Once with the default 24 h
// start-up replay (most events are older), once with every event inside the replay window; each also with
// the live-state checkpoint off (PORTPULSE_LIVE_CHECKPOINT_SECONDS=0: the whole window replayed, as before).
import { startBenchServer } from '../load/bench-server';
import { below, makeRow, type Row } from '../report/rows';
import { writeSyntheticLog } from './restart-log';
import type { Scenario, ScenarioContext } from './scenario';

interface StartFigures {
  seconds: number | null;
  replayedEvents?: number;
  /** The live-state checkpoint's seq, when the start used it. */
  afterCheckpointSeq?: number;
  replayMs?: number;
  rollupsMs?: number;
  error?: string;
}

async function timedStart(
  ctx: ScenarioContext,
  dataDir: string,
  env: Record<string, string>,
  label: string,
  timeoutMs: number,
): Promise<StartFigures> {
  try {
    const server = await startBenchServer({
      dataDir,
      sitesFile: ctx.sitesFile,
      env,
      timeoutMs,
      ...(ctx.profileDir ? { profileDir: `${ctx.profileDir}/restart-${label}` } : {}),
    });
    const replay = server.logLines('replayed recent events').at(-1);
    const rollups = server.logLines('rollups loaded').at(-1);
    await server.stop();
    return {
      seconds: server.startSeconds,
      ...(replay ? { replayedEvents: Number(replay.events), replayMs: Number(replay.ms) } : {}),
      ...(replay?.afterCheckpointSeq ? { afterCheckpointSeq: Number(replay.afterCheckpointSeq) } : {}),
      ...(rollups ? { rollupsMs: Number(rollups.ms) } : {}),
    };
  } catch (e) {
    const text = String((e as Error).message);
    const why = /heap out of memory/i.test(text)
      ? 'crashed: JavaScript heap out of memory'
      : text.split('\n')[0]!;
    return { seconds: null, error: why };
  }
}

export const restartScenario: Scenario = {
  name: 'restart',
  async run(ctx) {
    const { events, eventsPerDay } = ctx.sizes.restart;
    const dataDir = `${ctx.workDir}/data`;
    ctx.log(`writing ${events.toLocaleString()} events into the log`);
    const log = await writeSyntheticLog(dataDir, {
      total: events,
      perDay: eventsPerDay,
      now: Date.now(),
      liveState: true,
    });
    ctx.log(`log: ${log.days} days, ${(log.bytes / 1e9).toFixed(2)} GB in ${log.seconds.toFixed(0)} s`);
    const empty = await timedStart(ctx, `${ctx.workDir}/empty`, {}, 'empty', 60_000);
    const noCheckpoint = { PORTPULSE_LIVE_CHECKPOINT_SECONDS: '0' };
    const allHours = { PORTPULSE_REPLAY_HOURS: String(24 * (log.days + 1)) };
    // The writer leaves no field-type checkpoint: the first start learns the types from the whole log once.
    const first = await timedStart(ctx, dataDir, {}, 'first-start', 600_000);
    const recent = await timedStart(ctx, dataDir, {}, 'replay-24h', 180_000);
    const recentFull = await timedStart(ctx, dataDir, noCheckpoint, 'replay-24h-full', 180_000);
    const allLimitMs = 60_000;
    const all = await timedStart(ctx, dataDir, allHours, 'replay-all', allLimitMs);
    const allFull = await timedStart(
      ctx,
      dataDir,
      { ...allHours, ...noCheckpoint },
      'replay-all-full',
      allLimitMs,
    );
    const rate =
      recentFull.replayedEvents && recentFull.replayMs
        ? recentFull.replayedEvents / (recentFull.replayMs / 1000)
        : undefined;
    const replayNote = (f: StartFigures) =>
      f.error ??
      `start-up replay ${f.replayedEvents} events in ${f.replayMs} ms${f.afterCheckpointSeq ? ` (the log after the live-state checkpoint at seq ${f.afterCheckpointSeq})` : ' (no live-state checkpoint used)'}; rollups ${f.rollupsMs} ms`;
    const stopped = (f: StartFigures) =>
      `${f.error?.replace(/server did not start within \d+ ms.*/, `did not start within ${allLimitMs / 1000} s`)}${rate ? `; at the replay rate of the 24 h full replay (${Math.round(rate)} events/s) ${n} events would take ≈ ${Math.round(events / rate)} s (estimate)` : ''}`;
    const ref = { label: 'empty log', value: empty.seconds };
    const n = events.toLocaleString('en-US');
    const rows: Row[] = [
      makeRow('4 restart', {
        metric: `${n} events logged, ${log.lastDay.toLocaleString('en-US')} in the last 24 h`,
        unit: 's',
        value: recent.seconds,
        reference: ref,
        goal: below(10, 's'),
        note: `${replayNote(recent)}; the data dir's first start (field types learnt from the whole log once, untimed here) took ${first.seconds?.toFixed(1) ?? first.error} s`,
      }),
      makeRow('4 restart', {
        metric: `${n} events logged, 24 h replay, checkpoint off`,
        unit: 's',
        value: recentFull.seconds,
        reference: ref,
        note: replayNote(recentFull),
      }),
      makeRow('4 restart', {
        metric: `${n} events, all inside the replay window`,
        unit: 's',
        value: all.seconds,
        reference: ref,
        goal: below(10, 's'),
        note: all.error === undefined ? replayNote(all) : stopped(all),
      }),
      makeRow('4 restart', {
        metric: `${n} events, all inside the replay window, checkpoint off`,
        unit: 's',
        value: allFull.seconds,
        reference: ref,
        note: allFull.error === undefined ? replayNote(allFull) : stopped(allFull),
      }),
      makeRow('4 restart', {
        metric: 'identity index on disk, per event',
        unit: 'B',
        value: Math.round((log.identity.diskBytes / log.events) * 10) / 10,
        note: `${(log.identity.diskBytes / 1e6).toFixed(1)} MB of day files for ${n} events (the log: ${(log.bytes / 1e9).toFixed(2)} GB)`,
      }),
      makeRow('4 restart', {
        metric: 'identity index in memory, one loaded day',
        unit: 'MB',
        value: Math.round(log.identity.dayMemoryBytes / 1e5) / 10,
        note: `a day of ${log.identity.dayEvents.toLocaleString('en-US')} events (${(log.identity.dayMemoryBytes / Math.max(1, log.identity.dayEvents)).toFixed(1)} B per event); PORTPULSE_IDENTITY_MEMORY_BYTES bounds the days kept`,
      }),
      makeRow('4 restart', {
        metric: 'log written with EventLog.append (no fsync)',
        unit: 'events/s',
        value: Math.round(log.events / log.seconds),
        note: `${(log.bytes / 1e9).toFixed(2)} GB over ${log.days} days, incl. rollup and identity-index updates`,
      }),
    ];
    // A start that never finished has no time, but it certainly missed the goal.
    for (const r of rows) if (r.goal && r.value === null) r.met = false;
    for (const [i, f] of [
      [2, all],
      [3, allFull],
    ] as const)
      if (f.error?.startsWith('server did not start'))
        rows[i]!.valueText = `> ${allLimitMs / 1000} s (stopped)`;
    return { rows, details: { log, empty, first, recent, recentFull, all, allFull } };
  },
};
