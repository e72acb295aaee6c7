// The dispatcher's timing on a driven clock: group_wait gathers a group's first alerts into one message,
// group_interval spaces later changes, a raise seen again (log replay) is not sent twice, a clear follows its
// raise, reminders repeat only active unacknowledged alerts, escalations go out, and in a cluster a node that
// does not send keeps its groups so that, taking over, it sends exactly what is still owed.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/live/alerts';
import type { Notification } from '../outbox/notification';
import { routeSchema } from '../rules-file/rules-schema';
import { Dispatcher } from './dispatcher';
import { Ledger } from './ledger';
import { SilenceBook } from './silence-book';

const S = 1000;
const MIN = 60 * S;
const t0 = Date.parse('2026-12-03T02:00:00Z');

function truck(plate: string, severity: 'warning' | 'critical' = 'warning'): Alert {
  return {
    id: `overweight:hgh-xiasha:${plate}:${t0}`,
    kind: 'overweight',
    site: 'hgh-xiasha',
    severity,
    startedAt: t0,
    updatedAt: t0,
    clearedAt: null,
    plate,
    bridge: 'wb1',
    axles: 3,
    grossKg: 26_000,
    limitKg: 25_000,
  };
}

function setup() {
  const sent: Notification[] = [];
  const acked = new Set<string>();
  const route = routeSchema.parse({
    channels: ['ops'],
    group_by: ['site'],
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '1h',
  });
  const ledger = new Ledger();
  const d = new Dispatcher({
    rules: () => ({ routes: [route], muteTimings: new Map() }),
    regionOf: () => 'east',
    silences: new SilenceBook(),
    ledger,
    isAcked: (id) => acked.has(id),
    enqueue: async (n) => {
      sent.push(n);
    },
    record: async () => {},
    onError: (e) => {
      throw e;
    },
  });
  const summary = () =>
    sent.map((n) =>
      n.items
        .map((i) => `${i.alert.kind === 'overweight' ? i.alert.plate : i.alert.id}:${i.transition}`)
        .join(' '),
    );
  return { d, sent, acked, summary, ledger };
}

describe('dispatcher', () => {
  it('waits group_wait, then spaces changes by group_interval, and repeats unacknowledged alerts', async () => {
    const { d, acked, summary } = setup();
    const a = truck('A');
    const b = truck('B');
    d.onTransition(a, 'raised', t0);
    await d.tick(t0 + 10 * S);
    expect(summary()).toEqual([]);
    d.onTransition(b, 'raised', t0 + 20 * S);
    await d.tick(t0 + 30 * S);
    expect(summary()).toEqual(['A:raised B:raised']);

    d.onTransition({ ...a, severity: 'critical' }, 'escalated', t0 + 40 * S);
    await d.tick(t0 + 60 * S);
    expect(summary()).toHaveLength(1); // within group_interval of the last message
    await d.tick(t0 + 30 * S + 5 * MIN);
    expect(summary()).toEqual(['A:raised B:raised', 'A:escalated']);

    // The log replay after a restart raises A again: already sent, so nothing goes out.
    d.onTransition(a, 'raised', t0 + 6 * MIN);
    await d.tick(t0 + 12 * MIN);
    expect(summary()).toHaveLength(2);

    d.onTransition({ ...b, clearedAt: t0 + 13 * MIN }, 'cleared', t0 + 13 * MIN);
    await d.tick(t0 + 18 * MIN);
    expect(summary().at(-1)).toBe('B:cleared');

    // An hour after the last message: a reminder of A (still active), until it is acknowledged.
    await d.tick(t0 + 18 * MIN + 59 * MIN);
    expect(summary()).toHaveLength(3);
    await d.tick(t0 + 18 * MIN + 60 * MIN);
    expect(summary().at(-1)).toBe('A:repeat');
    acked.add(a.id);
    await d.tick(t0 + 18 * MIN + 3 * 60 * MIN);
    expect(summary()).toHaveLength(4);
  });

  it('does not send the clear of an alert whose raise never went out', async () => {
    const { d, summary } = setup();
    const a = truck('A');
    d.onTransition(a, 'raised', t0);
    d.onTransition({ ...a, clearedAt: t0 + 5 * S }, 'cleared', t0 + 5 * S);
    await d.tick(t0 + 30 * S);
    expect(summary()).toEqual([]);
  });

  it('in a cluster: a node that does not send drops what the notifier sent, and sends only what is owed when it takes over', async () => {
    const notifier = setup();
    const follower = setup();
    // What the follower applies from the stream: the notifier's queued notifications.
    const applyStream = () => {
      for (const n of notifier.sent.splice(0))
        follower.ledger.mark(
          n.channel,
          n.items.map((i) => `${i.alert.id}|${i.transition}|${i.alert.severity}`),
          true,
        );
    };
    const a = truck('A');
    const b = truck('B');
    const c = truck('C');
    for (const { d } of [notifier, follower]) {
      d.onTransition(a, 'raised', t0);
      d.onTransition(b, 'raised', t0 + 10 * S);
    }
    await notifier.d.tick(t0 + 30 * S);
    await follower.d.tick(t0 + 30 * S, false);
    expect(follower.summary()).toEqual([]);
    applyStream();
    await follower.d.tick(t0 + 31 * S, false);
    // C is raised on both; the notifier dies before its group_interval is up.
    for (const { d } of [notifier, follower]) d.onTransition(c, 'raised', t0 + 60 * S);
    await notifier.d.tick(t0 + 90 * S);
    expect(notifier.sent).toEqual([]);
    await follower.d.tick(t0 + 2 * MIN, false);
    expect(follower.summary()).toEqual([]);
    // The follower takes over: A and B went out already, C is owed.
    await follower.d.tick(t0 + 6 * MIN, true);
    expect(follower.summary()).toEqual(['C:raised']);
  });
});
