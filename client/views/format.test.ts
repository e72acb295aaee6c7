// What operators read: no data is "—" (never 0), shares as percent, times in the site's zone.
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../i18n/i18n';
import {
  formatAge,
  formatDelay,
  formatNumber,
  formatSeconds,
  formatShare,
  formatTime,
  NO_DATA,
} from './format';

afterEach(() => setLang('en'));

describe('format', () => {
  it('shows no data as a dash and zero as zero', () => {
    expect(formatNumber(null)).toBe(NO_DATA);
    expect(formatShare(null)).toBe(NO_DATA);
    expect(formatSeconds(null)).toBe(NO_DATA);
    expect(formatNumber(0)).toBe('0');
    expect(formatShare(0)).toBe('0.0');
  });

  it('reads shares as percent and processing times as seconds', () => {
    expect(formatShare(0.9314)).toBe('93.1');
    expect(formatShare(1)).toBe('100.0');
    expect(formatSeconds(4230)).toBe('4.2');
    expect(formatNumber(12345.6)).toBe('12,346');
  });

  it('truncates delays so 14.9 min (on time) never reads as 15', () => {
    expect(formatDelay(14.9)).toBe('+14');
    expect(formatDelay(15)).toBe('+15');
    expect(formatDelay(-3.4)).toBe('−3');
    expect(formatDelay(0.2)).toBe('0');
  });

  it('formats times in the site time zone and adds the date when it is not today there', () => {
    const t = Date.UTC(2026, 10, 22, 23, 30, 5); // 07:30:05 on the 23rd in Shanghai
    expect(formatTime(t, 'Asia/Shanghai', t, true)).toBe('07:30:05');
    expect(formatTime(t, 'UTC', t)).toBe('23:30');
    expect(formatTime(t, 'Asia/Shanghai', t + 86_400_000)).toBe('11-23 07:30');
  });

  it('says how old data is in the largest sensible unit', () => {
    expect(formatAge(3400)).toBe('3 s');
    expect(formatAge(125_000)).toBe('2 min');
    expect(formatAge(3_900_000)).toBe('1 h 5 min');
  });

  it('speaks Chinese when the UI does: units, and dates as 月/日', () => {
    setLang('zh');
    const t = Date.UTC(2026, 10, 22, 23, 30, 5);
    expect(formatAge(3_900_000)).toBe('1 小时 5 分钟');
    expect(formatTime(t, 'Asia/Shanghai', t + 86_400_000)).toBe('11月23日 07:30');
    expect(formatNumber(12345.6)).toBe('12,346');
  });
});
