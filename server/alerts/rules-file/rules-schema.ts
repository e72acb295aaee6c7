// The alerting rules file (PORTPULSE_ALERTING_FILE): per-region and per-site thresholds over the environment's,
// notification channels, routes and mute timings. Parsed by zod; cross-references (a route naming a channel
// that does not exist, a site not in the registry) are checked in check-rules.ts with the same error format.
import { z } from 'zod';
import { alertKinds, alertSeverities } from '../../../shared/live/alerts';
import { regionSchema } from '../../../shared/sites/regions';
import { DEFAULT_TIME_ZONE, idSchema } from '../../../shared/sites/registry';
import { durationSchema } from './duration';

/** The PORTPULSE_ALERT_* thresholds under their file names (the variable name, lower case, no prefix). */
export const thresholdOverridesSchema = z.strictObject({
  sla_share: z.number().min(0).max(1).optional(),
  sla_window_min: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  sla_min_scans: z.number().int().min(1).optional(),
  delay_min: z.number().int().min(1).optional(),
  silent_seconds: z.number().int().min(10).optional(),
  flight_silent_seconds: z.number().int().min(60).optional(),
  hold_min: z.number().int().min(1).optional(),
});
export type ThresholdOverrides = z.infer<typeof thresholdOverridesSchema>;

const langSchema = z.enum(['zh', 'en']).default('zh');
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });
const channelBase = { id: idSchema, lang: langSchema };

export const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...channelBase,
    type: z.literal('webhook'),
    url: httpUrl,
    /** When set, the body is signed: X-Portpulse-Signature: sha256=<hex HMAC of "<timestamp>.<body>">. */
    secret: z.string().min(16).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  z.strictObject({
    ...channelBase,
    type: z.literal('dingtalk'),
    /** The robot's webhook, https://oapi.dingtalk.com/robot/send?access_token=… */
    url: httpUrl,
    /** "加签" secret (SEC…): adds timestamp + sign to the URL. */
    secret: z.string().min(1).optional(),
  }),
  z.strictObject({
    ...channelBase,
    type: z.literal('wecom'),
    /** The group robot's webhook, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… */
    url: httpUrl,
  }),
  z.strictObject({
    ...channelBase,
    type: z.literal('feishu'),
    /** The custom bot's webhook, https://open.feishu.cn/open-apis/bot/v2/hook/… */
    url: httpUrl,
    /** "签名校验" secret: adds timestamp + sign to the body. */
    secret: z.string().min(1).optional(),
  }),
  z.strictObject({
    ...channelBase,
    type: z.literal('email'),
    smtp: z.strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      /** `starttls` (default): plain connect, then STARTTLS, refused without it; `tls`: TLS from the start (465). */
      security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
      user: z.string().optional(),
      password: z.string().optional(),
      /** PEM file of the CA that signed the server's certificate (a private CA); the system's CAs otherwise. */
      ca_file: z.string().optional(),
    }),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
]);
export type ChannelConfig = z.infer<typeof channelSchema>;

const oneOrMany = <T extends z.ZodType>(s: T) =>
  z.union([s, z.array(s).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

export const matchSchema = z.strictObject({
  site: oneOrMany(idSchema).optional(),
  region: oneOrMany(regionSchema).optional(),
  kind: oneOrMany(z.enum(alertKinds)).optional(),
  severity: oneOrMany(z.enum(alertSeverities)).optional(),
});
export type RouteMatch = z.infer<typeof matchSchema>;

export const groupByLabels = ['site', 'region', 'kind', 'severity', 'id'] as const;

export const routeSchema = z.strictObject({
  /** Absent: every alert. */
  match: matchSchema.optional(),
  channels: z.array(idSchema).min(1),
  /** Alerts with the same values of these go out in one message. Default: each alert on its own. */
  group_by: z.array(z.enum(groupByLabels)).default(['id']),
  /** Wait this long after a group's first alert before its first message (more may join). */
  group_wait: durationSchema.default(0),
  /** Least time between two messages of one group about new changes. */
  group_interval: durationSchema.default(60_000),
  /** Remind of alerts still active and unacknowledged this often. */
  repeat_interval: durationSchema.default(4 * 3_600_000),
  /** Names of mute timings: while one holds, the route sends nothing. */
  mute_timings: z.array(z.string()).default([]),
  /** Also try the routes after this one (by default the first matching route takes the alert). */
  continue: z.boolean().default(false),
});
export type Route = z.infer<typeof routeSchema>;

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time of day as HH:MM');

export const muteTimingSchema = z.strictObject({
  name: z.string().min(1),
  /** IANA zone the times are in (default Asia/Shanghai). */
  time_zone: z.string().default(DEFAULT_TIME_ZONE),
  intervals: z
    .array(
      z.strictObject({
        /** Ranges of the day; end before start runs past midnight ("22:00"–"06:00"). */
        times: z.array(z.strictObject({ start: clock, end: clock })).optional(),
        /** Days the times apply on (the start day for ranges past midnight); all days when absent. */
        weekdays: z.array(z.enum(weekdays)).optional(),
      }),
    )
    .min(1),
});
export type MuteTiming = z.infer<typeof muteTimingSchema>;
export { weekdays };

export const rulesFileSchema = z.strictObject({
  /** Base of the links in messages, e.g. https://portpulse.example (default: the server's own URL). */
  public_url: httpUrl.optional(),
  thresholds: z
    .strictObject({
      regions: z.partialRecord(regionSchema, thresholdOverridesSchema).optional(),
      sites: z.record(z.string(), thresholdOverridesSchema).optional(),
    })
    .optional(),
  channels: z.array(channelSchema).default([]),
  routes: z.array(routeSchema).default([]),
  mute_timings: z.array(muteTimingSchema).default([]),
});
export type RulesFile = z.infer<typeof rulesFileSchema>;
