// Test helper: the first poll of a flight-departure collector over a golden case's input, state in a temp dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PortEvent } from '../../../shared/events/event';
import type { GoldenCase } from '../../common/testing/golden';
import { flightDepartureConfigSchema } from '../config';
import { FlightDepartureCollector } from '../flight-departure';

export async function pollCase(c: GoldenCase): Promise<PortEvent[]> {
  const stateFile = join(mkdtempSync(join(tmpdir(), 'portpulse-fd-')), 'state.json');
  const config = flightDepartureConfigSchema.parse({ ...c.config, stateFile });
  const events: PortEvent[] = [];
  const collector = new FlightDepartureCollector(config, { configDir: c.dir, log: () => {} });
  await collector.start({ write: (e) => void events.push(...e) }); // the first poll starts at once
  await collector.stop(); // and stop waits for it
  return events;
}
