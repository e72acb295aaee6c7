// Tracks what the staleness rules need from the connection and the feed (how long the socket has been down,
// whether the server has spoken about this site yet) and answers "banner?" and "is this stream stale?".
import type { LiveConnection } from '../live/connection';
import type { SiteFeed } from '../live/site-feed';
import {
  type BannerState,
  bannerState,
  type PanelStream,
  type StreamState,
  streamMeasurement,
  streamState,
} from './staleness';

export interface LiveStatus {
  banner(): BannerState;
  stream(stream: PanelStream): StreamState;
  retryInMs(): number | undefined;
  destroy(): void;
}

export function createLiveStatus(
  connection: LiveConnection,
  feed: SiteFeed,
  staleAfterMs: number,
): LiveStatus {
  let notOpenSince: number | undefined = connection.state === 'open' ? undefined : Date.now();
  let heard = false;
  const offState = connection.onState((s) => {
    if (s === 'open') notOpenSince = undefined;
    else notOpenSince ??= Date.now();
  });
  const offFeed = feed.onChange((c) => {
    if (c === 'site') heard = false;
    else if (c === 'status' || c === 'events' || c === 'kpi') heard = true;
  });
  const retryInMs = () =>
    connection.retryAt === undefined ? undefined : Math.max(0, connection.retryAt - Date.now());
  return {
    retryInMs,
    banner: () =>
      bannerState({
        connection: connection.state,
        notOpenForMs: notOpenSince === undefined ? 0 : Date.now() - notOpenSince,
        retryInMs: retryInMs(),
        heardFromServer: heard,
        newestAt: feed.newestEventAt(),
        serverNow: feed.serverNow(),
        staleAfterMs,
      }),
    stream: (s) => streamState(s, feed.newestOf(streamMeasurement[s]), feed.serverNow(), staleAfterMs),
    destroy() {
      offState();
      offFeed();
    },
  };
}
