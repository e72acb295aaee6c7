// The outbox against a real HTTP endpoint that stays down: retried with growing delays until
// PORTPULSE_ALERT_OUTBOX_MAX_AGE_HOURS, then given up as `expired` (logged, file removed), never silently.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/test-config';
import { waitFor } from '../../testing/wait-for';
import { postJson } from '../channels/http-post';
import { type HttpReceiver, startHttpReceiver } from '../testing/http-receiver';
import type { Notification } from './notification';
import { Outbox } from './outbox';

let dir: ReturnType<typeof tempDir>;
let down: HttpReceiver;
afterEach(async () => {
  await down.close();
  dir.remove();
});

describe('outbox', () => {
  it('gives a notification up after the maximum age, with the last error, and removes its file', async () => {
    dir = tempDir();
    down = await startHttpReceiver(() => ({ status: 503, body: 'busy' }));
    let offset = 0; // real time, moved forward by the test
    const outcomes: string[] = [];
    const logs: string[] = [];
    const box = await Outbox.open({
      dir: dir.path,
      send: (n) => postJson(down.url, JSON.stringify(n)),
      onOutcome: async (n, outcome, detail) => {
        outcomes.push(`${n.id} ${outcome} ${detail}`);
      },
      isDone: () => false,
      retryMinMs: 20,
      retryMaxMs: 40,
      maxAgeMs: 3_600_000,
      logger: (_l, msg) => logs.push(msg),
      now: () => Date.now() + offset,
    });
    box.start();
    const n: Notification = { id: 'n1', channel: 'ops', createdAt: Date.now(), groupKey: 'g', items: [] };
    await box.add(n);
    expect(readdirSync(dir.path)).toEqual(['n1.json']);
    await down.waitFor(3); // retried
    expect(box.counterOf('ops').retries).toBeGreaterThanOrEqual(2);
    offset += 3_600_000; // an hour of failures later
    // The next failed attempt finds it too old.
    await waitFor('the expiry', () => outcomes.length > 0, { timeoutMs: 20_000, intervalMs: 20 });
    await box.stop();
    expect(outcomes).toEqual(['n1 expired HTTP 503: busy']);
    expect(logs).toContain('alert notification expired after retrying');
    expect(readdirSync(dir.path)).toEqual([]);
    expect(box.counterOf('ops')).toMatchObject({ expired: 1, failed: 1 });
  });
});
