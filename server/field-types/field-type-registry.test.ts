// The registry: the first type of a key wins within a batch too, a failed write forgets what it claimed,
// InfluxDB's types override the log's, and the file plus the log after it rebuild the same registry.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldValue, Point } from '../../shared/line-protocol/types';
import { silentLogger } from '../logger';
import { EventLog } from '../store/event-log';
import { tempDir } from '../testing/test-config';
import { FieldTypeRegistry } from './field-type-registry';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const point = (fields: Record<string, FieldValue>, timestamp = 1n): Point => ({
  measurement: 'gate_scan',
  tags: { site: 's' },
  fields,
  timestamp,
});
const str = (value: string): FieldValue => ({ kind: 'string', value });
const int = (value: bigint): FieldValue => ({ kind: 'integer', value });

async function open() {
  const dir = tempDir();
  dirs.push(dir);
  const log = await EventLog.open({ dir: join(dir.path, 'log'), segmentBytes: 1 << 20, fsync: false });
  const path = join(dir.path, 'field-types.json');
  return { log, path, registry: await FieldTypeRegistry.open({ path, log, logger: silentLogger }) };
}

describe('FieldTypeRegistry', () => {
  it('takes the first type of a key in a batch, and forgets what a failed write claimed', async () => {
    const { registry, log } = await open();
    const claim = registry.claim([point({ note: str('a') }), point({ note: int(5n), other: int(1n) })]);
    expect(claim.conflicts[0]).toBeUndefined();
    expect(claim.conflicts[1]).toEqual({
      field: 'note',
      message:
        'field type conflict: input field "note" on measurement "gate_scan" is type integer, already exists as type string',
    });
    expect(registry.typeOf('gate_scan', 'other')).toBeUndefined(); // its point was refused whole
    claim.undo();
    expect(registry.claim([point({ note: int(5n) })]).conflicts).toEqual([undefined]);
    await registry.close();
    await log.close();
  });

  it("lets InfluxDB's types win, and rebuilds from its file and the log after it", async () => {
    const { registry, log, path } = await open();
    registry.claim([point({ note: str('a') })]);
    expect(registry.adopt(new Map([['gate_scan', new Map([['note', 'integer']])]]), 'influx')).toEqual([
      'gate_scan.note',
    ]);
    expect(registry.typeOf('gate_scan', 'note')).toBe('integer');
    await registry.close();
    await log.append([point({ late: { kind: 'boolean', value: true } }, 5n)]);
    const again = await FieldTypeRegistry.open({ path, log, logger: silentLogger });
    expect(again.typeOf('gate_scan', 'note')).toBe('integer');
    expect(again.typeOf('gate_scan', 'late')).toBe('boolean');
    await again.close();
    await log.close();
  });
});
