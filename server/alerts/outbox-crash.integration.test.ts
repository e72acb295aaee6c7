// No notification lost, none doubled, across kill -9: the real server as a child process, a real webhook
// receiver. (a) The channel is down when the alert is raised: the notification waits in the outbox, the
// server is killed, the channel comes back, the restarted server delivers it once. (b) The server is killed
// while the alert still waits for its group (nothing in the outbox yet): the restart replays the log, raises
// the same alert again and notifies it once.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../testing/server-process';
import { tempDir } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import { type HttpReceiver, startHttpReceiver } from './testing/http-receiver';
import { overweightTruckLine as truck, writeLines } from './testing/overweight-truck';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function write(p: ServerProcess, line: string) {
  const { status, text } = await writeLines(p.url, line);
  expect(status, text).toBe(204);
}

/** A webhook receiver that is down (503) until `up`, and lists the plates it accepted (answered 200). */
async function flakyReceiver(): Promise<{ r: HttpReceiver; accepted: string[]; up(): void }> {
  let isUp = false;
  const accepted: string[] = [];
  const r = await startHttpReceiver((req) => {
    if (!isUp) return { status: 503, body: 'down' };
    for (const a of (req.json as { alerts: { plate?: string }[] }).alerts) accepted.push(a.plate ?? '');
    return { status: 200, body: {} };
  });
  cleanups.push(() => r.close());
  return { r, accepted, up: () => (isUp = true) };
}

const restart = { timeoutMs: 60_000 };

async function start(dataDir: string, rules: string): Promise<ServerProcess> {
  const file = join(dataDir, 'alerting.yaml');
  writeFileSync(file, rules);
  const p = await spawnServer({
    PORTPULSE_DATA_DIR: dataDir,
    PORTPULSE_ALERTING_FILE: file,
    PORTPULSE_ALERT_RETRY_MAX_SECONDS: '1',
  });
  cleanups.push(() => p.kill('SIGKILL'));
  return p;
}

describe('kill -9 between raise and delivery', () => {
  it('(a) a notification waiting in the outbox for a channel that is down arrives once after the restart', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const hook = await flakyReceiver();
    const rules = `channels: [{ id: ops, type: webhook, url: "${hook.r.url}" }]\nroutes: [{ channels: [ops] }]\n`;
    const first = await start(dir.path, rules);
    await write(first, truck('浙A00001'));
    await hook.r.waitFor(1, 60_000); // tried once: it is in the outbox
    expect(readdirSync(join(dir.path, 'alerting', 'outbox')).filter((f) => f.endsWith('.json'))).toHaveLength(
      1,
    );
    await first.kill('SIGKILL');
    hook.up();
    const second = await start(dir.path, rules);
    await waitFor('the delivery', () => (hook.accepted.length > 0 ? true : undefined), restart);
    // A later alert on the same channel arrives after anything the restart could have queued before it.
    await write(second, truck('浙A00002'));
    await waitFor('the later alert', () => (hook.accepted.includes('浙A00002') ? true : undefined), restart);
    expect(hook.accepted).toEqual(['浙A00001', '浙A00002']);
  });

  it('(b) an alert still waiting for its group when the server dies is raised again from the log and sent once', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const hook = await flakyReceiver();
    hook.up();
    const rules = (wait: string) =>
      `channels: [{ id: ops, type: webhook, url: "${hook.r.url}" }]\nroutes: [{ channels: [ops], group_wait: ${wait} }]\n`;
    const first = await start(dir.path, rules('10m'));
    await write(first, truck('浙B00001'));
    await first.kill('SIGKILL');
    expect(hook.r.requests).toEqual([]);
    const second = await start(dir.path, rules('0s'));
    await waitFor('the delivery', () => (hook.accepted.length > 0 ? true : undefined), restart);
    await write(second, truck('浙B00002'));
    await waitFor('the later alert', () => (hook.accepted.includes('浙B00002') ? true : undefined), restart);
    expect(hook.accepted).toEqual(['浙B00001', '浙B00002']);
    // And a third start (clean this time) sends nothing again.
    await second.kill('SIGTERM');
    const third = await start(dir.path, rules('0s'));
    await write(third, truck('浙B00003'));
    await waitFor('the third alert', () => (hook.accepted.includes('浙B00003') ? true : undefined), restart);
    expect(hook.accepted).toEqual(['浙B00001', '浙B00002', '浙B00003']);
  });
});
