// The replay command end to end: `portpulse-collect replay` (a real process) into a real portpulse server,
// interrupted with Ctrl-C and, separately, killed outright; each time the next run resumes from the offset
// file and the server ends up with every line of the file exactly once, in file order.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { type RunningServer, startServer } from '../../server/start-server';
import { tempDir, testConfig } from '../../server/testing/test-config';
import { runCli } from '../common/testing/cli-process';
import { waitFor } from '../common/testing/recording-server';
import { storedLines } from '../common/testing/stored-lines';

let server: RunningServer;
let data: ReturnType<typeof tempDir>;
beforeAll(async () => {
  data = tempDir();
  server = await startServer(testConfig(data.path), silentLogger);
});
afterAll(async () => {
  await server.close();
  data.remove();
});

/** 60 gate scans one second apart, an hour ago, as line protocol (ms). */
function writeCase(name: string): { config: string; offset: string; lines: string[] } {
  const dir = join(data.path, name);
  const t0 = Date.now() - 3_600_000;
  const lines = Array.from(
    { length: 60 },
    (_, i) =>
      `gate_scan,direction=in,gate=G1,lane=L1,result=released,rural=false,site=${name},subject=vehicle plate="浙A·${String(i).padStart(5, '0')}",badge="",processing_ms=4000i,parcels=${i}i ${t0 + i * 1000}`,
  );
  const config = join(dir, 'replay.json');
  mkdirSync(dir);
  writeFileSync(join(data.path, `${name}.lp`), `# replay test\n${lines.join('\n')}\n`);
  writeFileSync(
    config,
    JSON.stringify({
      file: `../${name}.lp`,
      speed: 20,
      progress: 'lines',
      progressSeconds: 0.5,
      server: { url: server.url, flushIntervalMs: 50, minRetryDelayMs: 50 },
      health: { statsSeconds: 0 },
    }),
  );
  return { config, offset: join(dir, 'replay.offset.json'), lines };
}
const sentSoFar = (offset: string) => {
  try {
    return (JSON.parse(readFileSync(offset, 'utf8')) as { events: number }).events;
  } catch {
    return 0;
  }
};
const storedFor = async (site: string) =>
  (await storedLines(server)).filter((l) => l.includes(`site=${site},`));

describe('portpulse-collect replay (real server, real process)', () => {
  it('flushes on Ctrl-C, resumes from the offset and delivers every line exactly once', async () => {
    const c = writeCase('replay-sigint');
    const first = runCli(['replay', '--config', c.config]);
    await waitFor(() => sentSoFar(c.offset) >= 15, 'part of the replay', 30_000);
    first.proc.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toMatch(/SIGINT: stopping and flushing/);
    expect(first.stderr()).toMatch(/replay: \d+\/60 events \(\d+\.\d%\), \d+ events\/s, ETA/);
    const sent = sentSoFar(c.offset);
    expect(sent).toBeLessThan(60);
    expect(await storedFor('replay-sigint')).toHaveLength(sent); // everything handed over was flushed

    const second = runCli(['replay', '--config', c.config]);
    expect(await second.exited).toBe(0);
    expect(second.stderr()).toContain(`resuming ../replay-sigint.lp at line ${sent + 2}`);
    expect(await storedFor('replay-sigint')).toEqual(c.lines);

    const third = runCli(['replay', '--config', c.config]);
    expect(await third.exited).toBe(0);
    expect(third.stderr()).toMatch(/replayed completely already \(60 events\)/);
  });

  it('after a kill -9, the next run sends the spooled rest and resumes: still each line once', async () => {
    const c = writeCase('replay-kill');
    const first = runCli(['replay', '--config', c.config]);
    await waitFor(() => sentSoFar(c.offset) >= 20, 'part of the replay', 30_000);
    first.proc.kill('SIGKILL');
    await first.exited;
    const second = runCli(['replay', '--config', c.config]);
    expect(await second.exited).toBe(0);
    expect(await storedFor('replay-kill')).toEqual(c.lines);
  });
});
