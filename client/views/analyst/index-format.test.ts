// Index figures as the analyst reads them: one decimal, arrows that agree with the rounded sign, units; in
// Chinese the release's names and units, and scopes named in Chinese.
import { afterEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../../shared/indices/api';
import type { SiteInfo } from '../../../shared/sites/registry';
import { setLang } from '../../i18n/i18n';
import { formatChange, formatIndexValue, formatMetric, indexLabel, scopeName } from './index-format';

afterEach(() => setLang('en'));

describe('index formatting', () => {
  it('shows values to one decimal and no data as a dash', () => {
    expect(formatIndexValue(112.04)).toBe('112.0');
    expect(formatIndexValue(131.45)).toBe('131.5');
    expect(formatIndexValue(null)).toBe('—');
  });

  it('gives changes an arrow and a text sign that follow the rounded figure', () => {
    expect(formatChange(0.2)).toEqual({ text: '▲ +0.2', direction: 'up', label: 'up 0.2 points' });
    expect(formatChange(-1.06)).toEqual({ text: '▼ −1.1', direction: 'down', label: 'down 1.1 points' });
    expect(formatChange(0.04)).toEqual({ text: '= 0.0', direction: 'flat', label: 'unchanged' });
    expect(formatChange(null).text).toBe('—');
  });

  it('shows metrics in their units', () => {
    expect(formatMetric('volume', 1160)).toBe('1,160 parcels/day');
    expect(formatMetric('load_rate', 0.84)).toBe('84.0 %');
    expect(formatMetric('staffing', 56)).toBe('56.0 staff/day');
    expect(formatMetric('flight_punctuality', null)).toBe('—');
    expect(formatMetric('composite', null)).toBe('');
  });

  it('speaks the release’s Chinese: index names, units, changes in 点 and scopes', () => {
    setLang('zh');
    expect(indexLabel('volume')).toBe('总业务量指数');
    expect(indexLabel('composite')).toBe('电商物流指数');
    expect(formatMetric('volume', 1160)).toBe('1,160 件/日');
    expect(formatMetric('load_rate', 0.84)).toBe('84.0%');
    expect(formatChange(-1.06)).toEqual({ text: '▼ −1.1', direction: 'down', label: '下降 1.1 点' });
    const scope = (kind: Scope['kind'], id: string | null, name: string): Scope => ({
      kind,
      id,
      name,
      sites: [],
    });
    const site: SiteInfo = {
      id: 'wuh-tianhe',
      name: 'Wuhan Tianhe Logistics Hub',
      name_zh: '武汉天河物流枢纽',
      province: 'Hubei',
      region: 'central',
      timezone: 'Asia/Shanghai',
    };
    expect(scopeName(scope('all', null, 'All sites'), [])).toBe('全部站点');
    expect(scopeName(scope('region', 'central', 'central region'), [])).toBe('中部地区');
    expect(scopeName(scope('site', site.id, 'Wuhan · 武汉'), [site])).toBe('武汉天河物流枢纽');
    setLang('en');
    expect(scopeName(scope('site', site.id, 'Wuhan · 武汉'), [site])).toBe(
      'Wuhan Tianhe Logistics Hub · 武汉天河物流枢纽',
    );
    expect(scopeName(scope('region', 'central', 'central region'), [])).toBe('central region');
  });
});
