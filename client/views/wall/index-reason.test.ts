// The reasons the index code gives for a missing figure read in the UI language: every sentence
// shared/indices can produce is recognised (none falls through to the generic note), with the month localised.
import { afterEach, describe, expect, it } from 'vitest';
import { monthlyIndices } from '../../../shared/indices/monthly';
import { emptySums, type RawSums } from '../../../shared/indices/raw-sums';
import { setLang } from '../../i18n/i18n';
import { indexReasonText } from './index-reason';

afterEach(() => setLang('en'));

/** Every reason the index code gives for 2026-11 in four worlds: no data at all, no base month, a base month
 * whose metric is 0, and a base month but no previous month (change unknown). */
function reasons(): string[] {
  const busy = {
    ...emptySums(),
    parcels: 900,
    volumeEvents: 30,
    vehicleScans: 30,
    vehicleScansWithinSla: 27,
  };
  const zero = { ...emptySums(), volumeEvents: 5, vehicleScans: 10 };
  const worlds: Record<string, RawSums>[] = [{}, { '2026-11': busy }, { '2026-11': busy, '2025-11': zero }];
  worlds.push({ '2026-11': busy, '2025-11': busy });
  return worlds.flatMap((months) => {
    const r = monthlyIndices('2026-11', { mode: 'yoy' }, (m) => ({
      sums: months[m] ?? emptySums(),
      days: 30,
      partial: false,
    }));
    return Object.values(r.indices)
      .map((i) => i.reason)
      .filter((x): x is string => x !== null);
  });
}

describe('indexReasonText', () => {
  it('tells every reason the index code gives in Chinese, without a word of English', () => {
    setLang('zh');
    const all = reasons();
    expect(new Set(all.map((r) => r.split(':')[0]!.replace(/\d{4}-\d{2}/, 'M'))).size).toBe(5);
    for (const reason of all) {
      const text = indexReasonText(reason);
      expect(text, reason).not.toMatch(/[A-Za-z]/);
      expect(text, reason).not.toBe('暂无法计算');
    }
    expect(indexReasonText('no data in base month 2025-11: no flight departures')).toBe(
      '无基期数据（2025年11月）',
    );
    expect(indexReasonText('something new from a newer server')).toBe('暂无法计算');
  });

  it('shortens the known reasons in English and keeps an unknown one as the server wrote it', () => {
    expect(indexReasonText('no data in base month 2025-11: no flight departures')).toBe(
      'no data in the base month (Nov 2025)',
    );
    expect(indexReasonText('change unknown: no value for 2026-10')).toBe(
      'change unknown: no value for Oct 2026',
    );
    expect(indexReasonText('something new from a newer server')).toBe('something new from a newer server');
    expect(indexReasonText(null)).toBe('');
  });
});
