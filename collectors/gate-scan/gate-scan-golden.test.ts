// Golden cases: recorded webhook calls and device pushes (testcases/<case>/input, with config.json and the
// raw bodies it names) replayed through the real handler and desk with a fake clock must produce exactly
// expected.lp. A case may also list the warnings and counters it must produce (expected.json).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, goldenCases } from '../common/testing/golden';
import { runWebhookScript } from './testing/webhook-script';

describe('gate-scan golden cases', () => {
  for (const c of goldenCases(import.meta.dirname)) {
    it(c.name, async () => {
      const run = await runWebhookScript(c.config ?? {}, c.input);
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
