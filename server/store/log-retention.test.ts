// Retention drops whole old segments only once every checkpointed reader is past them, keeps seq numbering
// across a restart, and never breaks a reader that was already on its way.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { type Logger, silentLogger } from '../logger';
import { tempDir } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import { EventLog } from './event-log';
import { LogRetention } from './log-retention';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-20T12:00:00Z');
let dir: ReturnType<typeof tempDir>;
let log: EventLog;
const SEGMENT_BYTES = 4096;
const open = () => EventLog.open({ dir: join(dir.path, 'log'), segmentBytes: SEGMENT_BYTES, fsync: false });
const segmentFiles = () =>
  readdirSync(join(dir.path, 'log'))
    .filter((n) => n.endsWith('.lp'))
    .sort();
const segments = () => segmentFiles().length;
/** Size of the newest segment file (names are zero-padded first seqs), the one being written. */
const activeSegmentBytes = () => statSync(join(dir.path, 'log', segmentFiles().at(-1)!)).size;

/** Writes `n` batches of 20 scans at the given age each, so segments roll every couple of batches. */
async function writeAt(ageHours: number, batches: number) {
  for (let b = 0; b < batches; b++) {
    const t = now - ageHours * HOUR + b * 1000;
    await log.append(
      Array.from({ length: 20 }, (_, i) =>
        pointFromEvent(gateScan({ site: 'hgh-xiasha', time: t + i, plate: `A${b}-${i}` })),
      ),
    );
  }
}

async function countFrom(seq: number): Promise<number> {
  let n = 0;
  for await (const _ of log.readFrom(seq)) n++;
  return n;
}

beforeEach(async () => {
  dir = tempDir();
  log = await open();
});
afterEach(async () => {
  await log.close();
  dir.remove();
});

describe('log retention', () => {
  it('drops old segments up to what every reader consumed, and nothing newer', async () => {
    await writeAt(100, 10);
    const oldLast = log.lastSeq();
    await writeAt(1, 10);
    const before = segments();
    const logs: string[] = [];
    const logger: Logger = (_level, msg) => logs.push(msg);
    // Nothing consumed yet (e.g. InfluxDB has been down for days): nothing goes.
    let consumed = 0;
    const retention = new LogRetention({
      log,
      hours: 48,
      consumedSeq: () => consumed,
      logger,
      now: () => now,
    });
    await retention.runOnce();
    expect(segments()).toBe(before);
    // Everything consumed: only segments entirely older than 48 h go.
    consumed = log.lastSeq();
    await retention.runOnce();
    expect(segments()).toBeLessThan(before);
    expect(logs).toContain('log retention: dropped old segments');
    expect(log.firstSeq()).toBeGreaterThan(1);
    expect(log.firstSeq()).toBeLessThanOrEqual(oldLast + 1);
    // Every recent event is still there, and reading from seq 1 simply starts at the first kept one.
    expect(await countFrom(oldLast + 1)).toBe(200);
    expect(await countFrom(1)).toBe(log.lastSeq() - log.firstSeq() + 1);
  });

  it('keeps counting seqs after a restart when retention dropped everything but the empty active segment', async () => {
    const retention = new LogRetention({
      log,
      hours: 1,
      consumedSeq: () => log.lastSeq(),
      logger: silentLogger,
      now: () => now,
    });
    // Write old batches until one fills its segment: the log then rolls to a new, empty one (just after the
    // append resolves), which the test waits for before retention runs, so retention leaves only that one.
    for (let i = 0; i < 50; i++) {
      const files = segments();
      await writeAt(100, 1);
      if (segments() === files && activeSegmentBytes() < SEGMENT_BYTES) continue;
      await waitFor('the full segment to roll', () => segments() > files, { timeoutMs: 20_000 });
      break;
    }
    await retention.runOnce();
    const last = log.lastSeq();
    expect(last).toBeGreaterThan(0);
    expect(log.firstSeq()).toBe(last + 1); // no event left in the log
    await log.close();
    log = await open();
    expect(log.lastSeq()).toBe(last);
    const first = await log.append([pointFromEvent(gateScan({ site: 'hgh-xiasha', time: now }))]);
    expect(first).toBe(last + 1);
  });
});
