// Test helper: the first poll of a flight-departure collector over a golden case's input (and, with a cargo
// feed, the first poll of that too), state in a temp dir; the events, the warnings logged and the stats.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PortEvent } from '../../../shared/events/event';
import type { GoldenCase } from '../../common/testing/golden';
import type { CollectorStats } from '../../contract';
import { flightDepartureConfigSchema } from '../config';
import { FlightDepartureCollector } from '../flight-departure';

export async function pollCase(
  c: GoldenCase,
): Promise<{ events: PortEvent[]; warnings: string[]; stats: CollectorStats }> {
  const stateFile = join(mkdtempSync(join(tmpdir(), 'portpulse-fd-')), 'state.json');
  const config = flightDepartureConfigSchema.parse({ ...c.config, stateFile });
  const events: PortEvent[] = [];
  const warnings: string[] = [];
  const collector = new FlightDepartureCollector(config, {
    configDir: c.dir,
    log: (_level, message) => void warnings.push(message),
  });
  await collector.start({ write: (e) => void events.push(...e) }); // the first polls start at once
  await collector.stop(); // and stop waits for them
  return { events, warnings, stats: collector.stats() };
}
