// Conformance harness: the weighbridge collector on a fake XK3190 indicator (real TCP); each phase weighs
// two registered trucks, their plates posted to the plate input.
import { freePort } from '../../../server/testing/free-port';
import { waitFor } from '../../common/testing/recording-server';
import { weighbridgeKind } from '../../weighbridge/kind';
import { startFakeIndicator } from '../../weighbridge/testing/fake-indicator';
import type { ConformanceHarness } from '../harness';

const plate = (phase: number, truck: number) => `浙A·C${phase}00${truck}`;

export const weighbridgeHarness: ConformanceHarness = {
  kind: weighbridgeKind,
  async source() {
    const scale = await startFakeIndicator({ protocol: 'xk3190' });
    const port = await freePort();
    const vehicles = [0, 1, 2].flatMap((p) =>
      [0, 1].map((t) => ({ plate: plate(p, t), axles: 4, tareKg: 12_000 })),
    );
    return {
      config: {
        site: 'yiwu-customs',
        bridges: [{ id: 'G1-L1', direction: 'in', protocol: 'xk3190', connection: scale.url }],
        settle: { stableMs: 100 },
        plates: { listen: `127.0.0.1:${port}`, windowSeconds: 5 },
        pairing: { rule: 'vehicle-table' },
        vehicles,
        reconnect: { minMs: 50, maxMs: 200 },
      },
      async produce(phase, { run, tapped }) {
        for (const truck of [0, 1]) {
          const before = tapped();
          await fetch(`http://127.0.0.1:${port}/plates`, {
            method: 'POST',
            body: JSON.stringify({ bridge: 'G1-L1', plate: plate(phase, truck) }),
          });
          scale.kg = 20_000 + 1000 * phase + 10 * truck;
          await waitFor(() => tapped() > before, `truck ${truck} of phase ${phase}`);
          scale.kg = 0;
          await waitFor(() => run.collector.stats?.()['G1-L1.frames'] !== undefined, 'frames');
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      close: () => scale.close(),
    };
  },
  badConfigs: [
    {
      name: 'a connection that is neither tcp:// nor a device path',
      change: (c) => ({ ...c, bridges: [{ ...(c.bridges as object[])[0], connection: 'COM3' }] }),
      path: 'bridges.0.connection',
      reason: /expected tcp:\/\/host:port or a device path/,
    },
    {
      name: 'an unknown protocol',
      change: (c) => ({ ...c, bridges: [{ ...(c.bridges as object[])[0], protocol: 'xk3190-b' }] }),
      path: 'bridges.0.protocol',
      reason: /xk3190.*mt-sics/,
    },
    {
      name: 'the vehicle-table rule without tares',
      change: (c) => ({ ...c, vehicles: [] }),
      path: 'vehicles',
      reason: /needs vehicles with tareKg/,
    },
  ],
};
