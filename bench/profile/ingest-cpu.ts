// CPU per point of the real ingest path in one process, without HTTP or a load generator on the same
// core: createServerParts on a temp data dir (fsync off), the bench's simulated batches through
// decodeUtf8 → ingestLineProtocol (with the received bytes, as the write route hands them) → log →
// consumers, 4 requests in flight, process.cpuUsage() ÷ points.
// Steadier than the bench's per-process figure on a shared box, and with --profile=<file> a .cpuprofile of
// just the measured phase (summarise it with summarize-profile.ts).
// Usage: npx tsx bench/profile/ingest-cpu.ts [points=200000] [--profile=out.cpuprofile]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config';
import { decodeUtf8 } from '../../server/ingest/read-body';
import { createServerParts } from '../../server/start-server';
import { writeSitesFile } from '../data/bench-sites';
import { lineBatches, simulateCount } from '../data/event-mix';

const args = process.argv.slice(2);
const points = Number(args.find((a) => /^\d+$/.test(a)) ?? 200_000);
const profileFile = args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);

const dir = mkdtempSync(join(tmpdir(), 'portpulse-ingest-cpu-'));
try {
  const config = loadConfig({
    PORTPULSE_DATA_DIR: join(dir, 'data'),
    PORTPULSE_SITES: writeSitesFile(dir),
    PORTPULSE_FSYNC: 'false',
  });
  const parts = await createServerParts(config, () => {});
  const now = Date.now();
  const toBuffers = (bodies: string[]) => bodies.map((b) => Buffer.from(b));
  const bodies = toBuffers(lineBatches(simulateCount(points, now - 60_000), 5_000));
  // Warm-up (JIT) on other events of the half hour before, so the measured ones are all new to identity.
  const warm = toBuffers(lineBatches(simulateCount(30_000, now - 1_800_000, 9), 5_000));
  const ingest = (b: Buffer) => parts.deps.ingestLines(decodeUtf8(b), 'ns', b);
  for (const b of warm) await ingest(b);

  const session = profileFile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let accepted = 0;
  const inFlight: Promise<void>[] = [];
  for (const b of bodies) {
    inFlight.push(
      ingest(b).then((r) => {
        accepted += r.accepted;
      }),
    );
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpu0);
  const wallUs = (performance.now() - t0) * 1000;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile!, JSON.stringify(profile));
  }
  console.log(
    `${accepted.toLocaleString('en-US')} points accepted: ${((cpu.user + cpu.system) / accepted).toFixed(2)} µs CPU per point, ` +
      `${(wallUs / accepted).toFixed(2)} µs wall per point (load average ${(await import('node:os'))
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
