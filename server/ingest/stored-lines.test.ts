// What ingest writes to the log: a line already in the formatter's form is stored byte for byte as received
// (not joined again); a line identity moves by +1 ns (a distinct point in the same millisecond of the same
// series) or one in another form or precision is stored as formatPoint writes it, with the timestamp stored.
// Given the request's bytes, a body of nothing but such lines is stored as those bytes; any other body is stored
// exactly as without them.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, expect, it, vi } from 'vitest';
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

it('stores a body of received lines as its very bytes, and any other body as it would without them', async () => {
  const ns = BigInt(ms) * 1_000_000n;
  const line = (plate: string, dt = 0n) => `${series} ${fields(plate)} ${ns + dt}`;
  // Pieces a body is made of: lines kept as received, and what makes a body more than its kept lines.
  const piece = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        line('浙C1'),
        line('浙C2', 7_000_000n),
        line('浙C3'), // same series and ms as 浙C1: moved by +1 ns when it follows it
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        line('浙C1'), // a repeat: a duplicate when it follows the first
        `${series}  ${fields('浙C4')} ${ns}`, // two spaces: formatted, not as received
        `${series} ${fields('浙C5')} ${ns} `, // a trailing space
        `${series} ${fields('浙C6')}\r`, // CRLF, and no timestamp
        'bad line',
        '',
        '# a comment',
      ),
    },
  );
  const body = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean());
  let asBytes = 0;
  await fc.assert(
    fc.asyncProperty(body, async ([pieces, trailingBreak, bom]) => {
      const text = pieces.join('\n') + (trailingBreak ? '\n' : '');
      const received = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
      const withBytes = await setUp();
      const append = vi.spyOn(withBytes.log, 'append');
      const plain = await setUp();
      const now = () => ms + 1000;
      const a = await new Ingest(withBytes.log, { maxFutureMs: 60_000, now }).ingestLineProtocol(
        text,
        'ns',
        received,
      );
      const b = await new Ingest(plain.log, { maxFutureMs: 60_000, now }).ingestLineProtocol(text, 'ns');
      expect(a).toEqual(b);
      const logged = async (log: EventLog) => {
        const bodies: Buffer[] = [];
        for await (const { body } of log.readBlocksFrom(1)) bodies.push(body);
        return Buffer.concat(bodies);
      };
      const stored = await logged(withBytes.log);
      expect(stored.equals(await logged(plain.log))).toBe(true);
      const encoded = append.mock.calls[0]?.[2];
      if (encoded) {
        expect(stored.equals(encoded)).toBe(true);
        const lines = text.endsWith('\n') ? received : Buffer.concat([received, Buffer.from('\n')]);
        if (encoded.equals(lines)) asBytes++;
      }
      await withBytes.log.close();
      await plain.log.close();
    }),
    { numRuns: 200 },
  );
  // Bodies of lines all stored as received (the usual write) were stored as their very bytes.
  expect(asBytes).toBeGreaterThan(0);
});
