// The rules files README.md shows under "Alerting" are valid: the documentation cannot drift from the schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSites } from '../../../shared/sites/default-sites';
import { siteRegistrySchema } from '../../../shared/sites/registry';
import { parseRulesText } from './load-rules-file';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Alerting'), readme.indexOf('## Storage'));
const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README alerting examples', () => {
  it('parse with the rules-file schema against the demo registry', () => {
    expect(examples).toHaveLength(2);
    const sites = siteRegistrySchema.parse(defaultSites);
    const [smallest, complete] = examples.map((text, i) =>
      parseRulesText(text, `README example ${i + 1}`, sites),
    );
    expect(smallest!.routes).toHaveLength(1);
    expect(complete!.channels.map((c) => c.type)).toEqual([
      'webhook',
      'dingtalk',
      'wecom',
      'feishu',
      'email',
    ]);
    expect(complete!.routes[0]!.group_wait).toBe(30_000);
  });
});
