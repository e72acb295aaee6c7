// Seeded synthetic events for index tests and timings: gate scans (vehicles and staff), weighbridge readings
// and departures, valid against the shared schemas, spread over a period with gaps where asked.
import type { PortEvent } from '../../../shared/events/event';
import { type SiteInfo, type SiteInput, siteRegistrySchema } from '../../../shared/sites/registry';

/** Sites in every region, one in another time zone, two without an airport (so without departures). */
export const syntheticSiteInputs: SiteInput[] = [
  { id: 'hgh-test', name: 'Hangzhou test park', name_zh: '杭州测试园区', province: 'Zhejiang' },
  {
    id: 'can-test',
    name: 'Guangzhou test terminal',
    name_zh: '广州测试货站',
    province: 'Guangdong',
    airport: 'CAN',
  },
  { id: 'wuh-test', name: 'Wuhan test hub', name_zh: '武汉测试枢纽', province: 'Hubei', airport: 'WUH' },
  { id: 'cgo-test', name: 'Zhengzhou test hub', province: 'Henan', airport: 'CGO' },
  {
    id: 'ctu-test',
    name: 'Chengdu test zone',
    name_zh: '成都测试综保区',
    province: 'Sichuan',
    airport: 'CTU',
  },
  { id: 'urc-test', name: 'Urumqi test port', province: 'Xinjiang', timezone: 'Asia/Urumqi', airport: 'URC' },
  { id: 'hrb-test', name: 'Harbin test park', name_zh: '哈尔滨测试物流园', province: 'Heilongjiang' },
  { id: 'dlc-test', name: 'Dalian test port', province: 'Liaoning', airport: 'DLC' },
];

export function syntheticSites(inputs: SiteInput[] = syntheticSiteInputs): SiteInfo[] {
  return siteRegistrySchema.parse(inputs);
}

export interface SyntheticOptions {
  seed: number;
  sites: readonly SiteInfo[];
  fromMs: number;
  toMs: number;
  /** Mean minutes between two events of one site. */
  meanGapMinutes: number;
  /** [fromMs, toMs) periods in which a site sends nothing (a missing month, say). */
  gaps?: { site: string; fromMs: number; toMs: number }[];
}

/** mulberry32: small, fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticEvents(opts: SyntheticOptions): PortEvent[] {
  const rnd = seededRandom(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const events: PortEvent[] = [];
  for (const site of opts.sites) {
    const gaps = (opts.gaps ?? []).filter((g) => g.site === site.id);
    // Volumes grow over time, so year-on-year indices move away from 100.
    const growth = (t: number) => 1 + (0.3 * (t - opts.fromMs)) / (opts.toMs - opts.fromMs);
    for (let t = opts.fromMs; ; ) {
      t += Math.max(1, Math.round(-Math.log(1 - rnd()) * opts.meanGapMinutes * 60_000));
      if (t >= opts.toMs) break;
      if (gaps.some((g) => t >= g.fromMs && t < g.toMs)) continue;
      const kind = rnd();
      if (kind < 0.45) {
        events.push({
          time: t,
          site: site.id,
          measurement: 'gate_scan',
          gate: `g${int(1, 3)}`,
          lane: `l${int(1, 4)}`,
          direction: pick(['in', 'out'] as const),
          subject: 'vehicle',
          result: rnd() < 0.85 ? 'released' : pick(['held', 'rejected'] as const),
          rural: rnd() < 0.3,
          plate: `浙A${int(10000, 99999)}`,
          badge: '',
          processing_ms: Math.round(3000 + rnd() * rnd() * 16_000),
          parcels: Math.round(int(0, 300) * growth(t)),
        });
      } else if (kind < 0.7) {
        events.push({
          time: t,
          site: site.id,
          measurement: 'gate_scan',
          gate: 'staff',
          lane: 'l1',
          direction: rnd() < 0.6 ? 'in' : 'out',
          subject: 'staff',
          result: rnd() < 0.95 ? 'released' : 'held',
          rural: false,
          plate: '',
          // The same badge numbers at every site: distinct badges are counted per site, then summed.
          badge: `E${String(int(1, Math.round(40 * growth(t)))).padStart(3, '0')}`,
          processing_ms: int(300, 2000),
          parcels: 0,
        });
      } else if (kind < 0.9 || !site.airport) {
        const axles = int(2, 6);
        const tare = int(6000, 15000);
        const net = Math.round(rnd() * 20000 * 10) / 10;
        events.push({
          time: t,
          site: site.id,
          measurement: 'weighbridge',
          bridge: `wb${int(1, 2)}`,
          direction: pick(['in', 'out'] as const),
          plate: `鄂B${int(10000, 99999)}`,
          axles,
          gross_kg: tare + net,
          tare_kg: tare,
          net_kg: net,
          rated_payload_kg: int(10, 30) * 1000,
          stable: rnd() < 0.9,
        });
      } else {
        const delayMin = int(-5, 40);
        events.push({
          time: t,
          site: site.id,
          measurement: 'flight_departure',
          airport: site.airport,
          carrier: pick(['CZ', 'MU', 'CA', 'SF', 'O3']),
          destination: pick(['LAX', 'FRA', 'LGG', 'ANC', 'BUD']),
          flight_no: `${pick(['CZ', 'O3'])}${int(100, 9999)}`,
          sobt: t - delayMin * 60_000,
          aobt: t,
          cargo_kg: int(5, 100) * 1000,
          capacity_kg: 100_000,
          parcels: Math.round(int(500, 5000) * growth(t)),
        });
      }
    }
  }
  return events;
}
