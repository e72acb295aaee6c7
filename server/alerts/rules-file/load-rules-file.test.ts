// The rules file: JSON and YAML, the smallest useful file, and errors that name the file, the path and the reason.
import { describe, expect, it } from 'vitest';
import { defaultSites } from '../../../shared/sites/default-sites';
import { siteRegistrySchema } from '../../../shared/sites/registry';
import { defaultThresholds } from '../alert-rules';
import { parseRulesText, RulesFileError } from './load-rules-file';
import { siteThresholds } from './site-thresholds';

const sites = siteRegistrySchema.parse(defaultSites);
const problems = (text: string, file = 'rules.yaml') => {
  try {
    parseRulesText(text, file, sites);
  } catch (e) {
    if (e instanceof RulesFileError) return e.problems;
    throw e;
  }
  throw new Error('expected the file to be refused');
};

describe('rules file', () => {
  it('takes the smallest useful file, as JSON or YAML, with the documented defaults', () => {
    const json = parseRulesText(
      '{ "channels": [{ "id": "ops", "type": "webhook", "url": "http://127.0.0.1:9/x" }], "routes": [{ "channels": ["ops"] }] }',
      'a.json',
      sites,
    );
    const yaml = parseRulesText(
      'channels:\n  - id: ops\n    type: webhook\n    url: http://127.0.0.1:9/x\nroutes:\n  - channels: [ops]\n',
      'a.yaml',
      sites,
    );
    expect(yaml).toEqual(json);
    expect(json.routes[0]).toEqual({
      channels: ['ops'],
      group_by: ['id'],
      group_wait: 0,
      group_interval: 60_000,
      repeat_interval: 4 * 3_600_000,
      mute_timings: [],
      continue: false,
    });
    expect(json.channels[0]).toMatchObject({ lang: 'zh' });
  });

  it('names the file, the path and the reason of every problem at once', () => {
    expect(
      problems(`
channels:
  - { id: ops, type: webhook, url: "ftp://x" }
  - { id: dd, type: dingtalk, url: "https://oapi.dingtalk.com/robot/send", sekret: x }
routes:
  - { channels: [ops], group_wait: 5 minutes }
`),
    ).toEqual([
      'rules.yaml: channels.0.url: an http:// or https:// URL',
      'rules.yaml: channels.1: Unrecognized key: "sekret"',
      'rules.yaml: routes.0.group_wait: "5 minutes" is not a duration (e.g. "30s", "5m", "4h", "1h30m")',
    ]);
  });

  it('checks what a field alone cannot: channels, mute timings and sites that exist, unique ids', () => {
    expect(
      problems(`
channels:
  - { id: ops, type: webhook, url: "http://a" }
  - { id: ops, type: wecom, url: "http://b" }
routes:
  - { channels: [ops, pager], mute_timings: [night], match: { site: [nowhere] } }
thresholds: { sites: { atlantis: { sla_share: 0.5 } } }
mute_timings: [{ name: day, time_zone: Mars/Olympus, intervals: [{ weekdays: [monday] }] }]
`),
    ).toEqual([
      'rules.yaml: channels.1.id: duplicate channel id "ops"',
      'rules.yaml: mute_timings.0.time_zone: unknown IANA time zone "Mars/Olympus"',
      'rules.yaml: routes.0.channels.1: no channel "pager"',
      'rules.yaml: routes.0.mute_timings.0: no mute timing "night"',
      'rules.yaml: routes.0.match.site.0: unknown site "nowhere"',
      'rules.yaml: thresholds.sites.atlantis: unknown site "atlantis"',
    ]);
  });

  it('reports a syntax error with its line and column', () => {
    const [p] = problems('channels:\n  - id: ops\n   type: webhook\n', 'x.yaml');
    expect(p).toMatch(/^x\.yaml:3:\d+: /);
    const [j] = problems('{ "channels": [ }', 'x.json');
    expect(j).toMatch(/^x\.json:1:\d+: /);
  });

  it('resolves thresholds: environment, then region, then site', () => {
    const rules = parseRulesText(
      'thresholds:\n  regions: { east: { sla_share: 0.8, delay_min: 20 } }\n  sites: { hgh-xiasha: { sla_share: 0.7 } }\n',
      'r.yaml',
      sites,
    );
    const t = siteThresholds(defaultThresholds, rules, sites);
    expect(t.get('hgh-xiasha')).toMatchObject({ slaShare: 0.7, delayMinutes: 20, holdMinutes: 30 });
    const otherEast = sites.find((s) => s.region === 'east' && s.id !== 'hgh-xiasha')!;
    expect(t.get(otherEast.id)).toMatchObject({ slaShare: 0.8, delayMinutes: 20 });
    const west = sites.find((s) => s.region !== 'east')!;
    expect(t.get(west.id)).toEqual(defaultThresholds);
  });
});
