// Golden cases: recorded indicator sessions (testcases/<case>/input, with config.json) replayed through the
// real decoders, gross-weight stage and station with a fake clock must produce exactly expected.lp. A case may
// also list the counters and warnings it must produce (expected.json): corrupt frames, refused net weights.
import { describe, it } from 'vitest';
import { expectGolden, expectGoldenExtras, goldenCases } from '../common/testing/golden';
import { runScript } from './testing/session-script';

describe('weighbridge golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, () => {
      const run = runScript(c.config ?? {}, c.input);
      expectGolden(c, run.events);
      expectGoldenExtras(c, run);
    });
  }
});
