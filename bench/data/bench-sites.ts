// The ten sites the benchmark writes for: the demo registry plus three more hubs (a sea port, an inland air
// hub, a rail port), written to a JSON file for PORTPULSE_SITES so server and load generator agree.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSites } from '../../shared/sites/default-sites';
import { type SiteInput, type SiteRegistry, siteRegistrySchema } from '../../shared/sites/registry';

const extraSites: SiteInput[] = [
  {
    id: 'ngb-meishan',
    name: 'Ningbo Meishan Bonded Port',
    name_zh: '宁波梅山保税港区',
    province: 'Zhejiang',
  },
  {
    id: 'cgo-xinzheng',
    name: 'Zhengzhou Xinzheng Air Cargo',
    name_zh: '郑州新郑机场货站',
    province: 'Henan',
    airport: 'CGO',
  },
  { id: 'xiy-intl-port', name: "Xi'an International Port", name_zh: '西安国际港务区', province: 'Shaanxi' },
];

export const benchSites: SiteRegistry = siteRegistrySchema.parse([...defaultSites, ...extraSites]);

/** Writes the registry to `<dir>/sites.json` and returns the path (for PORTPULSE_SITES). */
export function writeSitesFile(dir: string): string {
  const path = join(dir, 'sites.json');
  writeFileSync(path, JSON.stringify([...defaultSites, ...extraSites], null, 2));
  return path;
}
