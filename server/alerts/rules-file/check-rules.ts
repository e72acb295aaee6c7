// Cross-references of a parsed rules file that one field's schema cannot see: routes name existing channels
// and mute timings, sites exist in the registry, ids and names are unique, time zones are known.
import { isTimeZone, type SiteInfo } from '../../../shared/sites/registry';
import type { RulesFile } from './rules-schema';

export interface RulesIssue {
  path: (string | number)[];
  message: string;
}

export function checkRules(rules: RulesFile, sites: readonly SiteInfo[]): RulesIssue[] {
  const issues: RulesIssue[] = [];
  const siteIds = new Set(sites.map((s) => s.id));
  const channelIds = new Set<string>();
  rules.channels.forEach((c, i) => {
    if (channelIds.has(c.id))
      issues.push({ path: ['channels', i, 'id'], message: `duplicate channel id "${c.id}"` });
    channelIds.add(c.id);
  });
  const muteNames = new Set<string>();
  rules.mute_timings.forEach((m, i) => {
    if (muteNames.has(m.name))
      issues.push({ path: ['mute_timings', i, 'name'], message: `duplicate mute timing "${m.name}"` });
    muteNames.add(m.name);
    if (!isTimeZone(m.time_zone))
      issues.push({
        path: ['mute_timings', i, 'time_zone'],
        message: `unknown IANA time zone "${m.time_zone}"`,
      });
  });
  rules.routes.forEach((r, i) => {
    r.channels.forEach((c, j) => {
      if (!channelIds.has(c))
        issues.push({ path: ['routes', i, 'channels', j], message: `no channel "${c}"` });
    });
    r.mute_timings.forEach((m, j) => {
      if (!muteNames.has(m))
        issues.push({ path: ['routes', i, 'mute_timings', j], message: `no mute timing "${m}"` });
    });
    r.match?.site?.forEach((s, j) => {
      if (!siteIds.has(s))
        issues.push({ path: ['routes', i, 'match', 'site', j], message: `unknown site "${s}"` });
    });
  });
  for (const site of Object.keys(rules.thresholds?.sites ?? {}))
    if (!siteIds.has(site))
      issues.push({ path: ['thresholds', 'sites', site], message: `unknown site "${site}"` });
  return issues;
}
