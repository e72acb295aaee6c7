// What ingest writes to the log: a line already in the formatter's form is stored byte for byte as received
// (not joined again); a line identity moves by +1 ns (a distinct point in the same millisecond of the same
// series) or one in another form or precision is stored as formatPoint writes it, with the timestamp stored.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { formatPoint } from '../../shared/line-protocol/format';
import { EventLog } from '../store/event-log';
import { tempDir } from '../testing/test-config';
import { Ingest } from './ingest';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

async function setUp() {
  const dir = tempDir();
  dirs.push(dir);
  const log = await EventLog.open({ dir: join(dir.path, 'log'), segmentBytes: 1 << 20, fsync: false });
  return { log, ingest: new Ingest(log, { maxFutureMs: 60_000 }) };
}

async function storedLines(log: EventLog): Promise<string[]> {
  const out: string[] = [];
  for await (const { body } of log.readBlocksFrom(1))
    out.push(...body.toString('utf8').trimEnd().split('\n'));
  return out;
}

const ms = Date.UTC(2026, 0, 5, 8);
const series =
  'gate_scan,direction=in,gate=G1,lane=L1,result=released,rural=false,site=hgh-xiasha,subject=vehicle';
const fields = (plate: string) => `plate="${plate}",processing_ms=8995i,parcels=3i`;

it('stores received lines as they are, and the moved timestamp of a distinct point in the same ms', async () => {
  const { log, ingest } = await setUp();
  const ns = BigInt(ms) * 1_000_000n;
  const body = [
    `${series} ${fields('浙A1')} ${ns}`,
    `${series} ${fields('浙A2')} ${ns}`, // same series and ms, other fields: stored at +1 ns
    `${series} ${fields('浙A3')} ${ns + 5_000_000n}`,
  ].join('\n');
  const r = await ingest.ingestLineProtocol(body, 'ns');
  expect(r.issues).toEqual([]);
  expect(await storedLines(log)).toEqual([
    `${series} ${fields('浙A1')} ${ns}`,
    `${series} ${fields('浙A2')} ${ns + 1n}`,
    `${series} ${fields('浙A3')} ${ns + 5_000_000n}`,
  ]);
  await log.close();
});

it('stores lines of another precision or form as formatPoint writes them', async () => {
  const { log, ingest } = await setUp();
  const r = await ingest.ingestLineProtocol(
    `${series} ${fields('浙B1')} ${ms}\n${series}  ${fields('浙B2')} ${ms + 1}`,
    'ms',
  );
  expect(r.issues).toEqual([]);
  const lines = await storedLines(log);
  expect(lines).toEqual([
    `${series} ${fields('浙B1')} ${BigInt(ms) * 1_000_000n}`,
    `${series} ${fields('浙B2')} ${BigInt(ms + 1) * 1_000_000n}`,
  ]);
  for await (const p of log.readFrom(1)) expect(formatPoint(p.point, 'ns')).toBe(lines[p.seq - 1]);
  await log.close();
});
