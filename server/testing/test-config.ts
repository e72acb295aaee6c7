// Test helpers: a config on a fresh temp data dir and a free port, so every test runs its own server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../config';

export function tempDir(prefix = 'portpulse-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A config for tests: port 0 (the OS picks a free one), loopback, a temp data dir, env overrides applied. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    PORTPULSE_PORT: '0',
    PORTPULSE_HOST: '127.0.0.1',
    PORTPULSE_DATA_DIR: dataDir,
    ...env,
  });
}
