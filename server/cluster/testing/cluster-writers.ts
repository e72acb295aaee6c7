// Write load for cluster tests and the bench: writers that each post batches of distinct gate scans to their
// own node and, when a write gets no answer or a 5xx (its node died, the stream is electing a leader), retry
// the same body on the next node, as a client behind a balancer would. Every event a 204 acknowledged is
// remembered by plate, so a test can check each one is stored exactly once.
import type { PortEvent } from '../../../shared/events/event';
import { gateScan } from '../../../shared/events/testing/event-builders';
import { STREAM_SEQ_HEADER } from '../stream-seq-header';

export interface WriteStats {
  /** Plates of every acknowledged event. */
  acked: Set<string>;
  batches: number;
  retries: number;
  /** Longest time one batch took from its first attempt to its 204 (ms). */
  longestMs: number;
}

export interface Writers {
  stats: WriteStats;
  stop(): Promise<void>;
}

export function startWriters(opts: {
  urls: () => string[];
  site: string;
  batch?: number;
  pauseMs?: number;
  tag?: string;
}): Writers {
  const stats: WriteStats = { acked: new Set(), batches: 0, retries: 0, longestMs: 0 };
  let running = true;
  const batch = opts.batch ?? 20;
  const loops = opts.urls().map(async (_, w) => {
    for (let round = 0; running; round++) {
      const t = Date.now();
      const plates = Array.from({ length: batch }, (_, k) => `${opts.tag ?? 'W'}${w}-${round}-${k}`);
      const body = JSON.stringify(
        plates.map((plate, k) =>
          gateScan({ site: opts.site, time: t - 1000 + k, lane: `l${w + 1}`, plate, processing_ms: 3000 }),
        ),
      );
      const started = Date.now();
      for (let attempt = 0; ; attempt++) {
        const urls = opts.urls();
        const url = urls[(w + attempt) % urls.length]!;
        const status = await fetch(`${url}/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(20_000),
        }).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 204) break;
        if (status !== 0 && status < 500) throw new Error(`write refused with ${status}`);
        stats.retries++;
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const p of plates) stats.acked.add(p);
      stats.batches++;
      stats.longestMs = Math.max(stats.longestMs, Date.now() - started);
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  });
  return {
    stats,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** One write of events to a node; resolves with the stream seq it was stored at (throws on anything but 204). */
export async function postEvents(url: string, events: readonly PortEvent[]): Promise<number> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (res.status !== 204) throw new Error(`write to ${url} answered ${res.status}: ${await res.text()}`);
  return Number(res.headers.get(STREAM_SEQ_HEADER));
}
