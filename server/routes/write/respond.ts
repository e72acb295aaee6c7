// Turns an ingest result into the InfluxDB-style response: 204 when every line was kept, otherwise 400
// naming the first bad line (line, column, field, why) and how many lines were kept and rejected.
import type { Context } from 'hono';
import { PortpulseError } from '../../../shared/errors';
import type { IngestResult } from '../../ingest/ingest';

export function respondToIngest(c: Context, result: IngestResult, unit: 'line' | 'event'): Response {
  if (result.rejected === 0) return c.body(null, 204);
  const first = result.issues[0]!;
  const where =
    unit === 'line'
      ? `line ${first.line}${first.column ? `, column ${first.column}` : ''}`
      : `event #${first.line}`;
  const kept = result.accepted > 0 ? `; the other ${result.accepted} were stored` : '';
  throw new PortpulseError(
    'invalid',
    `partial write: ${result.rejected} ${unit}(s) rejected${kept}. First: ${where}: ${first.message}`,
    {
      line: first.line,
      ...(first.column === undefined ? {} : { column: first.column }),
      ...(first.field === undefined ? {} : { field: first.field }),
      accepted: result.accepted,
      rejected: result.rejected,
      errors: result.issues.map((i) => ({
        line: i.line,
        ...(i.column === undefined ? {} : { column: i.column }),
        message: i.field ? `${i.message}` : i.message,
      })),
    },
  );
}
