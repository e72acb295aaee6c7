// Conformance harness: the simulators of one demo site at 200× speed; a phase is a few more events.
import { waitFor } from '../../common/testing/recording-server';
import { simulateKind } from '../../simulate/simulate-kind';
import type { ConformanceHarness } from '../harness';

export const simulateHarness: ConformanceHarness = {
  kind: simulateKind,
  async source() {
    return {
      config: { only: ['yiwu-customs'], speed: 200, seed: 7 },
      async produce(_phase, { tapped }) {
        const target = tapped() + 5;
        await waitFor(() => tapped() >= target, 'more simulated events');
      },
      close: async () => {},
    };
  },
  badConfigs: [
    { name: 'a speed of 0', change: (c) => ({ ...c, speed: 0 }), path: 'speed', reason: /./ },
    { name: 'a fractional seed', change: (c) => ({ ...c, seed: 1.5 }), path: 'seed', reason: /int/i },
  ],
};
