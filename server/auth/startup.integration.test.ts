// Start-up rules of the real server process: without tokens it stays on loopback and says so; asked to bind
// to another address without tokens it refuses with a clear message; with a token file it serves the network.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { READ_TOKEN, scanLine, tokenHeader, WRITE_TOKEN } from '../testing/auth-fixture';
import { spawnServer } from '../testing/server-process';
import { tempDir } from '../testing/test-config';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('binding and tokens at start-up', () => {
  it('refuses to listen on 0.0.0.0 without tokens, naming the variables to set', async () => {
    const failed = await spawnServer({ PORTPULSE_DATA_DIR: dir.path, PORTPULSE_HOST: '0.0.0.0' }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(failed).toMatch(/exited with 2 before listening/);
    expect(failed).toMatch(/refusing to listen on 0\.0\.0\.0 without tokens/);
    expect(failed).toMatch(/PORTPULSE_WRITE_TOKENS/);
  });

  it('without tokens listens on 127.0.0.1 only and says so', async () => {
    const server = await spawnServer({ PORTPULSE_DATA_DIR: dir.path });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await expect.poll(server.output).toMatch(/no tokens configured: authentication is off.*127\.0\.0\.1/);
    expect(await server.kill()).toBe(0);
  });

  it('with a token file binds to every address, guards writes, and never logs the tokens', async () => {
    const tokens = join(dir.path, 'tokens');
    writeFileSync(tokens, `write:${WRITE_TOKEN}\nread:${READ_TOKEN}\n`);
    chmodSync(tokens, 0o600);
    const server = await spawnServer({
      PORTPULSE_DATA_DIR: join(dir.path, 'data'),
      PORTPULSE_HOST: '0.0.0.0',
      PORTPULSE_TOKENS_FILE: tokens,
    });
    const url = server.url.replace('0.0.0.0', '127.0.0.1');
    const write = (headers: Record<string, string>) =>
      fetch(`${url}/api/v2/write?bucket=b&precision=ms`, { method: 'POST', body: scanLine(), headers });
    expect((await write({})).status).toBe(401);
    expect((await write(tokenHeader(WRITE_TOKEN))).status).toBe(204);
    await expect.poll(server.output).toMatch(/authentication on: 1 write token\(s\), 1 read token\(s\)/);
    expect(await server.kill()).toBe(0);
    for (const secret of [WRITE_TOKEN, READ_TOKEN]) expect(server.output()).not.toContain(secret);
  });
});
