// Golden cases: a feed (testcases/<case>/input, with config.json) polled once must give exactly expected.lp.
import { describe, it } from 'vitest';
import { expectGolden, goldenCases } from '../common/testing/golden';
import { pollCase } from './testing/poll-case';

describe('flight-departure golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, async () => expectGolden(c, await pollCase(c)));
  }
});
