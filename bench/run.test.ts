// `npm run bench -- --quick` end to end, as a user runs it: every scenario runs against the real server, influxd
// and Chromium, the command prints its table and writes the results file, and every row has finite numbers.
// No timing thresholds: speed is judged by `npm run bench`, not by tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type BenchResults, repoRoot, scenarios } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'portpulse-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runQuick(outFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'bench/run.ts'), '--quick', `--out=${outFile}`],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('`npm run bench -- --quick` runs every scenario and measures a finite number for every row', {
  timeout: 600_000,
}, async () => {
  const outFile = join(dir, 'bench-results.json');
  const run = await runQuick(outFile);
  expect(run.code, `bench exited ${run.code}\n${run.stderr.slice(-4000)}`).toBe(0);
  expect(run.stdout).toContain('portpulse benchmarks (quick)');
  expect(run.stdout).toContain('| scenario');

  const results = JSON.parse(readFileSync(outFile, 'utf8')) as BenchResults;
  expect(results.mode).toBe('quick');
  expect(results.scenarios.map((s) => s.name)).toEqual(scenarios.map((s) => s.name));
  for (const s of results.scenarios) expect(s.error, `${s.name} failed`).toBeUndefined();
  for (const s of scenarios)
    expect(results.rows.some((r) => r.scenario.includes(s.name.split('-')[0]!))).toBe(true);
  for (const row of results.rows) {
    if (row.unavailable) continue;
    expect(Number.isFinite(row.value), `${row.scenario} · ${row.metric}: ${row.value} (${row.note})`).toBe(
      true,
    );
    if (row.reference) expect(Number.isFinite(row.ratio), `${row.scenario} · ${row.metric} ratio`).toBe(true);
    // Every printed row is in the table the user sees.
    expect(run.stdout).toContain(row.metric);
  }
  // CPU per point for influxd, portpulse embedded and portpulse shipping to influxd, from the same run.
  const cpuRows = results.rows.filter((r) => r.metric.startsWith('server CPU µs per point'));
  expect(cpuRows.map((r) => r.metric)).toEqual([
    'server CPU µs per point, influxd /write',
    'server CPU µs per point, portpulse embedded (fsync)',
    'server CPU µs per point, portpulse → influxd',
  ]);
  for (const row of cpuRows) {
    expect(Number.isFinite(row.value) && row.value! > 0, `${row.metric}: ${row.value}`).toBe(true);
    if (row.goal) expect(typeof row.met, `${row.metric} met?`).toBe('boolean');
  }
  expect(Number.isFinite(results.machine.cores)).toBe(true);
});
