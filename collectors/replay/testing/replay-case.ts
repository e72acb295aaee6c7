// Test helper: replays a golden case's input as fast as possible into a recording sink (offset in a temp dir).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PortEvent } from '../../../shared/events/event';
import type { GoldenCase } from '../../common/testing/golden';
import { replayConfigSchema } from '../config';
import { ReplayCollector } from '../replay';

export async function replayCase(c: GoldenCase): Promise<PortEvent[]> {
  const offsetFile = join(mkdtempSync(join(tmpdir(), 'portpulse-replay-')), 'offset.json');
  const config = replayConfigSchema.parse({ progress: 'off', ...c.config, offsetFile });
  const events: PortEvent[] = [];
  const collector = new ReplayCollector(config, { configDir: c.dir, log: () => {} });
  await collector.start({ write: (e) => void events.push(...e) });
  await collector.done;
  return events;
}
