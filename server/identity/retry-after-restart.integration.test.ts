// A client retrying events the server stored but did not (or did) acknowledge, after the server was killed
// with SIGKILL and restarted, must not count them twice, however old the events are: the real server process,
// events of last month (far outside the live replay window), resent after a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { addMonths } from '../../shared/indices/calendar';
import { localMonth, monthRangeMs } from '../../shared/indices/time-zone';
import { formatPoint } from '../../shared/line-protocol/format';
import { type ServerProcess, spawnServer } from '../testing/server-process';
import { tempDir } from '../testing/test-config';

const SITE = 'hgh-xiasha';
const TZ = 'Asia/Shanghai';
const month = addMonths(localMonth(Date.now(), TZ), -1);
const [start] = monthRangeMs(month, TZ);

let dir: ReturnType<typeof tempDir>;
let server: ServerProcess | undefined;
const env = () => ({ PORTPULSE_DATA_DIR: dir.path, PORTPULSE_REPLAY_HOURS: '1' });

beforeAll(() => {
  dir = tempDir();
});
afterAll(async () => {
  await server?.kill('SIGKILL');
  dir.remove();
});

/** 1,000 released vehicle scans of 10 parcels each, spread over the first 20 days of last month. */
function batch(name: string): string {
  return Array.from({ length: 1000 }, (_, i) =>
    formatPoint(
      pointFromEvent(
        gateScan({
          site: SITE,
          time: start + (i % 20) * 86_400_000 + i * 1000,
          plate: `浙A${name}${i}`,
          parcels: 10,
        }),
      ),
      'ms',
    ),
  ).join('\n');
}

async function write(body: string): Promise<void> {
  const res = await fetch(`${server!.url}/write?db=x&precision=ms`, { method: 'POST', body });
  expect(res.status, await res.text()).toBe(204);
}

async function volume(): Promise<number> {
  const res = await fetch(`${server!.url}/api/indices?month=${month}&site=${SITE}`);
  const body = (await res.json()) as { indices: { volume: { metric: number } } };
  return body.indices.volume.metric;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server!.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe('retries across a crash', () => {
  it('recognises resent events of last month after SIGKILL and a restart, and still keeps distinct ones', async () => {
    const a = batch('a');
    const b = batch('b');
    server = await spawnServer(env());
    await write(a);
    await server.kill('SIGTERM'); // a clean stop: batch a is in the saved identity index
    server = await spawnServer(env());
    await write(b);
    const before = await volume();
    expect(before).toBeGreaterThan(0);
    expect(await metric('portpulse_log_events')).toBe(2000);
    await server.kill('SIGKILL'); // batch b is only in the log: the restart must take it from there

    server = await spawnServer(env());
    await write(a);
    await write(b);
    const after = await volume();
    console.log(
      `retry across SIGKILL: ${month} volume ${before} before, ${after} after resending 2,000 events`,
    );
    expect(after).toBe(before);
    expect(await metric('portpulse_log_events')).toBe(2000);
    expect(await metric('portpulse_ingest_duplicates_total')).toBe(2000);

    // A distinct scan in the series and millisecond of an old stored one is a new event (+1 ns), not a repeat.
    const first = a.split('\n')[0]!;
    await write(first.replace('浙Aa0', '浙Aa0-other'));
    expect(await metric('portpulse_log_events')).toBe(2001);
    expect(await volume()).toBeGreaterThan(before);
  }, 300_000); // three starts of a server process on a loaded 2-core box
});
