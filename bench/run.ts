// `npm run bench` (full, well under 10 minutes on 2 cores) and `npm run bench -- --quick` (under a minute):
// every scenario next to its reference, a table on stdout and bench-results.json in the repo root.
// Flags: --quick, --only=ingest,restart (a subset), --profile (servers write .cpuprofile files to
// bench/profiles/; summarise them with bench/profile/summarize-profile.ts), --out=<file>.
import { join } from 'node:path';
import { repoRoot, runBench, scenarios } from './harness';
import { formatTable } from './report/table';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name: string) => flag(name)?.split('=')[1];

const unknown = args.filter((a) => !/^--(quick|profile|only=.+|out=.+)$/.test(a));
if (unknown.length > 0) {
  console.error(
    `unknown arguments: ${unknown.join(' ')}\nscenarios: ${scenarios.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}

const quick = flag('quick') !== undefined;
const outFile = value('out') ?? join(repoRoot, 'bench-results.json');
const results = await runBench({
  quick,
  only: value('only')?.split(',') ?? [],
  ...(flag('profile') ? { profileDir: join(repoRoot, 'bench', 'profiles') } : {}),
  outFile,
  log: (msg) => console.error(msg),
});

const m = results.machine;
console.log(
  `\nportpulse benchmarks (${results.mode}) · ${m.cpuModel}, ${m.cores} cores, ${m.totalMemGiB} GiB · Node ${m.node} · ${m.date}` +
    ` · load ${m.loadAverage.join(' ')} → ${results.loadAverageAtEnd.join(' ')} · ${results.totalSeconds.toFixed(0)} s\n`,
);
console.log(formatTable(results.rows));
console.log(`\nresults: ${outFile}`);
process.exit(0);
