// Memory per live client, split: the server's RSS, V8 heap used and external memory before and after N
// clients connect and subscribe like scenario 3's (KPI channel, every 25th also events), read from /metrics
// and /proc without a GC (as the bench). With --snap the server writes a heap snapshot before and after
// (forced GC: what the clients retain) into a temp dir, to compare by constructor.
// Usage: npx tsx bench/profile/fan-out-memory.ts [clients=2000] [--snap]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventsChannel, kpiChannel } from '../../shared/live/channels';
import { benchSites, writeSitesFile } from '../data/bench-sites';
import { startBenchServer } from '../load/bench-server';
import { settledRss } from '../load/proc-status';
import { sleep } from '../load/wait';
import { startFleet } from '../load/ws-fleet';

const clients = Number(process.argv[2] ?? 2000);
const snap = process.argv.includes('--snap');
const dir = mkdtempSync(join(tmpdir(), 'pp-fanmem-'));
const server = await startBenchServer({
  dataDir: join(dir, 'data'),
  sitesFile: writeSitesFile(dir),
  env: {
    PORTPULSE_FSYNC: 'true',
    PORTPULSE_BROADCAST_MS: '50',
    PORTPULSE_WS_MAX_CLIENTS: String(clients + 100),
    ...(snap ? { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}` } : {}),
  },
});
async function metrics() {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const pick = (n: string) =>
    Number(new RegExp(`^${n}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    rss: (await settledRss(server.pid))!,
    heapUsed: pick('nodejs_heap_size_used_bytes'),
    external: pick('nodejs_external_memory_bytes'),
  };
}
await sleep(1000);
if (snap) {
  process.kill(server.pid, 'SIGUSR2');
  await sleep(8000);
}
const a = await metrics();
const plans = Array.from({ length: clients }, (_, i) => {
  const site = benchSites[i % benchSites.length]!.id;
  const probe = i % 25 === 0;
  return {
    channels: probe ? [kpiChannel(site), eventsChannel(site)] : [kpiChannel(site)],
    probe,
    slow: false,
  };
});
const fleet = await startFleet(server.url, plans, 4);
await sleep(2000);
const b = await metrics();
if (snap) {
  process.kill(server.pid, 'SIGUSR2');
  await sleep(15000);
}
const per = (k: keyof typeof a) => ((b[k] - a[k]) / fleet.open / 1024).toFixed(2);
console.log(
  `${fleet.open} clients: per client RSS ${per('rss')} KB, heapUsed ${per('heapUsed')} KB, external ${per('external')} KB`,
);
await fleet.close();
await server.stop();
if (snap) console.log(`heap snapshots in ${dir} (left there)`);
else rmSync(dir, { recursive: true, force: true });
process.exit(0);
