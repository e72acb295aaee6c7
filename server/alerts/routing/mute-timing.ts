// Mute timings (Grafana's name; Alertmanager's time_intervals): recurring periods, such as a night shift,
// during which a route sends nothing. Judged in the timing's own time zone; a range whose end is not after its
// start runs past midnight and belongs to the weekday it starts on.
import type { MuteTiming } from '../rules-file/rules-schema';
import { weekdays } from '../rules-file/rules-schema';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function localDayAndMinute(now: number, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: weekdays.indexOf(get('weekday').toLowerCase() as (typeof weekdays)[number]),
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

export function isMuted(m: MuteTiming, now: number): boolean {
  const { day, minute } = localDayAndMinute(now, m.time_zone);
  const onDay = (days: readonly string[] | undefined, d: number) =>
    days === undefined || days.includes(weekdays[(d + 7) % 7]!);
  return m.intervals.some((iv) => {
    if (!iv.times) return onDay(iv.weekdays, day);
    return iv.times.some(({ start, end }) => {
      const s = minutesOf(start);
      const e = minutesOf(end);
      if (s < e) return onDay(iv.weekdays, day) && minute >= s && minute < e;
      return (onDay(iv.weekdays, day) && minute >= s) || (onDay(iv.weekdays, day - 1) && minute < e);
    });
  });
}
