import { describe, expect, it } from 'vitest';
import { defaultSites } from './default-sites';
import { siteRegistrySchema } from './registry';

const site = { id: 'x1', name: 'X', province: 'Zhejiang' };

describe('siteRegistrySchema', () => {
  it('derives the region from the province and accepts the default sites', () => {
    expect(siteRegistrySchema.parse([site])[0]!.region).toBe('east');
    const regions = new Set(siteRegistrySchema.parse(defaultSites).map((s) => s.region));
    expect([...regions].sort()).toEqual(['central', 'east', 'northeast', 'west']);
  });

  it('names the problem: unknown province (also one named like an object key), wrong region, duplicate id', () => {
    for (const province of ['Atlantis', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const r = siteRegistrySchema.safeParse([{ ...site, province }]);
      expect(r.success, province).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({ path: [0, 'province'], message: 'unknown province' });
    }
    const wrong = siteRegistrySchema.safeParse([{ ...site, region: 'west' }]);
    expect(wrong.error?.issues[0]?.message).toBe('Zhejiang is in the east region, not west');
    const twice = siteRegistrySchema.safeParse([site, site]);
    expect(twice.error?.issues[0]).toMatchObject({ path: [1, 'id'], message: 'duplicate site id x1' });
  });
});
