// Runs the scenarios one after another (each next to its reference), collects their rows and figures, and
// writes bench-results.json. A scenario that throws gives a row saying so; the others still run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSitesFile } from './data/bench-sites';
import { type MachineInfo, machineInfo } from './report/machine';
import { missingRow, type Row } from './report/rows';
import { clientRenderScenario } from './scenarios/client-render';
import { clusterScenario } from './scenarios/cluster';
import { fanOutScenario } from './scenarios/fan-out';
import { indicesScenario } from './scenarios/indices';
import { ingestScenario } from './scenarios/ingest';
import { liveLatencyScenario } from './scenarios/live-latency';
import { restartScenario } from './scenarios/restart';
import type { Scenario } from './scenarios/scenario';
import { type BenchSizes, fullSizes, quickSizes } from './sizes';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const scenarios: Scenario[] = [
  ingestScenario,
  liveLatencyScenario,
  fanOutScenario,
  restartScenario,
  clientRenderScenario,
  indicesScenario,
  clusterScenario,
];

export interface BenchOptions {
  quick: boolean;
  /** Scenario names to run (all when empty). */
  only?: string[];
  profileDir?: string;
  /** Where to write the JSON results (none when undefined). */
  outFile?: string;
  log?: (msg: string) => void;
}

export interface BenchResults {
  command: string;
  mode: 'full' | 'quick';
  machine: MachineInfo;
  sizes: BenchSizes;
  totalSeconds: number;
  /** Load averages when the run ended (compare with machine.loadAverage). */
  loadAverageAtEnd: number[];
  scenarios: { name: string; seconds: number; error?: string; details: Record<string, unknown> }[];
  rows: Row[];
}

export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const log = o.log ?? (() => {});
  const sizes = o.quick ? quickSizes : fullSizes;
  const machine = machineInfo(repoRoot);
  const root = mkdtempSync(join(tmpdir(), 'portpulse-bench-'));
  const sitesFile = writeSitesFile(root);
  const results: BenchResults = {
    command: `npm run bench${o.quick ? ' -- --quick' : ''}`,
    mode: o.quick ? 'quick' : 'full',
    machine,
    sizes,
    totalSeconds: 0,
    loadAverageAtEnd: [],
    scenarios: [],
    rows: [],
  };
  const t0 = performance.now();
  try {
    for (const scenario of scenarios) {
      if (o.only?.length && !o.only.includes(scenario.name)) continue;
      const workDir = mkdtempSync(join(root, `${scenario.name}-`));
      const started = performance.now();
      log(`▶ ${scenario.name}`);
      try {
        const r = await scenario.run({
          sizes,
          quick: o.quick,
          workDir,
          sitesFile,
          ...(o.profileDir ? { profileDir: o.profileDir } : {}),
          log: (msg) => log(`  ${scenario.name}: ${msg}`),
        });
        results.rows.push(...r.rows);
        results.scenarios.push({
          name: scenario.name,
          seconds: (performance.now() - started) / 1000,
          details: r.details,
        });
      } catch (e) {
        const error = String((e as Error)?.stack ?? e);
        log(`  ${scenario.name} failed: ${error}`);
        results.rows.push(missingRow(scenario.name, 'scenario failed', error.split('\n')[0]!));
        results.scenarios.push({
          name: scenario.name,
          seconds: (performance.now() - started) / 1000,
          error,
          details: {},
        });
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
      log(`  ${scenario.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  results.totalSeconds = (performance.now() - t0) / 1000;
  results.loadAverageAtEnd = (await import('node:os')).loadavg().map((l) => Math.round(l * 100) / 100);
  if (o.outFile) writeFileSync(o.outFile, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
