// What `npm start` shows a person: the status line in plain words, and the logs split between the JSON file
// (everything) and the terminal (warnings and errors only, pretty-printed).
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/test-config';
import { demoLogger } from './demo-logger';
import { statusLine } from './demo-terminal';

describe('demo terminal', () => {
  it('says the status in one line of plain words', () => {
    const line = statusLine(
      {
        uptimeMs: 12 * 60_000,
        sites: 7,
        eventsLastMinute: 1234,
        writeErrors: 0,
        activeAlerts: 1,
        liveClients: 2,
        newestAgeS: 1.4,
      },
      new Date(2026, 11, 3, 8, 14),
    );
    expect(line).toBe(
      '08:14 · up 12 min · 7 sites · 1,234 events in the last minute · newest data 1 s old · 1 active alert · 2 dashboards open',
    );
    expect(
      statusLine({
        uptimeMs: 2 * 3_600_000,
        sites: 7,
        eventsLastMinute: 0,
        writeErrors: 5,
        activeAlerts: 0,
        liveClients: 1,
        newestAgeS: undefined,
      }),
    ).toMatch(/up 2\.0 h · .* no data yet · 0 active alerts · 1 dashboard open · 5 events failed to write/);
  });

  it('writes every log line as JSON to the file and only warnings and errors to the terminal', async () => {
    const dir = tempDir();
    try {
      const terminal = new PassThrough();
      let shown = '';
      terminal.on('data', (d) => {
        shown += String(d);
      });
      const { logger, file } = demoLogger(dir.path, 'info', terminal);
      logger('info', 'portpulse listening', { url: 'http://127.0.0.1:8080' });
      logger('warn', 'influx unreachable', { lagEvents: 3 });
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => [l.level, l.msg])).toEqual([
        ['info', 'portpulse listening'],
        ['warn', 'influx unreachable'],
      ]);
      await expect.poll(() => shown).toMatch(/WARN.*influx unreachable/);
      expect(shown).not.toMatch(/portpulse listening/);
      expect(shown).not.toMatch(/^\{/); // pretty, not JSON
    } finally {
      dir.remove();
    }
  });
});
