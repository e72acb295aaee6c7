// One vitest run for everything: unit tests beside the code, plus integration (*.integration.test.ts: real
// server, real influxd) and browser (*.browser.test.ts: real Chromium) tests, which get longer timeouts.
// `npm run test:unit` leaves those two kinds out.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,server,client,collectors,scripts,bench,fuzz}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits for data (a page to render, a server to answer); vitest's 1 s default is wall-clock luck
    // on a loaded 2-core machine. A poll that holds returns at once, so only a failing one waits this long.
    expect: { poll: { timeout: 20_000 } },
    // 2 cores: heavy tests (influxd, Chromium, crash loops) should not all run at once.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
