// The weighbridge collector as the runner knows it: `portpulse-collect weighbridge --config file.json`.
import { defineCollector } from '../common/runner/collector-kind';
import { weighbridgeConfigSchema } from './config';
import { WeighbridgeCollector } from './weighbridge';

export const weighbridgeKind = defineCollector({
  name: 'weighbridge',
  summary:
    'XK3190 / Toledo continuous / MT-SICS weighing indicators over TCP or a serial device; pairs in/out weighings',
  schema: weighbridgeConfigSchema,
  create: (config, context) => new WeighbridgeCollector(config, context),
});
