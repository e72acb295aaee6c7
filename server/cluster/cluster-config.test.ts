// The cluster settings through the config schema: retention bounds that would break dedupe or a new node's
// replay are refused with the variables named; the presence TTL and a node's public URL are taken.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

const base = { PORTPULSE_NATS_URL: 'nats://127.0.0.1:4222', PORTPULSE_NODE_ID: 'node-1' };

describe('cluster config', () => {
  it('bounds the stream by age and bytes (7 days, 10 GiB by default), as set', () => {
    expect(loadConfig(base).cluster).toMatchObject({ maxAgeHours: 168, maxBytes: 10 * 1024 ** 3 });
    const c = loadConfig({
      ...base,
      PORTPULSE_NATS_MAX_AGE_HOURS: '24',
      PORTPULSE_NATS_MAX_BYTES: '1048576',
    });
    expect(c.cluster).toMatchObject({ maxAgeHours: 24, maxBytes: 1024 ** 2 });
  });

  it('refuses a retention shorter than the replay hours or the duplicate window', () => {
    expect(() =>
      loadConfig({ ...base, PORTPULSE_NATS_MAX_AGE_HOURS: '2', PORTPULSE_REPLAY_HOURS: '6' }),
    ).toThrow(/PORTPULSE_NATS_MAX_AGE_HOURS=2 is shorter than PORTPULSE_REPLAY_HOURS=6/);
    expect(() =>
      loadConfig({
        ...base,
        PORTPULSE_NATS_MAX_AGE_HOURS: '1',
        PORTPULSE_NATS_DUPLICATE_WINDOW_S: '3600',
        PORTPULSE_REPLAY_HOURS: '1',
      }),
    ).toThrow(/PORTPULSE_NATS_DUPLICATE_WINDOW_S=3600/);
    expect(() => loadConfig({ ...base, PORTPULSE_NATS_MAX_BYTES: '10' })).toThrow(/PORTPULSE_NATS_MAX_BYTES/);
  });

  it('refuses a duplicate window shorter than the publish retry span, naming both', () => {
    expect(loadConfig({ ...base, PORTPULSE_NATS_DUPLICATE_WINDOW_S: '15' }).cluster?.duplicateWindowS).toBe(
      15,
    );
    expect(() => loadConfig({ ...base, PORTPULSE_NATS_DUPLICATE_WINDOW_S: '14' })).toThrow(
      /PORTPULSE_NATS_DUPLICATE_WINDOW_S=14 is shorter than the publish retry span \(15 s/,
    );
  });

  it('refuses state snapshots not well below the stream retention (0: none published, allowed)', () => {
    const hours = { PORTPULSE_NATS_MAX_AGE_HOURS: '4', PORTPULSE_REPLAY_HOURS: '1' };
    expect(
      loadConfig({ ...base, ...hours, PORTPULSE_CLUSTER_SNAPSHOT_SECONDS: '3600' }).cluster,
    ).toMatchObject({
      snapshotSeconds: 3600,
    });
    expect(() => loadConfig({ ...base, ...hours, PORTPULSE_CLUSTER_SNAPSHOT_SECONDS: '3601' })).toThrow(
      /PORTPULSE_CLUSTER_SNAPSHOT_SECONDS=3601 is not well below PORTPULSE_NATS_MAX_AGE_HOURS=4/,
    );
    expect(
      loadConfig({ ...base, ...hours, PORTPULSE_CLUSTER_SNAPSHOT_SECONDS: '0' }).cluster?.snapshotSeconds,
    ).toBe(0);
  });

  it('takes the presence TTL and a public URL (without its trailing slash), and refuses a URL that is not http(s)', () => {
    const c = loadConfig({
      ...base,
      PORTPULSE_CLUSTER_PRESENCE_TTL_MS: '3000',
      PORTPULSE_NODE_PUBLIC_URL: 'https://node1.example:8443/',
    });
    expect(c.cluster).toMatchObject({ presenceTtlMs: 3000, publicUrl: 'https://node1.example:8443' });
    expect(() => loadConfig({ ...base, PORTPULSE_NODE_PUBLIC_URL: 'ftp://x' })).toThrow(
      /PORTPULSE_NODE_PUBLIC_URL/,
    );
  });
});
