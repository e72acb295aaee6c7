// A corked socket counts the frames of the batch under way as queued: the slow-consumer cut must judge the
// backlog the client had when the batch began, not the batch itself, or a client that reads everything is cut
// as soon as one batch for its channels is larger than the cap.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { testHub, testKpis, testSites } from './testing/test-hub';

const T0 = Date.UTC(2026, 10, 23, 8);
const nextTurn = () => new Promise((r) => setImmediate(r));
const accepted = (events: PortEvent[]) =>
  events.map((event, seq) => ({ seq, point: pointFromEvent(event), event }));
const CAP = 1500;

/** A hub with a small send-queue cap; the socket's queue grows while corked and empties on uncork
 * (a client that reads everything), starting from `backlog` bytes it has not read yet. */
function setup(backlog: number) {
  const kpis = testKpis();
  const hub = testHub({
    eventFrameMs: 100,
    monotonicNow: () => performance.now(),
    kpis,
    maxBufferedBytes: CAP,
    now: () => T0,
  });
  let queued = 0;
  let corked = false;
  let closed = '';
  let appends = 0;
  let batchBytes = 0;
  const client = hub.connect({
    send: (d) => {
      if (corked) {
        queued += Buffer.byteLength(d);
        batchBytes += Buffer.byteLength(d);
      }
      if (d.includes('"append"')) appends++;
    },
    bufferedAmount: () => queued,
    close: (_code, reason) => {
      closed = reason;
    },
    cork: () => {
      corked = true;
    },
    uncork: () => {
      corked = false;
      queued = backlog;
    },
  });
  hub.message(
    client,
    JSON.stringify({ type: 'subscribe', channels: testSites.map((s) => `events/${s.id}`) }),
  );
  queued = backlog;
  const burst = (n: number) =>
    hub.onEvents(
      accepted(
        Array.from({ length: n }, (_, i) =>
          gateScan({
            time: T0 - 1000 + i,
            site: testSites[i % testSites.length]!.id,
            plate: `浙A${String(i).padStart(5, '0')}`,
          }),
        ),
      ),
      'live',
    );
  return { burst, closed: () => closed, appends: () => appends, batchBytes: () => batchBytes };
}

describe('LiveHub slow-consumer cut with corked sockets', () => {
  it('keeps a client that reads everything when one batch for its channels is larger than the cap', async () => {
    const s = setup(0);
    s.burst(testSites.length * 4);
    await nextTurn();
    await nextTurn();
    expect(s.batchBytes()).toBeGreaterThan(CAP); // the batch alone is over the cap…
    expect(s.closed()).toBe(''); // …and the client, which had nothing unread, stays
    expect(s.appends()).toBe(testSites.length);
  });

  it('cuts a client whose unread backlog was already over the cap when the batch began', async () => {
    const s = setup(CAP + 1);
    s.burst(testSites.length);
    await nextTurn();
    await nextTurn();
    expect(s.closed()).toMatch(/slow consumer/);
  });
});
