// The ingest limits over a real socket against the real server: body size (also after gzip: a bomb gets
// 413), lines per request, tag/field counts and key/value lengths. (WebSocket limits: ws-limits.integration.)
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { scanLine } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(
    testConfig(dir.path, {
      PORTPULSE_MAX_BODY_BYTES: String(64 * 1024),
      PORTPULSE_MAX_LINES: '5',
      PORTPULSE_MAX_TAGS: '9',
      PORTPULSE_MAX_FIELDS: '6',
      PORTPULSE_MAX_KEY_BYTES: '32',
      PORTPULSE_MAX_VALUE_BYTES: '64',
    }),
    silentLogger,
  );
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

const write = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/v2/write?bucket=b&precision=ms`, {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);

describe('body size', () => {
  it('answers 413 to a body over the limit, declared or streamed without a length', async () => {
    const before = server.log.lastSeq();
    const big = `${scanLine()}\n`.repeat(1000);
    const declared = await write(big);
    expect(declared.status).toBe(413);
    expect((await declared.json()).message).toMatch(/PORTPULSE_MAX_BODY_BYTES/);
    const chunk = new TextEncoder().encode(`${scanLine()}\n`.repeat(100));
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(chunk);
        c.close();
      },
    });
    expect((await write(stream)).status).toBe(413);
    expect(server.log.lastSeq()).toBe(before);
  });

  it('answers 413 to a gzip bomb (50 MB inflating from under 64 KB) without running out of memory', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 'a'));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const rss = process.memoryUsage().rss;
    const res = await write(bomb, { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/decompressed body exceeds the limit/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(40 * 1024 * 1024);
    expect((await write(gzipSync(scanLine()), { 'Content-Encoding': 'gzip' })).status).toBe(204);
  });
});

describe('lines per request', () => {
  it('refuses a line-protocol batch over PORTPULSE_MAX_LINES as a whole; blank lines and comments do not count', async () => {
    const before = server.log.lastSeq();
    const six = Array.from({ length: 6 }, () => scanLine()).join('\n');
    const res = await write(six);
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(
      /6 lines in one request; the limit is 5 \(PORTPULSE_MAX_LINES\)/,
    );
    expect(server.log.lastSeq()).toBe(before);
    const five = ['# five trucks', ...Array.from({ length: 5 }, () => scanLine()), '', '  '].join('\n');
    expect((await write(five)).status).toBe(204);
    expect(server.log.lastSeq()).toBe(before + 5);
  });

  it('refuses more JSON events than allowed', async () => {
    const res = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      body: JSON.stringify([1, 2, 3, 4, 5, 6]),
    });
    expect(res.status).toBe(413);
  });
});

describe('tags, fields, keys and values', () => {
  const cases: [string, string, RegExp, string?][] = [
    ['10 tags', scanLine(undefined, ',a=1,b=2,c=3'), /10 tags; at most 9 .*PORTPULSE_MAX_TAGS/],
    ['7 fields', scanLine().replace('parcels=120i', 'parcels=120i,x=1,y=2,z=3'), /7 fields; at most 6/],
    [
      'a long key',
      scanLine(undefined, `,${'k'.repeat(40)}=1`),
      /name of 40 bytes; .*PORTPULSE_MAX_KEY_BYTES/,
    ],
    ['a long tag value', scanLine(undefined, `,note=${'v'.repeat(70)}`), /note: value of 70 bytes/, 'note'],
    [
      'a long string field',
      scanLine().replace('badge=""', `badge="${'长'.repeat(30)}"`),
      /badge: value of 90 bytes/,
      'badge',
    ],
  ];
  for (const [what, line, message, field] of cases) {
    it(`rejects the line with ${what} and keeps the others`, async () => {
      const before = server.log.lastSeq();
      const res = await write([scanLine(), line, scanLine()].join('\n'));
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ line: 2, accepted: 2, rejected: 1 });
      expect(body.message).toMatch(message);
      if (field) expect(body.field).toBe(field);
      expect(server.log.lastSeq()).toBe(before + 2);
    });
  }

  it('answers a measurement named like an Object.prototype member with 400, not 500 (found by fuzz/)', async () => {
    const res = await write('constructor f=1\n__proto__ f=1');
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/unknown measurement "constructor"/);
  });
});
