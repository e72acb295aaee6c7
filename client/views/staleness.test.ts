// When the screen says its figures are not live, and when it does not.
import { describe, expect, it } from 'vitest';
import { type BannerInput, bannerState, streamState } from './staleness';

const base: BannerInput = {
  connection: 'open',
  notOpenForMs: 0,
  retryInMs: undefined,
  heardFromServer: true,
  newestAt: 100_000,
  serverNow: 120_000,
  staleAfterMs: 30_000,
};

describe('bannerState', () => {
  it('is quiet while data is fresh, stale once the newest event is older than the limit', () => {
    expect(bannerState(base)).toEqual({ kind: 'ok' });
    expect(bannerState({ ...base, serverNow: 131_000 })).toEqual({
      kind: 'stale',
      ageMs: 31_000,
      newestAt: 100_000,
    });
  });

  it('says disconnected at once, connecting only after a grace period, and "never" for a silent site', () => {
    expect(bannerState({ ...base, connection: 'closed', retryInMs: 2000 })).toEqual({
      kind: 'disconnected',
      retryInMs: 2000,
    });
    expect(bannerState({ ...base, connection: 'connecting', notOpenForMs: 500 }).kind).toBe('ok');
    expect(bannerState({ ...base, connection: 'connecting', notOpenForMs: 5000 }).kind).toBe('connecting');
    expect(bannerState({ ...base, newestAt: undefined }).kind).toBe('never');
    expect(bannerState({ ...base, newestAt: undefined, heardFromServer: false }).kind).toBe('ok');
  });
});

describe('streamState', () => {
  it('flags one stream that stopped while the others go on, and gives sparse flights longer', () => {
    expect(streamState('gate', 100_000, 120_000, 30_000)).toEqual({ kind: 'live' });
    expect(streamState('weighbridge', 50_000, 120_000, 30_000)).toEqual({ kind: 'stale', ageMs: 70_000 });
    expect(streamState('flights', 50_000, 120_000, 30_000)).toEqual({ kind: 'live' });
    expect(streamState('flights', undefined, 120_000, 30_000)).toEqual({ kind: 'no-data' });
  });
});
