// Golden cases: recorded webhook calls and device pushes (testcases/<case>/input, with config.json and the
// raw bodies it names) replayed through the real handler and desk with a fake clock must produce exactly
// expected.lp. A case may also list the warnings and counters it must produce (expected.json).
import { describe, it } from 'vitest';
import { expectGolden, expectGoldenExtras, goldenCases } from '../common/testing/golden';
import { runWebhookScript } from './testing/webhook-script';

describe('gate-scan golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, async () => {
      const run = await runWebhookScript(c.config ?? {}, c.input);
      expectGolden(c, run.events);
      expectGoldenExtras(c, run);
    });
  }
});
