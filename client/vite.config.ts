// Builds the dashboard into dist/client (served by the server at /); in dev, proxies /api (and its
// WebSocket) to a server on 127.0.0.1:8080.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: true } },
  },
});
