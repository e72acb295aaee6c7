// The replay collector as the runner knows it: `portpulse-collect replay --config file.json`.
import { defineCollector } from '../common/runner/collector-kind';
import { replayConfigSchema } from './config';
import { ReplayCollector } from './replay';

export const replayKind = defineCollector({
  name: 'replay',
  summary: 'replays a line-protocol or CSV file at real time, a speed, or as fast as possible; resumable',
  schema: replayConfigSchema,
  create: (config, context) => new ReplayCollector(config, context),
});
