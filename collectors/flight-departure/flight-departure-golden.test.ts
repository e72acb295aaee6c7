// Golden cases: a feed (testcases/<case>/input, with config.json; a cargo feed file when the config names one)
// polled once must give exactly expected.lp. A case may also list the warnings and counters it must produce
// (expected.json).
import { describe, it } from 'vitest';
import { expectGolden, expectGoldenExtras, goldenCases } from '../common/testing/golden';
import { pollCase } from './testing/poll-case';

describe('flight-departure golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, async () => {
      const run = await pollCase(c);
      expectGolden(c, run.events);
      expectGoldenExtras(c, run);
    });
  }
});
