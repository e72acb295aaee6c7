// stub
import type { Scenario } from './scenario';
export const clientRenderScenario: Scenario = { name: 'client-render', run: async () => ({ rows: [], details: {} }) };
