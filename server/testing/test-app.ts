// The server's parts and app on a fresh temp data dir, for tests that go through app.request() (no listening
// socket): the test config with `env` over it, and one close that saves the stores and removes the dir.
import type { Hono } from 'hono';
import { createApp } from '../app';
import { silentLogger } from '../logger';
import { closeStores, createServerParts, type ServerParts } from '../start-server';
import { tempDir, testConfig } from './test-config';

export interface TestApp {
  parts: ServerParts;
  app: Hono;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = tempDir();
  const parts = await createServerParts(testConfig(dir.path, env), silentLogger);
  return {
    parts,
    app: createApp(parts.deps),
    dataDir: dir.path,
    async close() {
      await closeStores(parts);
      dir.remove();
    },
  };
}
