// Golden cases: a feed (testcases/<case>/input, with config.json; a cargo feed file when the config names one)
// polled once must give exactly expected.lp. A case may also list the warnings and counters it must produce
// (expected.json).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, goldenCases } from '../common/testing/golden';
import { pollCase } from './testing/poll-case';

describe('flight-departure golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, async () => {
      const run = await pollCase(c);
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
