// Typed live channel ids: `kpi/<site>` (one KPI row per second), `events/<site>` (raw events, for boards) and
// `alerts/<site>` (server-computed alerts: raised, updated, cleared).
import { z } from 'zod';
import { idSchema } from '../sites/registry';
import { type ChannelKind, SITE_ID_PATTERN } from './protocol';

const siteIdPart = z.string().regex(SITE_ID_PATTERN);
export const channelSchema = z.union([
  z.templateLiteral(['kpi/', siteIdPart]),
  z.templateLiteral(['events/', siteIdPart]),
  z.templateLiteral(['alerts/', siteIdPart]),
]);
export type Channel = z.infer<typeof channelSchema>;

export function kpiChannel(site: string): Channel {
  idSchema.parse(site);
  return `kpi/${site}`;
}
export function eventsChannel(site: string): Channel {
  idSchema.parse(site);
  return `events/${site}`;
}

export function alertsChannel(site: string): Channel {
  idSchema.parse(site);
  return `alerts/${site}`;
}

export function parseChannel(channel: Channel): { kind: ChannelKind; site: string } {
  const slash = channel.indexOf('/');
  return { kind: channel.slice(0, slash) as ChannelKind, site: channel.slice(slash + 1) };
}
