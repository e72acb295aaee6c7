// Command-line entry of the simulated collectors:
//   tsx collectors/simulate/cli.ts --url http://127.0.0.1:8080 --speed 1 --backfill-hours 6 --seed 42
// Options are checked before anything runs; stats are printed periodically; SIGINT/SIGTERM flush and exit.
import { parseCliOptions, usage } from './cli-options';
import { type SimulationHandle, type SimulationStats, startSimulation } from './run-simulation';

const parsed = parseCliOptions(process.argv.slice(2));
if (!parsed.ok) {
  if ('help' in parsed) {
    console.log(usage);
    process.exit(0);
  }
  for (const line of parsed.error.split('\n')) console.error(`portpulse-simulate: ${line}`);
  console.error(`\n${usage}`);
  process.exit(2);
}
const o = parsed.options;

function formatStats(s: SimulationStats): string {
  const g = s.generated;
  return (
    `${s.eventsPerSecond.toFixed(1)} events/s live | generated gate_scan=${g.gate_scan} weighbridge=${g.weighbridge} ` +
    `flight_departure=${g.flight_departure} (backfill ${s.backfilled}) | written ${s.written}, failed ${s.failed}, ` +
    `pending ${s.pending}, retries ${s.retries}`
  );
}

const aborter = new AbortController();
let handle: SimulationHandle | undefined;
let stopping = false;
async function stopAndExit(h: SimulationHandle): Promise<never> {
  await h.stop();
  process.exit(h.stats().failed > 0 ? 1 : 0);
}
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.error(`portpulse-simulate: ${signal}: flushing…`);
  aborter.abort(); // ends a running backfill; the start-up code below then stops
  if (handle) void stopAndExit(handle);
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));

console.error(
  `portpulse-simulate: ${o.sites.length} sites → ${o.url}, speed ${o.speed}, seed ${o.seed}` +
    (o.backfillHours > 0 ? `, backfilling ${o.backfillHours} h first` : ''),
);
handle = await startSimulation({
  url: o.url,
  sites: o.sites,
  speed: o.speed,
  seed: o.seed,
  backfillHours: o.backfillHours,
  ...(o.token ? { token: o.token } : {}),
  statsIntervalMs: o.statsSeconds * 1000,
  onStats: (s) => console.error(`portpulse-simulate: ${formatStats(s)}`),
  signal: aborter.signal,
});
if (stopping) await stopAndExit(handle);
console.error('portpulse-simulate: live; Ctrl-C to stop');
