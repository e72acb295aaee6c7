// stub
import type { Scenario } from './scenario';
export const indicesScenario: Scenario = { name: 'indices', run: async () => ({ rows: [], details: {} }) };
