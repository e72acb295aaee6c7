// Golden cases: recorded webhook calls (testcases/<case>/input, with config.json) replayed through the real
// handler and desk with a fake clock must produce exactly expected.lp.
import { describe, it } from 'vitest';
import { expectGolden, goldenCases } from '../common/testing/golden';
import { runWebhookScript } from './testing/webhook-script';

describe('gate-scan golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, () => expectGolden(c, runWebhookScript(c.config ?? {}, c.input)));
  }
});
