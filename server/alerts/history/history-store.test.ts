// The history file: records older than PORTPULSE_ALERT_HISTORY_DAYS are dropped at start (the file rewritten),
// a torn last line after a crash is skipped with a warning, appends survive a reopen, queries filter by site
// and time and keep the newest when over the limit.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/alerting/history';
import { tempDir } from '../../testing/test-config';
import { HistoryStore } from './history-store';

const DAY = 86_400_000;
const now = Date.parse('2026-12-03T08:00:00Z');
const ack = (at: number, site = 'hgh-xiasha'): HistoryEntry => ({
  type: 'ack',
  at,
  site,
  alertId: `a-${at}`,
  ack: { by: 'Li', at },
});

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir.remove());

describe('alert history store', () => {
  it('keeps PORTPULSE_ALERT_HISTORY_DAYS, skips a torn tail, and keeps appends across a reopen', async () => {
    dir = tempDir();
    const file = join(dir.path, 'history.jsonl');
    writeFileSync(
      file,
      [ack(now - 91 * DAY), ack(now - 89 * DAY)].map((e) => `${JSON.stringify(e)}\n`).join(''),
    );
    appendFileSync(file, '{"type":"ack","at":'); // a crash in the middle of a line
    const warnings: string[] = [];
    const store = await HistoryStore.open(dir.path, 90, (_l, msg) => warnings.push(msg), now);
    expect(store.all().map((e) => e.at)).toEqual([now - 89 * DAY]);
    expect(warnings).toEqual(['alert history: skipping an unreadable line']);
    await store.append(ack(now - DAY), ack(now, 'yiwu-customs'));
    await store.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);

    const again = await HistoryStore.open(dir.path, 90, () => {}, now);
    expect(again.all()).toHaveLength(3);
    expect(
      again.query({ site: 'hgh-xiasha', from: now - 2 * DAY, to: now, limit: 10 }).entries.map((e) => e.at),
    ).toEqual([now - DAY]);
    const limited = again.query({ from: 0, to: now, limit: 2 });
    expect(limited).toMatchObject({ truncated: true, entries: [{ at: now - DAY }, { at: now }] });
    await again.close();
  });
});
