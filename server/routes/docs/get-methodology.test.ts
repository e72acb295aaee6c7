// GET /docs/indices: the methodology page as UTF-8 plain text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import { silentLogger } from '../../logger';
import { createServerParts, type ServerParts } from '../../start-server';
import { tempDir, testConfig } from '../../testing/test-config';

let dir: ReturnType<typeof tempDir>;
let parts: ServerParts;
beforeAll(async () => {
  dir = tempDir();
  parts = await createServerParts(testConfig(dir.path), silentLogger);
});
afterAll(async () => {
  await parts.rollups.close();
  await parts.identity.close();
  await parts.fieldTypes.close();
  await parts.log.close();
  dir.remove();
});

describe('GET /docs/indices', () => {
  it('serves docs/indices.md as UTF-8 text with the worked example', async () => {
    const res = await createApp(parts.deps).request('/docs/indices');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^# portpulse indices/);
    expect(text).toContain('= **112.0**');
    expect(text).toContain('实载率');
  });
});
