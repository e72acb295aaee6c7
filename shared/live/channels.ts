// Typed live channel ids: `kpi/<site>` (one KPI row per second), `events/<site>` (raw events, for boards) and
// `alerts/<site>` (server-computed alerts: raised, updated, cleared).
import { z } from 'zod';
import { idSchema } from '../sites/registry';

export const channelSchema = z.union([
  z.templateLiteral(['kpi/', z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)]),
  z.templateLiteral(['events/', z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)]),
  z.templateLiteral(['alerts/', z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)]),
]);
export type ChannelKind = 'kpi' | 'events' | 'alerts';
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
