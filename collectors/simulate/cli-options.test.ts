// Start-up validation of the CLI: defaults, and errors that name the flag and the bad value.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('applies defaults and reads the token from PORTPULSE_TOKEN', () => {
    const r = parseCliOptions(['--seed', '42'], { PORTPULSE_TOKEN: 'secret' });
    expect(r).toMatchObject({
      ok: true,
      options: {
        url: 'http://127.0.0.1:8080',
        speed: 1,
        backfillHours: 0,
        seed: 42,
        statsSeconds: 10,
        token: 'secret',
      },
    });
    if (r.ok) expect(r.options.sites).toHaveLength(7);
  });

  it('reads every flag', () => {
    const argv = ['--url', 'http://10.0.0.5:9000', '--speed', '2.5', '--backfill-hours', '6', '--seed', '7'];
    const r = parseCliOptions([...argv, '--token', 't', '--stats-seconds', '30'], {});
    expect(r).toMatchObject({
      ok: true,
      options: {
        url: 'http://10.0.0.5:9000',
        speed: 2.5,
        backfillHours: 6,
        seed: 7,
        token: 't',
        statsSeconds: 30,
      },
    });
  });

  it('names each bad flag and value', () => {
    const r = parseCliOptions(
      ['--url', 'localhost:8080', '--speed', '0', '--backfill-hours', 'six', '--seed=-1'],
      {},
    );
    expect(r.ok).toBe(false);
    const error = 'error' in r ? r.error : '';
    expect(error).toContain('--url: expected an http(s) URL');
    expect(error).toContain('--speed: expected a number > 0 and ≤ 1000, got "0"');
    expect(error).toContain('--backfill-hours: expected a number of hours from 0 to 744, got "six"');
    expect(error).toContain('--seed: expected an integer');
  });

  it('rejects unknown flags and asks for help', () => {
    expect(parseCliOptions(['--sped', '2'], {})).toMatchObject({
      ok: false,
      error: expect.stringContaining("'--sped'"),
    });
    expect(parseCliOptions(['-h'], {})).toEqual({ ok: false, help: true });
  });

  it('loads a site registry file and explains what is wrong with a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portpulse-cli-'));
    const good = join(dir, 'sites.json');
    writeFileSync(
      good,
      JSON.stringify([{ id: 'sha-waigaoqiao', name: 'Shanghai Waigaoqiao', province: 'Shanghai' }]),
    );
    expect(parseCliOptions(['--sites', good], {})).toMatchObject({
      ok: true,
      options: { sites: [{ region: 'east' }] },
    });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'x y', name: 'X', province: 'Atlantis' }]));
    const r = parseCliOptions(['--sites', bad], {});
    expect('error' in r && r.error).toMatch(
      /bad\.json is not a valid site registry:\n {2}0\.id: .*\n {2}0\.province: unknown province/,
    );
    expect(parseCliOptions(['--sites', join(dir, 'missing.json')], {})).toMatchObject({
      ok: false,
      error: expect.stringContaining('--sites: cannot read'),
    });
  });
});
