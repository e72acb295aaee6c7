// POST /api/events never changes or drops what it acknowledges: a string JSON can carry but UTF-8 cannot (a
// lone surrogate) is refused naming the field instead of being stored as U+FFFD, and a key that is not one of
// the event's own is refused naming it instead of being dropped. The line-protocol equivalent, bytes that are
// not UTF-8, is refused naming the line. Through app.request() on real parts (a real log in a temp dir).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gateScan, weighbridgeReading } from '../../../shared/events/testing/event-builders';
import type { createApp } from '../../app';
import type { ServerParts } from '../../start-server';
import { startTestApp } from '../../testing/test-app';

let parts: ServerParts;
let close: () => Promise<void>;
let app: ReturnType<typeof createApp>;
beforeEach(async () => {
  ({ parts, app, close } = await startTestApp());
});
afterEach(() => close());

let plates = 0;
const reading = () =>
  weighbridgeReading({ site: 'yiwu-customs', time: Date.now() - 1000, plate: `浙G${plates++}` });
const post = (body: string) => app.request('/api/events', { method: 'POST', body });

/** Every line the log holds, as text. */
async function storedText(): Promise<string> {
  let text = '';
  for await (const batch of parts.log.readRangeBatches(0, Date.now() + 3_600_000))
    for (const { point } of batch)
      text += `${JSON.stringify(point, (_, v) => (typeof v === 'bigint' ? String(v) : v))}\n`;
  return text;
}

describe('POST /api/events: text that UTF-8 cannot hold', () => {
  it('refuses a plate holding a lone surrogate with a 400 naming the field, and stores the rest', async () => {
    // JSON.stringify writes the lone surrogate as the escape "\ud800", exactly as the probe sent it.
    const body = JSON.stringify([reading(), { ...reading(), plate: '\ud800' }, reading()]);
    expect(body).toContain('"plate":"\\ud800"');
    const res = await post(body);
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err).toMatchObject({ code: 'invalid', line: 2, field: 'plate', accepted: 2, rejected: 1 });
    expect(err.message).toMatch(/plate: holds a lone surrogate \(\\ud800\): not valid Unicode/);
    expect(parts.log.lastSeq()).toBe(2);
    expect(await storedText()).not.toContain('\ufffd');
  });

  it('refuses a low surrogate alone and a key holding one, and keeps a real surrogate pair (an emoji)', async () => {
    const res = await post(
      JSON.stringify([
        { ...reading(), plate: 'A\udc00B' },
        { ...reading(), '\udbff': 'x' },
        { ...reading(), plate: '浙G😀' },
      ]),
    );
    const err = await res.json();
    expect(err.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/^plate: holds a lone surrogate \(A\\udc00B\)/),
      expect.stringMatching(/^\\udbff: field name is not valid Unicode/),
    ]);
    expect(err.accepted).toBe(1);
    expect(await storedText()).toContain('浙G😀');
  });

  it('refuses line protocol that is not UTF-8 (a surrogate encoded as bytes), naming the line, storing none', async () => {
    const line = (plate: Buffer) =>
      Buffer.concat([
        Buffer.from(`weighbridge,site=yiwu-customs,bridge=wb1,direction=in,stable=true plate="`),
        plate,
        Buffer.from(
          `",axles=3i,gross_kg=26000,tare_kg=9000,net_kg=17000,rated_payload_kg=16000 ${Date.now()}\n`,
        ),
      ]);
    const body = Buffer.concat([line(Buffer.from('浙G1')), line(Buffer.from([0xed, 0xa0, 0x80]))]);
    const res = await app.request('/api/v2/write?bucket=b&precision=ms', { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'invalid',
      line: 2,
      accepted: 0,
      message: 'request body is not valid UTF-8 (first at line 2); nothing was stored',
    });
    expect(parts.log.lastSeq()).toBe(0);
  });
});

describe('POST /api/events: keys that are not the event’s own', () => {
  it('refuses an extra field with a 400 naming it and saying where extra fields go', async () => {
    const res = await post(
      JSON.stringify([reading(), { ...reading(), note: 'text' }, { ...reading(), note: 5 }]),
    );
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err).toMatchObject({ line: 2, field: 'note', accepted: 1, rejected: 2 });
    expect(err.message).toMatch(
      /note: not a weighbridge field \(.*plate.*\); .*send extra tags and fields as line protocol/,
    );
    expect(parts.log.lastSeq()).toBe(1);
  });

  it('refuses keys named like Object.prototype members too', async () => {
    const res = await post(`[${JSON.stringify(reading()).replace('{', '{"constructor":1,')}]`);
    expect(await res.json()).toMatchObject({ field: 'constructor', accepted: 0 });
  });
});

describe('POST /api/events: the optional vehicle fields of a gate scan', () => {
  it('stores plate_color and vehicle_type, and refuses a value outside the canonical set naming the field', async () => {
    const scan = (extra: Record<string, unknown>) => ({
      ...gateScan({ site: 'hgh-xiasha', time: Date.now() - 1000, plate: '浙A12345D' }),
      ...extra,
    });
    const res = await post(
      JSON.stringify([
        scan({ plate_type: 'new-energy-large', plate_color: 'green', vehicle_type: 'truck' }),
        scan({ plate_color: 'purple' }),
        scan({}),
      ]),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ line: 2, field: 'plate_color', accepted: 2, rejected: 1 });
    const stored = await storedText();
    expect(stored).toContain('"plate_color":{"kind":"string","value":"green"}');
    expect(stored).toContain('"vehicle_type":{"kind":"string","value":"truck"}');
    expect(stored).not.toContain('purple');
  });
});
