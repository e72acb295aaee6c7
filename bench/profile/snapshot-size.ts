// Size and cost of a cluster state snapshot (server/cluster/state-snapshot.ts) for a given history: one
// server's parts on a temp data dir (fsync off), `events` gate scans and weighbridge readings spread over `days`
// across the configured sites, then captureState (what holds the stream applier) and encodeSnapshotBlob (gzip,
// off the event loop). Prints the raw size of each part, the blob's size and both times as JSON.
// Usage: npx tsx bench/profile/snapshot-size.ts [events=100000] [days=30]
import type { AlertEngine } from '../../server/alerts/alert-engine';
import { captureState, encodeSnapshotBlob } from '../../server/cluster/state-snapshot';
import { silentLogger } from '../../server/logger';
import { createServerParts } from '../../server/start-server';
import { tempDir, testConfig } from '../../server/testing/test-config';
import { gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';

const total = Number(process.argv[2] ?? 100_000);
const days = Number(process.argv[3] ?? 30);
const dir = tempDir('portpulse-snapshot-size-');
const parts = await createServerParts(testConfig(dir.path, { PORTPULSE_FSYNC: 'false' }), silentLogger);
const sites = parts.deps.sites.map((s) => s.id);
const span = days * 86_400_000;
const start = Date.now() - span;
for (let done = 0; done < total; ) {
  const batch = [];
  for (let k = 0; k < 5000 && done < total; k++, done++) {
    const time = start + Math.floor((done / total) * span);
    const site = sites[done % sites.length]!;
    const plate = `浙A${done}`;
    batch.push(
      done % 3 === 0
        ? weighbridgeReading({
            site,
            time,
            plate,
            gross_kg: 26_000 + (done % 1000),
            net_kg: 17_000 + (done % 1000),
          })
        : gateScan({ site, time, plate, lane: `l${done % 4}`, processing_ms: 2000 + (done % 5000) }),
    );
  }
  await parts.ingest.ingestJson(batch);
}
const t0 = performance.now();
const { rollups, fieldTypes, identity, hub } = parts;
const snapshot = await captureState(
  { rollups, fieldTypes, identity, hub, kpis: parts.deps.kpis, alerts: parts.deps.alerts as AlertEngine },
  { epoch: 'size', seq: 1, node: 'size' },
);
const captureMs = performance.now() - t0;
const t1 = performance.now();
const blob = await encodeSnapshotBlob(snapshot);
const compressMs = performance.now() - t1;
const raw: Record<string, number> = {};
for (const f of snapshot.header.files) {
  const key = f.path.startsWith('identity/') ? 'identity/*' : f.path;
  raw[key] = (raw[key] ?? 0) + f.bytes;
}
console.log(
  JSON.stringify({
    events: total,
    days,
    sites: sites.length,
    rawBytes: raw,
    snapshotBytes: blob.length,
    bytesPerEvent: +(blob.length / total).toFixed(1),
    captureMs: Math.round(captureMs),
    compressMs: Math.round(compressMs),
  }),
);
dir.remove();
process.exit(0);
