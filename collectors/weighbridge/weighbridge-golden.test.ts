// Golden cases: recorded indicator sessions (testcases/<case>/input, with config.json) replayed through the
// real decoders and station with a fake clock must produce exactly expected.lp.
import { describe, it } from 'vitest';
import { expectGolden, goldenCases } from '../common/testing/golden';
import { runScript } from './testing/session-script';

describe('weighbridge golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, () => expectGolden(c, runScript(c.config ?? {}, c.input)));
  }
});
