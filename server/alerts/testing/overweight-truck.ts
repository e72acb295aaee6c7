// An overweight weighing for alerting tests: 3 axles, 31 t gross against the 25 t GB 1589 limit (critical),
// as InfluxDB line protocol (ms), written through the write API like a collector would.
import { pointFromEvent } from '../../../shared/events/point-conversion';
import { weighbridgeReading } from '../../../shared/events/testing/event-builders';
import { formatPoint } from '../../../shared/line-protocol/format';

export const TRUCK_SITE = 'hgh-xiasha';

export function overweightTruckLine(plate: string, site = TRUCK_SITE): string {
  const e = weighbridgeReading({ site, time: Date.now() - 1000, plate, gross_kg: 31_000, net_kg: 22_000 });
  return formatPoint(pointFromEvent(e), 'ms');
}

/** POSTs line protocol to a server's /api/v2/write and returns the answer's status and text. */
export async function writeLines(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/api/v2/write?org=o&bucket=b&precision=ms`, { method: 'POST', body });
  return { status: res.status, text: await res.text() };
}
