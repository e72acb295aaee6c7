// `npm run cluster` reads its settings through the config schema: its own defaults, the variables when set,
// and a clear refusal of a bad value.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localClusterConfig } from './local-cluster-config';

describe('localClusterConfig', () => {
  it('defaults to ./data-cluster, port 8080 and twice the demo rate', () => {
    const c = localClusterConfig({});
    expect([c.base, c.port, c.speed]).toEqual([resolve('./data-cluster'), 8080, 2]);
    expect(c.sites.length).toBeGreaterThan(0);
  });

  it('takes PORTPULSE_DEMO_SPEED, PORTPULSE_PORT and PORTPULSE_DATA_DIR from the environment', () => {
    const c = localClusterConfig({
      PORTPULSE_DEMO_SPEED: '5',
      PORTPULSE_PORT: '9000',
      PORTPULSE_DATA_DIR: '/tmp/x',
    });
    expect([c.base, c.port, c.speed]).toEqual(['/tmp/x', 9000, 5]);
  });

  it('refuses a bad speed naming the variable', () => {
    expect(() => localClusterConfig({ PORTPULSE_DEMO_SPEED: 'fast' })).toThrow(/PORTPULSE_DEMO_SPEED/);
  });
});
