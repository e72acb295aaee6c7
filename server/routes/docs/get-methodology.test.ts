// GET /docs/indices: the methodology page as UTF-8 plain text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app';
import type { ServerParts } from '../../start-server';
import { startTestApp } from '../../testing/test-app';

let parts: ServerParts;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ parts, close } = await startTestApp());
});
afterAll(() => close());

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
