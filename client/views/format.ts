// How numbers, shares and times read on screen: "—" for no data (never 0), times in the site's time zone.

export const NO_DATA = '—';

const numberFormats = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let f = numberFormats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(decimals, f);
  }
  return f;
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

/** "3 s", "4 min", "2 h 5 min": how long ago something happened. */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return h < 48 ? `${h} h ${min % 60} min` : `${Math.floor(h / 24)} d`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(timeZone: string, kind: 'time' | 'seconds' | 'day'): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let f = timeFormats.get(key);
  if (!f) {
    const parts: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { year: 'numeric', month: '2-digit', day: '2-digit' }
        : {
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
            ...(kind === 'seconds' ? { second: '2-digit' } : {}),
          };
    f = new Intl.DateTimeFormat('en-CA', { timeZone, ...parts });
    timeFormats.set(key, f);
  }
  return f;
}

/** "14:05" (or "14:05:09") in the given time zone, prefixed with "11-22 " when not on the day of `nowMs`. */
export function formatTime(ms: number, timeZone: string, nowMs: number, withSeconds = false): string {
  const clock = timeFormat(timeZone, withSeconds ? 'seconds' : 'time').format(ms);
  const day = timeFormat(timeZone, 'day').format(ms); // en-CA: 2026-11-22
  return day === timeFormat(timeZone, 'day').format(nowMs) ? clock : `${day.slice(5)} ${clock}`;
}
