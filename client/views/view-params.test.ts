// URL parameters of the views: defaults for anything missing or malformed.
import { describe, expect, it } from 'vitest';
import { readViewParams } from './view-params';

describe('readViewParams', () => {
  it('reads wall mode, rotation, staleness threshold and range', () => {
    expect(readViewParams('?mode=wall&rotate=60&staleAfter=5&range=24h')).toEqual({
      mode: 'wall',
      rotateSeconds: 60,
      staleAfterMs: 5000,
      range: '24h',
    });
  });

  it('falls back to the operator view, no rotation, 30 s and 1 h', () => {
    expect(readViewParams('?mode=tv&rotate=abc&staleAfter=-1&range=7d')).toEqual({
      mode: 'operator',
      rotateSeconds: undefined,
      staleAfterMs: 30_000,
      range: '1h',
    });
    expect(readViewParams('?rotate=1').rotateSeconds).toBeUndefined();
  });
});
