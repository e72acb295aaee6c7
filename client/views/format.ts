// How numbers, shares and times read on screen: "—" for no data (never 0), times in the site's time zone,
// digits and dates in the UI language's conventions (Intl).
import { intlLocale, t } from '../i18n/i18n';

export const NO_DATA = '—';

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  const k = `${intlLocale()}|${key}`;
  let f = formats.get(k) as F | undefined;
  if (!f) {
    f = make();
    formats.set(k, f);
  }
  return f;
}

function numberFormat(decimals: number): Intl.NumberFormat {
  return cached(
    `n${decimals}`,
    () =>
      new Intl.NumberFormat(intlLocale(), {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }),
  );
}

export function formatNumber(v: number | null | undefined, decimals = 0): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NO_DATA : numberFormat(decimals).format(v);
}

/** A 0..1 share as a percentage with one decimal (the unit is shown beside it). */
export function formatShare(v: number | null | undefined): string {
  return v === null || v === undefined ? NO_DATA : formatNumber(v * 100, 1);
}

/** Milliseconds as seconds with one decimal. */
export function formatSeconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NO_DATA : formatNumber(ms / 1000, 1);
}

export function formatTonnes(kg: number): string {
  return `${formatNumber(kg / 1000, 1)} t`;
}

/** Signed whole minutes, truncated so the shown number agrees with the "< 15 min is on time" rule. */
export function formatDelay(minutes: number): string {
  const m = Math.trunc(minutes);
  return m > 0 ? `+${m}` : m < 0 ? `−${-m}` : '0';
}

/** "3 s", "4 min", "2 h 5 min" (or 秒 / 分钟 / 小时): how long ago something happened. */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return t('time.s', { n: s });
  const min = Math.floor(s / 60);
  if (min < 60) return t('time.min', { n: min });
  const h = Math.floor(min / 60);
  return h < 48 ? t('time.hmin', { h, m: min % 60 }) : t('time.d', { n: Math.floor(h / 24) });
}

function dateTimeFormat(timeZone: string, kind: 'time' | 'seconds' | 'dayKey' | 'day'): Intl.DateTimeFormat {
  return cached(`${timeZone}|${kind}`, () => {
    if (kind === 'dayKey')
      return new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    if (kind === 'day')
      return new Intl.DateTimeFormat(intlLocale(), { timeZone, month: 'short', day: 'numeric' });
    return new Intl.DateTimeFormat(intlLocale(), {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(kind === 'seconds' ? { second: '2-digit' } : {}),
    });
  });
}

/** "14:05" (or "14:05:09") in the given time zone, with the date ("11-22", "11月22日") when not on `nowMs`'s day. */
export function formatTime(ms: number, timeZone: string, nowMs: number, withSeconds = false): string {
  const clock = dateTimeFormat(timeZone, withSeconds ? 'seconds' : 'time').format(ms);
  const day = dateTimeFormat(timeZone, 'dayKey').format(ms); // en-CA: 2026-11-22
  if (day === dateTimeFormat(timeZone, 'dayKey').format(nowMs)) return clock;
  return `${intlLocale() === 'en-US' ? day.slice(5) : dateTimeFormat(timeZone, 'day').format(ms)} ${clock}`;
}

/** A long date for the wall clock: "Mon, 23 Nov 2026" / "2026年11月23日星期一". */
export function formatDate(ms: number, timeZone: string): string {
  return cached(
    `${timeZone}|long`,
    () =>
      new Intl.DateTimeFormat(intlLocale(), {
        timeZone,
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
      }),
  ).format(ms);
}

/** A calendar month "2026-11" as "Nov 2026" / "2026年11月". */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return cached(
    'month',
    () => new Intl.DateTimeFormat(intlLocale(), { timeZone: 'UTC', year: 'numeric', month: 'short' }),
  ).format(Date.UTC(y, m - 1, 1));
}

/** "UTC+8" for a zone at an instant (the wall clock says which zone it shows). */
export function formatUtcOffset(ms: number, timeZone: string): string {
  const parts = cached(
    `${timeZone}|offset`,
    () => new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }),
  ).formatToParts(ms);
  return (parts.find((p) => p.type === 'timeZoneName')?.value ?? 'UTC').replace('GMT', 'UTC');
}
