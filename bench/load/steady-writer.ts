// Writes events at a steady rate (every 10 ms, the events due so far), each stamped with the time it is
// sent, through POST /write (ms precision). A slow server is not hidden: requests in flight are capped
// and the achieved rate is reported.
import { Agent } from 'node:http';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { formatLines } from '../../shared/line-protocol/format';
import { retime } from '../data/event-mix';
import { writeOnce } from './http-batches';

export interface SteadyWriterStats {
  sent: number;
  failedRequests: number;
  seconds: number;
  achievedPerSecond: number;
  /** Ticks skipped because too many requests were still in flight. */
  skippedTicks: number;
}

export interface SteadyWriter {
  stop(): Promise<SteadyWriterStats>;
}

export function startSteadyWriter(
  serverUrl: string,
  pool: PortEvent[],
  eventsPerSecond: number,
  maxInFlight = 16,
): SteadyWriter {
  const url = `${serverUrl}/write?db=portpulse&precision=ms`;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const started = performance.now();
  const stats = { sent: 0, failedRequests: 0, skippedTicks: 0 };
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  const timer = setInterval(() => {
    if (inFlight.size >= maxInFlight) {
      stats.skippedTicks++;
      return;
    }
    const due = Math.floor(((performance.now() - started) / 1000) * eventsPerSecond) - stats.sent;
    if (due <= 0) return;
    const now = Date.now();
    const points = [];
    for (let i = 0; i < due; i++) points.push(pointFromEvent(retime(pool[next++ % pool.length]!, now)));
    stats.sent += due;
    const p = writeOnce(url, formatLines(points, 'ms'), agent)
      .catch(() => {
        stats.failedRequests++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 10);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
      const seconds = (performance.now() - started) / 1000;
      return { ...stats, seconds, achievedPerSecond: Math.round(stats.sent / seconds) };
    },
  };
}
