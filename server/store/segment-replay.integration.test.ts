// A log segment is plain line protocol (block headers are comment lines): InfluxDB itself accepts the file
// as-is, so an operator can replay the log with curl and no portpulse code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { formatLines } from '../../shared/line-protocol/format';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { type Influxd, startInfluxd } from '../testing/influxd';
import { tempDir, testConfig } from '../testing/test-config';

let influx: Influxd;
beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(async () => {
  await influx?.stop();
});

it('replays a log segment into a real influxd with a plain /write of the file', async () => {
  const dir = tempDir();
  const server: RunningServer = await startServer(testConfig(dir.path), silentLogger);
  const t0 = Date.now() - 60_000;
  for (let batch = 0; batch < 3; batch++) {
    const events = Array.from({ length: 100 }, (_, i) =>
      gateScan({ site: 'hgh-xiasha', time: t0 + batch * 1000 + i, plate: `浙A${batch}-${i}` }),
    );
    const res = await fetch(`${server.url}/write?db=x&precision=ms`, {
      method: 'POST',
      body: formatLines(
        events.map((e) => pointFromEvent(e)),
        'ms',
      ),
    });
    expect(res.status).toBe(204);
  }
  await server.close();
  const logDir = join(dir.path, 'log');
  const segments = readdirSync(logDir).filter((n) => n.endsWith('.lp'));
  expect(segments.length).toBeGreaterThan(0);
  await influx.query('CREATE DATABASE replay');
  for (const name of segments) {
    const body = readFileSync(join(logDir, name));
    expect(body.toString('utf8')).toMatch(/^#pp1 /);
    const res = await fetch(`${influx.url}/write?db=replay&precision=ns`, { method: 'POST', body });
    expect(`${res.status} ${await res.text()}`).toBe('204 ');
  }
  expect(await influx.scalar('SELECT count(processing_ms) FROM gate_scan', 'replay')).toBe(300);
  dir.remove();
}, 60_000);
