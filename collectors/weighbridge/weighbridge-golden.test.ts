// Golden cases: recorded indicator sessions (testcases/<case>/input, with config.json) replayed through the
// real decoders, gross-weight stage and station with a fake clock must produce exactly expected.lp. A case may
// also list the counters and warnings it must produce (expected.json): corrupt frames, refused net weights.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, goldenCases } from '../common/testing/golden';
import { runScript } from './testing/session-script';

describe('weighbridge golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, () => {
      const run = runScript(c.config ?? {}, c.input);
      expectGolden(c, run.events);
      const extra = join(c.dir, 'expected.json');
      if (!existsSync(extra)) return;
      const want = JSON.parse(readFileSync(extra, 'utf8')) as {
        stats?: Record<string, number>;
        warnings?: string[];
      };
      expect(run.stats).toMatchObject(want.stats ?? {});
      for (const w of want.warnings ?? []) expect(run.warnings.join('\n')).toContain(w);
    });
  }
});
