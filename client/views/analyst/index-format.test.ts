// Index figures as the analyst reads them: one decimal, arrows that agree with the rounded sign, units.
import { describe, expect, it } from 'vitest';
import { formatChange, formatIndexValue, formatMetric } from './index-format';

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
});
