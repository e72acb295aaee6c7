// Conformance harness: the gate-scan webhook on a fixed port; each phase POSTs three decided reads.
import { freePort } from '../../../server/testing/free-port';
import { waitFor } from '../../common/testing/recording-server';
import { gateScanKind } from '../../gate-scan/kind';
import type { ConformanceHarness } from '../harness';

export const gateScanHarness: ConformanceHarness = {
  kind: gateScanKind,
  async source() {
    const port = await freePort();
    return {
      config: { site: 'yiwu-customs', listen: `127.0.0.1:${port}` },
      async produce(phase, { tapped }) {
        const before = tapped();
        const now = Date.now();
        const reads = [0, 1, 2].map((i) => ({
          id: `p${phase}-${i}`,
          gate: 'G1',
          lane: 'L1',
          direction: 'in',
          plate: `浙A·G${phase}00${i}`,
          parcels: 10 * i,
          time: now - 5000,
          result: 'released',
          released_at: now - 1000 + i,
        }));
        const res = await fetch(`http://127.0.0.1:${port}/scans`, {
          method: 'POST',
          body: JSON.stringify(reads),
        });
        if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
        await waitFor(() => tapped() >= before + 3, `phase ${phase} events`);
      },
      close: async () => {},
    };
  },
  badConfigs: [
    {
      name: 'no listen address',
      change: ({ listen: _, ...c }) => c,
      path: 'listen',
      reason: /expected string/i,
    },
    {
      name: 'a mapping to an unknown field',
      change: (c) => ({ ...c, endpoints: [{ path: '/v', type: 'read', map: { licence: '/plate' } }] }),
      path: 'endpoints.0.map',
      reason: /unknown read field "licence"/,
    },
    {
      name: 'a vendor endpoint on a native path',
      change: (c) => ({ ...c, endpoints: [{ path: '/scans', type: 'read' }] }),
      path: 'endpoints',
      reason: /native endpoints/,
    },
  ],
};
