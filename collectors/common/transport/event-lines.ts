// Events → line protocol as the collectors send it: ms precision, written by the shared codec only
// (pointFromEvent + formatPoint). Used by both writers and by the tests that compare what was sent.
import type { PortEvent } from '../../../shared/events/event';
import { pointFromEvent } from '../../../shared/events/point-conversion';
import { formatPoint } from '../../../shared/line-protocol/index';

/** One ms-precision line per event, written by the shared codec; events it cannot write go to `onError`. */
export function eventLines(events: PortEvent[], onError: (event: PortEvent, error: Error) => void): string[] {
  const lines: string[] = [];
  for (const e of events) {
    try {
      lines.push(formatPoint(pointFromEvent(e), 'ms'));
    } catch (err) {
      onError(e, err as Error);
    }
  }
  return lines;
}
