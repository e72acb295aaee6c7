// The settings of `npm run cluster` (local-cluster.ts): read through the config schema like every command, so
// a bad value is refused with its name, with this command's own defaults: data under ./data-cluster and the
// simulators at twice the demo's event rate.
import { resolve } from 'node:path';
import { loadConfig } from '../config';

export function localClusterConfig(env: NodeJS.ProcessEnv) {
  const config = loadConfig({ PORTPULSE_DATA_DIR: './data-cluster', PORTPULSE_DEMO_SPEED: '2', ...env });
  return { base: resolve(config.dataDir), port: config.port, speed: config.demo.speed, sites: config.sites };
}
