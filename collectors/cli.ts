// portpulse-collect <collector> --config <file> [--check]: runs one collector (weighbridge, gate-scan,
// flight-departure, replay, simulate) with the shared spooling writer and health output. Config problems are
// reported before anything starts (exit 2); SIGINT/SIGTERM stop the source and flush before exiting.
import { parseArgs } from 'node:util';
import { ConfigError } from '../shared/config-error';
import type { LogLevel } from '../shared/logger';
import { readConfigJson } from './common/runner/config-file';
import { type CollectorRun, startCollectorRun } from './common/runner/run-collector';
import { collectorKinds } from './kinds';

const usage = `Usage: portpulse-collect <collector> --config <file.json> [--check]

Collectors:
${collectorKinds.map((k) => `  ${k.name.padEnd(18)}${k.summary}`).join('\n')}

  --config <file>   collector config (JSON; see collectors/<collector>/README.md and its sample config)
  --check           validate the config and exit
  -h, --help        this text

Stats: one JSON line on stdout every health.statsSeconds; logs on stderr. Ctrl-C flushes and exits.`;

function fail(message: string, withUsage = false): never {
  for (const line of message.split('\n')) console.error(`portpulse-collect: ${line}`);
  if (withUsage) console.error(`\n${usage}`);
  process.exit(2);
}

let args: ReturnType<typeof parseArgs>;
try {
  args = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  fail((e as Error).message, true);
}
if (args.values.help) {
  console.log(usage);
  process.exit(0);
}
const [name, ...extra] = args.positionals;
const kind = collectorKinds.find((k) => k.name === name);
if (!kind) fail(name ? `unknown collector "${name}"` : 'which collector?', true);
if (extra.length > 0) fail(`unexpected argument "${extra[0]}"`);
const file = args.values.config;
if (typeof file !== 'string') fail('--config <file> is required', true);

const log = (level: LogLevel, message: string) =>
  console.error(`portpulse-collect ${kind.name}: ${level}: ${message}`);
let run: CollectorRun;
try {
  const raw = readConfigJson(file);
  if (args.values.check) {
    kind.parse(raw, file);
    console.log(`${file}: ok`);
    process.exit(0);
  }
  run = await startCollectorRun(kind, raw, { file, log });
} catch (e) {
  fail(e instanceof ConfigError ? e.message : `cannot start: ${(e as Error).message}`);
}

let stopping = false;
async function shutdown(why: string, failed = false): Promise<void> {
  if (stopping) {
    log('warn', `${why} again: exiting without flushing (spooled lines are sent at the next start)`);
    process.exit(130);
  }
  stopping = true;
  log('info', `${why}: stopping and flushing…`);
  await run.stop();
  const w = run.writer.stats();
  log('info', `done: ${w.written} lines written, ${w.failed} failed, ${w.pending} left in the spool`);
  process.exit(failed || w.failed > 0 ? 1 : 0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
void run.done.then(
  () => shutdown('finished'),
  (e: Error) => {
    log('error', e.message);
    return shutdown('failed', true);
  },
);
log('info', `running${run.healthUrl ? `; health at ${run.healthUrl}` : ''}`);
