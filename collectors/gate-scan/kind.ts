// The gate-scan collector as the runner knows it: `portpulse-collect gate-scan --config file.json`.
import { defineCollector } from '../common/runner/collector-kind';
import { gateScanConfigSchema } from './config';
import { GateScanCollector } from './gate-scan';

export const gateScanKind = defineCollector({
  name: 'gate-scan',
  summary: 'HTTP webhook for ANPR cameras, badge readers and release decisions (vendor field mapping)',
  schema: gateScanConfigSchema,
  create: (config, context) => new GateScanCollector(config, context),
});
