// Security headers over a real socket on the served client, its assets, the API and the docs page: a CSP
// without inline scripts or eval, nosniff, no framing (or the configured frame-ancestors), no referrer.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';

const staticDir = fileURLToPath(new URL('../../dist/client', import.meta.url));
let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;

async function start(env: Record<string, string> = {}) {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, { PORTPULSE_STATIC_DIR: staticDir, ...env }), silentLogger);
  return server;
}
afterEach(async () => {
  await server?.close();
  dir?.remove();
});

async function assetPath(url: string): Promise<string> {
  const html = await (await fetch(`${url}/`)).text();
  return /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
}

describe('security headers', () => {
  it('are on the page, its script, the API and the docs, with a CSP that allows no inline script', async () => {
    const { url } = await start();
    for (const path of ['/', await assetPath(url), '/api/sites', '/docs/api', '/api/nope']) {
      const res = await fetch(`${url}${path}`);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      expect(csp, path).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    }
    const index = await fetch(`${url}/`);
    expect(index.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await index.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('let the operator allow framing by a portal with PORTPULSE_FRAME_ANCESTORS', async () => {
    const { url } = await start({ PORTPULSE_FRAME_ANCESTORS: "'self' https://portal.example" });
    const res = await fetch(`${url}/`);
    expect(res.headers.get('Content-Security-Policy')).toMatch(
      /frame-ancestors 'self' https:\/\/portal\.example$/,
    );
    expect(res.headers.get('X-Frame-Options')).toBeNull();
  });

  it('refuse a frame-ancestors value that would add other directives', () => {
    expect(() => loadConfig({ PORTPULSE_FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(
      /PORTPULSE_FRAME_ANCESTORS/,
    );
  });
});
