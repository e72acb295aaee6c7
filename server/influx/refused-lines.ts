// Which lines of a batch InfluxDB refuses for their field types: a line whose field has another type than
// InfluxDB's (SHOW FIELD KEYS) for its measurement is dropped whole by InfluxDB (1.x: "partial write: field
// type conflict … dropped=N", the other lines are written). Used to dead-letter exactly those and re-send the rest.
import { parseLineProtocol } from '../../shared/line-protocol/parse';
import { conflictMessage } from '../field-types/field-type-registry';

export type InfluxFieldTypes = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface SortedLines {
  kept: string[];
  refused: { line: string; why: string }[];
}

export function sortByFieldTypes(lines: readonly string[], types: InfluxFieldTypes): SortedLines {
  const out: SortedLines = { kept: [], refused: [] };
  for (const line of lines) {
    const point = parseLineProtocol(line, { precision: 'ns' }).lines[0]?.point;
    let why: string | undefined;
    const known = point && types.get(point.measurement);
    if (point && known) {
      for (const key in point.fields) {
        const have = known.get(key);
        const kind = point.fields[key]!.kind;
        if (have !== undefined && have !== kind) {
          why = conflictMessage(point.measurement, key, kind, have);
          break;
        }
      }
    }
    if (why) out.refused.push({ line, why });
    else out.kept.push(line);
  }
  return out;
}
