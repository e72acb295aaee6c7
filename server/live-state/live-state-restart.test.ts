// A restart from the saved live state plus the log after it gives the same live state as replaying the whole
// window: the same KPI rows at every minute, lanes, recent events and alerts, and retries of events from
// before and after the checkpoint are still recognised as duplicates. Real log, rollups and identity index in
// a temp dir; the parts without HTTP (no ticks, so the alert book changes only with events).
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSiteSimulator } from '../../collectors/simulate/site-simulator';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { flightDeparture, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { formatLines } from '../../shared/line-protocol/format';
import type { Alert } from '../../shared/live/alerts';
import { defaultSites } from '../../shared/sites/default-sites';
import { siteRegistrySchema } from '../../shared/sites/registry';
import type { Logger } from '../logger';
import { createServerParts, type ServerParts } from '../start-server';
import { EventLog } from '../store/event-log';
import { tempDir, testConfig } from '../testing/test-config';
import { decodeState, encodeState } from './state-file';

const sites = siteRegistrySchema.parse(defaultSites);
const MIN = 60_000;
const NOW = Math.floor(Date.now() / MIN) * MIN;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

/** Six hours of every site's simulated traffic, plus overweight trucks and a late flight (alerts). */
function events(): PortEvent[] {
  const from = NOW - 6 * 60 * MIN;
  const out = sites.flatMap((s) =>
    createSiteSimulator(s, { seed: 7, startMs: from, speed: 0.3 }).generate(from, NOW),
  );
  for (const [i, s] of sites.entries()) {
    out.push(weighbridgeReading({ site: s.id, time: NOW - (5 + i) * MIN, plate: `浙G${i}`, net_kg: 30_000 }));
    out.push(
      flightDeparture({ site: s.id, time: NOW - (3 + i) * MIN, sobt: NOW - 90 * MIN, flight_no: `CZ${i}` }),
    );
  }
  return out.sort((a, b) => a.time - b.time);
}

const lines = (es: PortEvent[]) =>
  formatLines(
    es.map((e) => pointFromEvent(e)),
    'ms',
  );

async function open(env: Record<string, string> = {}) {
  const logged: { msg: string; extra?: Record<string, unknown> }[] = [];
  const logger: Logger = (_level, msg, extra) => logged.push({ msg, ...(extra ? { extra } : {}) });
  const parts = await createServerParts(
    testConfig(dir!.path, { PORTPULSE_LIVE_CHECKPOINT_SECONDS: '3600', ...env }),
    logger,
  );
  const replay = logged.find((l) => l.msg === 'replayed recent events into live KPIs')!.extra!;
  return { parts, replay, logged };
}

async function close(p: ServerParts) {
  await p.liveState?.close();
  await p.rollups.close();
  await p.identity.close();
  await p.fieldTypes.close();
  await p.log.close();
}

/** What the live views show: KPI rows at every minute of the window, lanes, recent events and alerts. */
function liveView(p: ServerParts) {
  const { kpis, hub, alerts } = p.deps;
  // When the replay or the live ingest ran (wall clock), not what it holds: an alert cleared during the first
  // half was cleared live before the checkpoint, but during the replay in a full replay, seconds later.
  const noClock = (a: Alert) => ({
    ...a,
    updatedAt: undefined,
    clearedAt: a.clearedAt === null ? null : 'set',
  });
  return sites.map((s) => ({
    rows: Array.from({ length: 7 * 60 + 1 }, (_, m) => kpis.row(s.id, NOW - 7 * 60 * MIN + m * MIN + 500)),
    lanes: kpis.site(s.id).lanes.table(NOW),
    lastEventOf: kpis.site(s.id).lastEventOf,
    recent: hub.exportRecent()[s.id],
    alerts: (({ active, recent }) => ({ active: active.map(noClock), recent: recent.map(noClock) }))(
      alerts.snapshot(s.id),
    ),
  }));
}

/** Resends events: every one must be taken as a duplicate (nothing appended to the log). */
async function resend(p: ServerParts, es: PortEvent[]) {
  const before = { seq: p.log.lastSeq() };
  const r = await p.deps.ingestLines(lines(es), 'ms');
  return { result: r, appended: p.log.lastSeq() - before.seq };
}

describe('live state checkpoint', () => {
  it('checkpoint + log tail gives the state of a full replay (KPIs, lanes, recent events, alerts, identity)', async () => {
    dir = tempDir();
    const all = events();
    const half = Math.floor(all.length / 2);
    const first = all.slice(0, half);
    const tail = all.slice(half);

    // Live ingest of the first half; a clean stop saves the live state.
    const a = await open();
    expect(a.replay.events).toBe(0);
    await a.parts.deps.ingestLines(lines(first), 'ms');
    const savedSeq = a.parts.log.lastSeq();
    await close(a.parts);

    // The tail reaches the log after the save (as after a crash: the log has it, the checkpoint does not).
    const log = await EventLog.open({ dir: `${dir.path}/log`, segmentBytes: 64 * 1024 * 1024, fsync: false });
    await log.append(tail.map((e) => pointFromEvent(e)));
    await log.close();

    const fromCheckpoint = await open();
    expect(fromCheckpoint.replay).toMatchObject({ events: tail.length, afterCheckpointSeq: savedSeq });
    const viaCheckpoint = liveView(fromCheckpoint.parts);
    const retry = await resend(fromCheckpoint.parts, [...first.slice(0, 200), ...tail.slice(-200)]);
    await close(fromCheckpoint.parts);

    const full = await open({ PORTPULSE_LIVE_CHECKPOINT_SECONDS: '0' });
    expect(full.replay.events).toBe(all.length);
    const viaFullReplay = liveView(full.parts);
    const retryFull = await resend(full.parts, [...first.slice(0, 200), ...tail.slice(-200)]);
    await close(full.parts);

    // The data is not trivial: KPIs, staff, lanes and alerts have values to compare.
    const sample = viaFullReplay[0]!;
    expect(sample.rows.at(-1)!.vehicles_in_per_min).not.toBeNull();
    expect(viaFullReplay.some((s) => s.rows.at(-1)!.staff_on_site !== null)).toBe(true);
    expect(sample.lanes.length).toBeGreaterThan(0);
    expect(viaFullReplay.flatMap((s) => s.alerts.active).length).toBeGreaterThanOrEqual(sites.length);

    expect(viaCheckpoint).toEqual(viaFullReplay);
    expect(retry.appended).toBe(0);
    expect(retryFull.appended).toBe(0);
    expect(retry.result).toEqual(retryFull.result);
  });

  it('replays the whole window when the saved state is damaged, and says why', async () => {
    dir = tempDir();
    const all = events().slice(0, 2000);
    const a = await open();
    await a.parts.deps.ingestLines(lines(all), 'ms');
    await close(a.parts);
    const path = `${dir.path}/rollups/live-state.bin`;
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(path, bytes);
    const b = await open();
    expect(b.replay.events).toBe(all.length);
    expect(b.replay.afterCheckpointSeq).toBeUndefined();
    expect(b.logged).toContainEqual({
      msg: 'live state checkpoint not used; replaying the whole window',
      extra: { why: 'checksum mismatch' },
    });
    await close(b.parts);
  });

  it('replays the whole window when the saved state is older than the window (a long downtime)', async () => {
    dir = tempDir();
    const all = events().slice(0, 2000);
    const a = await open({ PORTPULSE_REPLAY_HOURS: '12' });
    await a.parts.deps.ingestLines(lines(all), 'ms');
    await close(a.parts);
    const path = `${dir.path}/rollups/live-state.bin`;
    const saved = decodeState(readFileSync(path));
    if ('error' in saved) throw new Error(saved.error);
    const doc = saved.doc as { savedAt: number };
    // Fresh enough: used.
    const b = await open({ PORTPULSE_REPLAY_HOURS: '12' });
    expect(b.replay.afterCheckpointSeq).toBe(all.length);
    await close(b.parts);
    // Saved 13 h ago with a 12 h window: a full replay of the window instead.
    writeFileSync(path, encodeState({ ...doc, savedAt: Date.now() - 13 * 60 * MIN }));
    const c = await open({ PORTPULSE_REPLAY_HOURS: '12' });
    expect(c.replay.events).toBe(all.length);
    expect(c.replay.afterCheckpointSeq).toBeUndefined();
    expect(c.logged).toContainEqual({
      msg: 'live state checkpoint not used; replaying the whole window',
      extra: { why: 'saved 13 h ago, longer ago than the 12 h window' },
    });
    await close(c.parts);
  });
});
