// The long fuzz run: `tsx fuzz/run.ts --cases 1000000 [--seed N]` runs every target with its share of the
// cases and reports how many each ran; a failure prints fast-check's shrunk counterexample and exits 1.
import { parseArgs } from 'node:util';
import { runFuzz } from './targets';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '1000000' }, seed: { type: 'string' } },
});
const total = Number(values.cases);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(total) || total < 1) {
  console.error('--cases must be a positive integer');
  process.exit(2);
}

console.log(`fuzzing ${total.toLocaleString('en')} cases, seed ${seed}`);
const t0 = performance.now();
try {
  const reports = await runFuzz(total, seed, (r) =>
    console.log(`  ${r.name.padEnd(44)} ${r.cases.toLocaleString('en').padStart(11)} cases  ${r.ms} ms`),
  );
  const ran = reports.reduce((sum, r) => sum + r.cases, 0);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`ok: ${ran.toLocaleString('en')} cases in ${s} s, no failures (seed ${seed})`);
} catch (e) {
  console.error(`FAILED (seed ${seed}):\n${(e as Error).message}`);
  process.exit(1);
}
