// The text of a notification, in zh or en per channel, short enough for a phone's lock screen: a headline
// (severity, site, what, state) and one line per alert with the figures that matter, then a link.
import type { Alert } from '../../../shared/live/alerts';
import { DEFAULT_TIME_ZONE, type SiteInfo } from '../../../shared/sites/registry';
import type { Notification, NotificationItem } from '../outbox/notification';

export type Lang = 'zh' | 'en';

export interface MessageContext {
  sites: ReadonlyMap<string, SiteInfo>;
  /** Base URL of the dashboard for links. */
  publicUrl: string;
}

export interface RenderedMessage {
  /** One line: the headline. */
  title: string;
  /** Markdown body (DingTalk, WeCom, Feishu). */
  markdown: string;
  /** Plain text body (e-mail, webhook `text`). */
  text: string;
  /** Link to the operator view of the (first) site. */
  link: string;
}

const words = {
  zh: {
    critical: '严重',
    warning: '警告',
    raised: '触发',
    escalated: '升级',
    cleared: '恢复',
    repeat: '未确认提醒',
    gate_sla: '闸口时效',
    overweight: '超重',
    departure_delay: '航班延误',
    silent: '无数据',
    open: '查看',
    more: (n: number) => `另有 ${n} 条`,
    acked: (by: string) => `已确认：${by}`,
    since: '开始',
  },
  en: {
    critical: 'CRITICAL',
    warning: 'WARNING',
    raised: 'raised',
    escalated: 'escalated',
    cleared: 'cleared',
    repeat: 'still active, not acknowledged',
    gate_sla: 'Gate SLA',
    overweight: 'Overweight',
    departure_delay: 'Departure delay',
    silent: 'No data',
    open: 'Open',
    more: (n: number) => `${n} more`,
    acked: (by: string) => `acknowledged by ${by}`,
    since: 'since',
  },
} as const;

const sourceWords = {
  zh: { site: '整站', gate_scan: '闸口采集器', weighbridge: '地磅采集器', flight_departure: '航班采集器' },
  en: {
    site: 'whole site',
    gate_scan: 'gate collector',
    weighbridge: 'weighbridge collector',
    flight_departure: 'flights collector',
  },
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const t1 = (kg: number) => (kg / 1000).toFixed(1);

/** Markdown-significant characters of device strings (plates, flight numbers) are escaped. */
export const escapeMarkdown = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);

function detail(a: Alert, lang: Lang, md: boolean): string {
  const dev = (s: string) => (md ? escapeMarkdown(s) : s);
  const zh = lang === 'zh';
  switch (a.kind) {
    case 'gate_sla':
      return zh
        ? `10 秒内放行 ${pct(a.share)} < ${pct(a.threshold)}（${a.windowMinutes} 分钟，${a.scans} 车）`
        : `${pct(a.share)} released within 10 s < ${pct(a.threshold)} (${a.windowMinutes} min, ${a.scans} scans)`;
    case 'overweight':
      return zh
        ? `${dev(a.plate)} ${t1(a.grossKg)} t > 限值 ${t1(a.limitKg)} t（${a.axles} 轴，${dev(a.bridge)}）`
        : `${dev(a.plate)} ${t1(a.grossKg)} t > ${t1(a.limitKg)} t limit (${a.axles} axles, ${dev(a.bridge)})`;
    case 'departure_delay':
      return zh
        ? `${dev(a.flightNo)} → ${dev(a.destination)} 延误 ${a.delayMinutes} 分钟`
        : `${dev(a.flightNo)} → ${dev(a.destination)} ${a.delayMinutes} min late`;
    case 'silent': {
      const min = Math.round(a.limitSeconds / 60);
      return zh
        ? `${sourceWords.zh[a.source]}超过 ${min} 分钟无数据`
        : `${sourceWords.en[a.source]}: no data for over ${min} min`;
    }
  }
}

function clock(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

export function siteLink(publicUrl: string, site: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/?site=${encodeURIComponent(site)}`;
}

function siteName(ctx: MessageContext, site: string, lang: Lang): string {
  const s = ctx.sites.get(site);
  if (!s) return site;
  return lang === 'zh' ? (s.name_zh ?? s.name) : s.name;
}

const MAX_LINES = 10;

export function renderMessage(n: Notification, lang: Lang, ctx: MessageContext): RenderedMessage {
  const w = words[lang];
  const first = n.items[0]!;
  const a0 = first.alert;
  const worst = n.items.some((i) => i.alert.severity === 'critical' && i.transition !== 'cleared')
    ? 'critical'
    : a0.severity;
  const allCleared = n.items.every((i) => i.transition === 'cleared');
  const kinds = [...new Set(n.items.map((i) => w[i.alert.kind]))].join(lang === 'zh' ? '、' : ', ');
  const sites = [...new Set(n.items.map((i) => siteName(ctx, i.alert.site, lang)))].join(
    lang === 'zh' ? '、' : ', ',
  );
  const state = allCleared ? w.cleared : n.items.length === 1 ? w[first.transition] : '';
  const sev = allCleared ? '' : `[${w[worst]}] `;
  const title = `${sev}${sites} ${kinds}${state ? (lang === 'zh' ? `（${state}）` : ` (${state})`) : ''}`;
  const tz = (i: NotificationItem) => ctx.sites.get(i.alert.site)?.timezone ?? DEFAULT_TIME_ZONE;
  const line = (i: NotificationItem, md: boolean) => {
    const parts = [detail(i.alert, lang, md)];
    if (n.items.length > 1) parts.push(`${w[i.transition]}`);
    parts.push(`${w.since} ${clock(i.alert.startedAt, tz(i))}`);
    if (i.alert.ack) parts.push(w.acked(md ? escapeMarkdown(i.alert.ack.by) : i.alert.ack.by));
    return parts.join(lang === 'zh' ? '，' : ', ');
  };
  const shown = n.items.slice(0, MAX_LINES);
  const more = n.items.length - shown.length;
  const link = siteLink(ctx.publicUrl, a0.site);
  const icon = allCleared ? '✅' : worst === 'critical' ? '🔴' : '🟠';
  const mdLines = shown.map((i) => `- ${line(i, true)}`);
  if (more > 0) mdLines.push(`- ${w.more(more)}`);
  const textLines = shown.map((i) => `- ${line(i, false)}`);
  if (more > 0) textLines.push(`- ${w.more(more)}`);
  return {
    title,
    markdown: `### ${icon} ${title}\n${mdLines.join('\n')}\n\n[${w.open}](${link})`,
    text: `${title}\n${textLines.join('\n')}\n${link}`,
    link,
  };
}
