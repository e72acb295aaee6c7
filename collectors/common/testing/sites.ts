// Test helper: the demo sites resolved, and instants given as local wall-clock time in Asia/Shanghai.
import { defaultSites } from '../../../shared/sites/default-sites';
import { type Site, siteRegistrySchema } from '../../../shared/sites/registry';

export const demoSites: Site[] = siteRegistrySchema.parse(defaultSites);

export function demoSite(id: string): Site {
  const site = demoSites.find((s) => s.id === id);
  if (!site) throw new Error(`no demo site ${id}`);
  return site;
}

/** Epoch ms of a Shanghai (UTC+8) wall-clock time. */
export function shanghai(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour - 8, minute);
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
