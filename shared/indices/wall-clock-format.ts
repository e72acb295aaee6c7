// One cached Intl.DateTimeFormat per IANA time zone giving the wall clock there as numeric parts (year to
// second, 24 h): building a formatter costs ~0.4 ms, and both ingest (local days, server) and chart ticks
// (client) ask for one per call otherwise.

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock formatter of `timeZone` (en-US, numeric fields, hours 0-23), built once per zone. */
export function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}
