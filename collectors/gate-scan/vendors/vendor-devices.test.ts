// Each vendor preset against a fake device speaking its format to the running collector over a real socket:
// the device gets the answer it waits for (so it neither retries nor gives up on the server), the reads
// become gate_scan events, and what the device sends besides reads is acknowledged and counted.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateScan } from '../../../shared/events/gate-scan';
import { waitFor } from '../../common/testing/recording-server';
import { gateScanConfigSchema } from '../config';
import { GateScanCollector } from '../gate-scan';
import {
  alarmInfoPlateCamera,
  anprAlertXml,
  dahuaSnap,
  devicePost,
  fakeJpeg,
  hikvisionPush,
  zktecoTerminal,
} from './testing/fake-devices';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startGate() {
  const dir = mkdtempSync(join(tmpdir(), 'gate-vendors-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = gateScanConfigSchema.parse({
    site: 'yiwu-customs',
    listen: '127.0.0.1:0',
    devices: {
      '10.10.10.243': { gate: 'G1', lane: 'L1', direction: 'in' },
      'fe71e106-57263272': { gate: 'G2', lane: 'L1', direction: 'in' },
      '8M049B2PAJF3085/2': { gate: 'G3', lane: 'L2', direction: 'out', timeOffset: '+08:00' },
      CDQ9201760012: { gate: 'G1', lane: 'S1' },
    },
    endpoints: [
      {
        vendor: 'hikvision-isapi',
        releasedOnRead: true,
        pictures: { dir: 'pictures', maxBytes: 4096 },
      },
      { vendor: 'alarm-info-plate', releasedOnRead: true },
      { vendor: 'dahua-itc', releasedOnRead: true },
      { vendor: 'zkteco-adms' },
    ],
  });
  const events: GateScan[] = [];
  const warnings: string[] = [];
  const gate = new GateScanCollector(config, { configDir: dir, log: (_l, m) => warnings.push(m) });
  await gate.start({ write: (e) => void events.push(...(e as GateScan[])) });
  cleanups.push(() => gate.stop());
  return { gate, url: gate.url!, events, warnings, dir };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

describe('vendor presets over a real socket', () => {
  it('hikvision-isapi: a camera push with JPEG parts is answered ResponseStatus OK, its pictures saved up to the cap', async () => {
    const { url, events, gate, dir } = await startGate();
    const now = Date.now();
    const push = hikvisionPush(
      anprAlertXml({
        ip: '10.10.10.243',
        channel: 1,
        dateTime: iso(now),
        plate: '浙A·12345',
        direction: 'forward',
      }),
      { 'licensePlatePicture.jpg': fakeJpeg(600), 'detectionPicture.jpg': fakeJpeg(9000) },
    );
    const answer = await devicePost(`${url}/hikvision/anpr`, push.body, { 'content-type': push.contentType });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/xml/);
    expect(answer.text).toContain('<statusString>OK</statusString>');
    await waitFor(() => events.length === 1, 'the camera read');
    expect(events[0]).toMatchObject({
      plate: '浙A12345',
      plate_type: 'ordinary',
      gate: 'G1',
      lane: 'L1',
      time: now,
    });
    expect(gate.stats()).toMatchObject({ picturesSaved: 1, picturesTooLarge: 1 });
    expect(readdirSync(join(dir, 'pictures'))).toEqual([
      expect.stringMatching(/^10\.10\.10\.243-\d+-0-licensePlatePicture\.jpg$/),
    ]);

    const broken = await devicePost(
      `${url}/hikvision/anpr`,
      '<EventNotificationAlert><ipAddress>10.10.10.243',
      {
        'content-type': 'application/xml',
      },
    );
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('<subStatusCode>badXmlContent</subStatusCode>');
    expect(gate.stats()).toMatchObject({ malformed: 1 });
  });

  it('alarm-info-plate: the camera gets its Response_AlarmInfoPlate at once (no retry) and the barrier is left to the release system', async () => {
    const { url, events } = await startGate();
    const sec = Math.floor(Date.now() / 1000);
    const answers = await alarmInfoPlateCamera(`${url}/alarm-info-plate`, {
      serialno: 'fe71e106-57263272',
      ipaddr: '192.168.55.131',
      license: '浙AD12345',
      plateid: 21085,
      sec,
    });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.status).toBe(200);
    expect(JSON.parse(answers[0]!.text)).toEqual({ Response_AlarmInfoPlate: { info: 'no', plateid: 21085 } });
    await waitFor(() => events.length === 1, 'the camera read');
    expect(events[0]).toMatchObject({
      plate: '浙AD12345',
      plate_type: 'new-energy-small',
      gate: 'G2',
      time: sec * 1000 + 250,
    });

    const offline = await alarmInfoPlateCamera(`${url}/alarm-info-plate`, {
      serialno: 'fe71e106-57263272',
      ipaddr: '192.168.55.131',
      license: '浙G1234挂',
      plateid: 21070,
      sec: sec - 60,
      isoffline: 1,
    });
    expect(JSON.parse(offline[0]!.text)).toEqual({
      Response_AlarmInfoPlate: { info: 'no', ContinuePushOffline: { plateid: 21070, continue: 1 } },
    });
  });

  it('dahua-itc: an event-stream snap whose UTC is the camera wall clock is shifted by the device offset', async () => {
    const { url, events, gate } = await startGate();
    const now = Math.floor(Date.now() / 1000) * 1000;
    const wall = now / 1000 + 8 * 3600;
    const answer = await devicePost(
      `${url}/dahua/traffic`,
      dahuaSnap({ machine: '8M049B2PAJF3085', lane: 2, plate: '浙F1234挂', utc: wall, group: 7 }),
      { 'content-type': 'application/json' },
    );
    expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { accepted: 1 }]);
    await waitFor(() => events.length === 1, 'the camera read');
    expect(events[0]).toMatchObject({
      plate: '浙F1234挂',
      plate_type: 'trailer',
      gate: 'G3',
      lane: 'L2',
      direction: 'out',
      time: now,
    });
    expect(gate.stats().clockSkewed).toBe(0);
  });

  it('zkteco-adms: handshake, ATTLOG upload answered OK at once (records not re-sent), command poll', async () => {
    const { url, events, gate } = await startGate();
    const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const t = Math.floor(Date.now() / 1000) * 1000;
    const terminal = await zktecoTerminal(url, 'CDQ9201760012', [
      `CAN-204\t${local(t - 2000)}\t0\t1\t0\t0\t0`,
      `CAN-118\t${local(t - 1000)}\t1\t15\t0\t0\t0`,
    ]);
    expect(terminal.handshake.text).toMatch(/^GET OPTION FROM: CDQ9201760012\n/);
    expect(terminal.uploads.map((u) => [u.status, u.text])).toEqual([[200, 'OK']]);
    expect(terminal.poll.text).toBe('OK');
    await waitFor(() => events.length === 2, 'the two badge reads');
    expect(events.map((e) => [e.subject, e.badge, e.direction, e.result, e.processing_ms, e.time])).toEqual([
      ['staff', 'CAN-204', 'in', 'released', 0, t - 2000],
      ['staff', 'CAN-118', 'out', 'released', 0, t - 1000],
    ]);
    expect(gate.stats()).toMatchObject({ otherPushes: 2 });

    const stranger = await zktecoTerminal(url, 'XYZ0000000001', [`77\t${local(t)}\t0\t1\t0\t0\t0`], 1);
    expect(stranger.uploads.map((u) => u.status)).toEqual([400, 400]); // kept on the device, sent again later
  });
});
