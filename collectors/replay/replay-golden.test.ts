// Golden cases: a line-protocol or CSV file (testcases/<case>/input, with config.json) replayed as fast as
// possible must hand over exactly the events of expected.lp, in file order, bad lines skipped.
import { describe, it } from 'vitest';
import { expectGolden, goldenCases } from '../common/testing/golden';
import { replayCase } from './testing/replay-case';

describe('replay golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, async () => expectGolden(c, await replayCase(c)));
  }
});
