// uPlot's `tzDate` for one time zone: a Date whose local fields read the wall clock there (what
// uPlot.tzDate returns), from one cached Intl.DateTimeFormat (shared/indices/wall-clock-format.ts).
// uPlot.tzDate formats a string with a new formatter per call (~0.4 ms), and uPlot calls it for every x tick
// on every redraw.
import { wallClockFormat } from '../../shared/indices/wall-clock-format';

/** (epoch seconds) → a Date showing the wall clock of `timeZone` in its local fields. */
export function zonedDate(timeZone: string): (ts: number) => Date {
  const format = wallClockFormat(timeZone);
  return (ts) => {
    const ms = ts * 1000;
    const p = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    for (const part of format.formatToParts(ms)) {
      if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
    }
    const date = new Date(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
    date.setMilliseconds(new Date(ms).getMilliseconds());
    return date;
  };
}
