// GET /docs/indices: the index methodology (docs/indices.md) as UTF-8 plain text, linked from the analyst view.
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { PortpulseError } from '../../../shared/errors';

const methodologyPath = new URL('../../../docs/indices.md', import.meta.url);

export function docRoutes(): Hono {
  return new Hono().get('/docs/indices', async (c) => {
    let text: string;
    try {
      text = await readFile(methodologyPath, 'utf8');
    } catch {
      throw new PortpulseError('not_found', 'docs/indices.md is missing from this installation');
    }
    c.header('Content-Type', 'text/plain; charset=utf-8');
    return c.body(text);
  });
}
