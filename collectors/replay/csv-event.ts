// A CSV row → a typed event. The header names `measurement`, `time` and the keys of the measurements'
// wire layouts (shared/events); each value is typed by its layout (tags text, booleans true/false, integers,
// floats). Columns a measurement does not use are ignored, so one file can mix measurements.
import { isMeasurement, layouts, type PortEvent, schemas } from '../../shared/events/event';
import { parseTimeInput } from '../common/devices/time-input';

export type CsvEventResult = { ok: true; event: PortEvent } | { ok: false; reason: string };

export function eventFromCsv(values: Record<string, string>, timeOffset: string): CsvEventResult {
  const measurement = values.measurement ?? '';
  if (!isMeasurement(measurement)) return { ok: false, reason: `measurement: unknown "${measurement}"` };
  const time = parseTimeInput(values.time ?? '', timeOffset);
  if (time === undefined)
    return { ok: false, reason: `time: not a timestamp (${JSON.stringify(values.time ?? '')})` };
  const record: Record<string, unknown> = { measurement, time };
  for (const [key, wire] of Object.entries(layouts[measurement])) {
    const v = values[key];
    if (v === undefined || (v === '' && wire !== 'string' && wire !== 'tag')) continue;
    if (wire === 'booleanTag' || wire === 'boolean')
      record[key] = v === 'true' ? true : v === 'false' ? false : v;
    else if (wire === 'integer' || wire === 'unsigned' || wire === 'float') record[key] = Number(v);
    else record[key] = v;
  }
  const parsed = schemas[measurement].safeParse(record);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: `${issue.path.join('.') || measurement}: ${issue.message}` };
}
