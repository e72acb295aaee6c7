// portpulse-collect as a process: help, exit code 2 for unknown collectors, every sample config valid,
// JSON stats lines on stdout, GET /health (ok, then degraded with the server gone), SIGTERM flushing; the
// package's bin launcher from another directory, a second Ctrl-C exiting at once, and a missing serial port.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../server/testing/free-port';
import { runBin, runCli } from './common/testing/cli-process';
import { startRecordingServer, waitFor } from './common/testing/recording-server';
import { collectorKinds } from './kinds';

const read = { gate: 'G1', lane: 'L1', direction: 'in', plate: '浙A·12345', result: 'released' };

/** A gate-scan config in a temp dir with its webhook on `hook`; writeConfig(url) points it at a server. */
function gateConfig(hook: number, o: { closeTimeoutSeconds: number; health: Record<string, unknown> }) {
  const dir = mkdtempSync(join(tmpdir(), 'pp-cli-'));
  const config = join(dir, 'gate.json');
  const writeConfig = (url: string) =>
    writeFileSync(
      config,
      JSON.stringify({
        site: 'yiwu-customs',
        listen: `127.0.0.1:${hook}`,
        server: {
          url,
          flushIntervalMs: 50,
          minRetryDelayMs: 50,
          maxRetryDelayMs: 100,
          closeTimeoutSeconds: o.closeTimeoutSeconds,
        },
        health: o.health,
      }),
    );
  return { dir, config, writeConfig };
}

describe('portpulse-collect', () => {
  it('lists the collectors and refuses unknown ones with exit code 2', async () => {
    const help = runCli(['--help']);
    expect(await help.exited).toBe(0);
    for (const k of collectorKinds) expect(help.stdout()).toContain(`  ${k.name} `);
    const unknown = runCli(['weighbrige', '--config', 'x.json']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toContain('unknown collector "weighbrige"');
  });

  it('accepts every sample config (--check)', async () => {
    const checks = collectorKinds.map((k) =>
      runCli([k.name, '--config', `collectors/${k.name}/${k.name}.sample.json`, '--check']),
    );
    for (const check of checks) expect(await check.exited, check.stderr()).toBe(0);
  });

  it('prints JSON stats, serves /health, reports a lost server and flushes on SIGTERM', async () => {
    const server = await startRecordingServer();
    const [hook, health] = [await freePort(), await freePort()];
    const { config, writeConfig } = gateConfig(hook, {
      closeTimeoutSeconds: 1,
      health: { statsSeconds: 0.2, listen: `127.0.0.1:${health}` },
    });
    writeConfig(server.url);
    const cli = runCli(['gate-scan', '--config', config]);
    await waitFor(() => cli.stderr().includes('running; health at'), 'the collector to start', 20_000);
    await fetch(`http://127.0.0.1:${hook}/scans`, { method: 'POST', body: JSON.stringify(read) });
    await waitFor(() => server.requests.length === 1, 'the write');
    const ok = await fetch(`http://127.0.0.1:${health}/health`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      collector: 'gate-scan:yiwu-customs',
      status: 'ok',
      writer: { written: 1 },
    });
    // A stats line every 0.2 s since the start: the first may predate the read, so wait for one that counts it
    // (every line before it must be a whole JSON report too).
    const statsLines = () =>
      cli
        .stdout()
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line) as { status: string; source: { reads?: number } });
    await waitFor(() => statsLines().some((s) => s.source.reads === 1), 'a stats line counting the read');
    expect(statsLines().find((s) => s.source.reads === 1)).toMatchObject({
      status: 'ok',
      source: { reads: 1 },
    });

    await server.close();
    await fetch(`http://127.0.0.1:${hook}/scans`, { method: 'POST', body: JSON.stringify(read) });
    await waitFor(() => cli.stderr().includes('lines spooled, retry in'), 'the failed write');
    const degraded = await fetch(`http://127.0.0.1:${health}/health`);
    expect(degraded.status).toBe(503);
    expect((await degraded.json()).problems[0]).toMatch(/server unreachable \(1 lines spooled\)/);
    cli.proc.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toMatch(/done: 1 lines written, 0 failed, 1 left in the spool/);
  });

  it('runs as the package bin (portpulse-collect) from any directory', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'pp-bin-'));
    const help = runBin(['--help'], elsewhere);
    expect(await help.exited, help.stderr()).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: portpulse-collect <collector> --config <file.json>/);
    const sample = resolve(import.meta.dirname, 'replay/replay.sample.json');
    const check = runBin(['replay', '--config', sample, '--check'], elsewhere);
    expect(await check.exited, check.stderr()).toBe(0);
    expect(check.stdout()).toBe(`${sample}: ok\n`);
    writeFileSync(join(elsewhere, 'bad.json'), JSON.stringify({ file: 'x.lp', speed: 0 }));
    const bad = runBin(['replay', '--config', 'bad.json', '--check'], elsewhere);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/bad\.json: speed: /);
  });

  it('exits at once on a second Ctrl-C, leaving what it could not send in the spool', async () => {
    const [hook, nobody] = [await freePort(), await freePort()];
    const { dir, config, writeConfig } = gateConfig(hook, {
      closeTimeoutSeconds: 60,
      health: { statsSeconds: 0 },
    });
    writeConfig(`http://127.0.0.1:${nobody}`); // no server: the line stays spooled, the flush would wait 60 s
    const cli = runBin(['gate-scan', '--config', config], dir);
    await waitFor(() => cli.stderr().includes('running'), 'the collector to start', 20_000);
    await fetch(`http://127.0.0.1:${hook}/scans`, { method: 'POST', body: JSON.stringify(read) });
    await waitFor(() => cli.stderr().includes('lines spooled, retry in'), 'the failed write');
    cli.proc.kill('SIGINT');
    await waitFor(() => cli.stderr().includes('SIGINT: stopping and flushing'), 'the first Ctrl-C');
    const second = Date.now();
    cli.proc.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    // Not the 60 s flush wait (a generous bound: a loaded machine may take seconds to reap a process).
    expect(Date.now() - second).toBeLessThan(30_000);
    expect(cli.stderr()).toMatch(/SIGINT again: exiting without flushing/);

    const server = await startRecordingServer();
    writeConfig(server.url);
    const next = runBin(['gate-scan', '--config', config], dir);
    await waitFor(() => server.requests.length === 1, 'the spooled line at the next start', 20_000);
    next.proc.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    await server.close();
  });

  it('refuses to start a weighbridge whose serial port does not exist: bridge, path, OS error, exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-cli-'));
    const config = join(dir, 'weighbridge.json');
    const port = join(dir, 'ttyUSB9');
    writeFileSync(
      config,
      JSON.stringify({
        site: 'yiwu-customs',
        bridges: [{ id: 'G1-L3', direction: 'out', protocol: 'mt-sics', connection: port }],
        plates: { listen: '127.0.0.1:0' },
        server: { url: 'http://127.0.0.1:9' },
        health: { statsSeconds: 0 },
      }),
    );
    const cli = runCli(['weighbridge', '--config', config]);
    expect(await cli.exited, cli.stderr()).toBe(2);
    expect(cli.stderr()).toContain(
      `portpulse-collect: cannot start: bridge G1-L3: cannot open ${port}: no such file or directory (ENOENT)`,
    );
  });
});
