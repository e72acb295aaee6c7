// Config errors name the endpoint and the field, for vendor presets as for mapped endpoints.
import { describe, expect, it } from 'vitest';
import { gateScanConfigSchema } from './config';

const issues = (endpoints: unknown[]) => {
  const r = gateScanConfigSchema.safeParse({ site: 'yiwu-customs', listen: '127.0.0.1:0', endpoints });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('gate-scan endpoints config', () => {
  it('names a misspelt preset and lists the known ones', () => {
    expect(issues([{ vendor: 'hikvison-isapi' }])).toEqual([
      'endpoints.0: vendor: Invalid option: expected one of "hikvision-isapi"|"alarm-info-plate"|"dahua-itc"|"zkteco-adms"',
    ]);
  });

  it('names an unknown field of a mapped endpoint', () => {
    expect(issues([{ path: '/x', type: 'read', map: { plat: '/a' } }])[0]).toMatch(
      /^endpoints\.0\.map: unknown read field "plat"/,
    );
  });

  it('refuses two endpoints on one path, counting a preset default path', () => {
    expect(issues([{ vendor: 'zkteco-adms' }, { path: '/iclock', type: 'read', map: {} }])).toEqual([
      'endpoints: endpoint paths must be unique (a vendor preset without a path takes its default one)',
    ]);
  });

  it('keeps pictures to the preset whose pushes carry them', () => {
    expect(issues([{ vendor: 'dahua-itc', pictures: { dir: 'p' } }])[0]).toMatch(
      /pictures is for hikvision-isapi/,
    );
    expect(issues([{ vendor: 'hikvision-isapi', pictures: { dir: 'p' } }])).toEqual([]);
  });
});
