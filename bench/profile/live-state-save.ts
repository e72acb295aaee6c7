// The live-state checkpoint's cost while serving: the longest the event loop is blocked by one save and the
// file's size, in one process (createServerParts on a temp data dir, fsync off). A day of the bench sites'
// simulated traffic is ingested first (every KPI ring and histogram slot of the window used), then the state
// is saved a few times with new events in between. The block is measured by a setImmediate chain running
// beside the save (the longest gap between its turns) and by perf_hooks.monitorEventLoopDelay.
// Usage: npx tsx bench/profile/live-state-save.ts [events per day=150000] [saves=5]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../server/config';
import { createServerParts } from '../../server/start-server';
import { writeSitesFile } from '../data/bench-sites';
import { lineBatches, simulateCount, simulateDay } from '../data/event-mix';

const args = process.argv.slice(2).filter((a) => /^\d+$/.test(a));
const perDay = Number(args[0] ?? 150_000);
const saves = Number(args[1] ?? 5);

/** Runs `work` with a setImmediate chain beside it: the longest gap between two of its turns (ms). */
async function longestBlock(
  work: () => Promise<void>,
): Promise<{ gapMs: number; wallMs: number; elMaxMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let running = true;
  let last = performance.now();
  let gap = 0;
  const spin = () => {
    const t = performance.now();
    gap = Math.max(gap, t - last);
    last = t;
    if (running) setImmediate(spin);
  };
  h.enable();
  setImmediate(spin);
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  running = false;
  await new Promise((r) => setImmediate(r));
  h.disable();
  return { gapMs: gap, wallMs, elMaxMs: h.max / 1e6 };
}

const dir = mkdtempSync(join(tmpdir(), 'portpulse-live-state-save-'));
try {
  const config = loadConfig({
    PORTPULSE_DATA_DIR: join(dir, 'data'),
    PORTPULSE_SITES: writeSitesFile(dir),
    PORTPULSE_FSYNC: 'false',
    PORTPULSE_LIVE_CHECKPOINT_SECONDS: '3600',
  });
  const parts = await createServerParts(config, () => {});
  const now = Date.now();
  for (const body of lineBatches(simulateDay(perDay, now - 60_000), 5_000))
    await parts.deps.ingestLines(body, 'ns');
  const checkpoint = parts.liveState!;
  const path = join(config.dataDir, 'rollups', 'live-state.bin');
  const extra = lineBatches(simulateCount(saves * 200, now, 9), 200);
  const results = [];
  for (let i = 0; i < saves; i++) {
    await parts.deps.ingestLines(extra[i]!, 'ns');
    results.push(await longestBlock(() => checkpoint.save()));
  }
  const bytes = statSync(path).size;
  const f = (n: number) => n.toFixed(1);
  console.log(
    `${perDay.toLocaleString('en-US')} events/day over ${parts.deps.sites.length} sites; file ${(bytes / 1e6).toFixed(2)} MB ` +
      `(load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
  );
  for (const [i, r] of results.entries())
    console.log(
      `save ${i + 1}: longest event-loop block ${f(r.gapMs)} ms (monitorEventLoopDelay max ${f(r.elMaxMs)} ms), save took ${f(r.wallMs)} ms`,
    );
  await checkpoint.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
