// GET /openapi.json (the description, built once) and the reference page GET /docs/api: static HTML, CSS
// and a script that renders the description with text nodes only (no inline script, so the CSP holds).
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { openApiDocument } from './document';

const asset = (name: string) => readFileSync(new URL(`./page/${name}`, import.meta.url), 'utf8');

export function openApiRoutes(version: string): Hono {
  const document = openApiDocument(version);
  const page = { html: asset('index.html'), js: asset('page.js'), css: asset('page.css') };
  const app = new Hono();
  app.get('/openapi.json', (c) => c.json(document));
  app.get('/docs/api', (c) => c.html(page.html));
  app.get('/docs/api/page.js', (c) =>
    c.body(page.js, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/docs/api/page.css', (c) => c.body(page.css, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  return app;
}
