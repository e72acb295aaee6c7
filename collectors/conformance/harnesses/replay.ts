// Conformance harness: replaying 90 recent gate scans (one second apart in the file) at 20× speed; a phase is
// a third of the file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../common/testing/recording-server';
import { replayKind } from '../../replay/kind';
import type { ConformanceHarness } from '../harness';

export const replayHarness: ConformanceHarness = {
  kind: replayKind,
  async source({ dir }) {
    const t0 = Date.now() - 600_000;
    const lines = Array.from(
      { length: 90 },
      (_, i) =>
        `gate_scan,direction=out,gate=G2,lane=L3,result=released,rural=false,site=hgh-xiasha,subject=vehicle plate="浙A·R${String(i).padStart(4, '0')}",badge="",processing_ms=${3000 + i}i,parcels=0i ${t0 + i * 1000}`,
    );
    writeFileSync(join(dir, 'history.lp'), `${lines.join('\n')}\n`);
    return {
      config: { file: 'history.lp', speed: 20, progress: 'off' },
      produce: (phase, { tapped }) =>
        waitFor(() => tapped() >= 30 * (phase + 1), `the first ${30 * (phase + 1)} events`),
      close: async () => {},
    };
  },
  badConfigs: [
    { name: 'a zero speed', change: (c) => ({ ...c, speed: 0 }), path: 'speed', reason: /./ },
    {
      name: 'shifted timestamps as fast as possible',
      change: (c) => ({ ...c, speed: 'max', timestamps: 'shifted' }),
      path: 'timestamps',
      reason: /shifted timestamps need a numeric speed/,
    },
    {
      name: 'a file of unknown format',
      change: (c) => ({ ...c, file: 'history.json' }),
      path: 'format',
      reason: /cannot tell the format/,
    },
  ],
};
