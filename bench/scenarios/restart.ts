// stub
import type { Scenario } from './scenario';
export const restartScenario: Scenario = { name: 'restart', run: async () => ({ rows: [], details: {} }) };
