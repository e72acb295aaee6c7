// Fuzz targets of the live WebSocket message validation: clientMessageSchema and LiveHub.message answer any
// text (JSON or not, valid messages with broken parts) without throwing and without closing the client.
import fc from 'fast-check';
import { testHub, testSites } from '../server/live/testing/test-hub';
import { clientMessageSchema } from '../shared/live/messages';
import { check, type FuzzTarget } from './target';

const channel = fc.oneof(
  fc.constantFrom(...testSites.flatMap((s) => [`kpi/${s.id}`, `events/${s.id}`])),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('kpi/__proto__', 'events/constructor', 'kpi/', '/x', 'kpi//'),
);

/** Messages shaped like the protocol's, with any part possibly wrong. */
const messageLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('subscribe', 'unsubscribe', 'ping'), fc.anything()),
      channels: fc.oneof(fc.array(channel, { maxLength: 70 }), fc.anything()),
      id: fc.oneof(fc.double(), fc.anything()),
    },
    { requiredKeys: ['type'] },
  ),
  fc.anything(),
);

const text = fc.oneof(
  messageLike.map((m) => {
    try {
      return JSON.stringify(m) ?? 'undefined';
    } catch {
      return String(m);
    }
  }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const schema: FuzzTarget = {
  name: 'WebSocket: clientMessageSchema',
  weight: 2,
  run: (numRuns, seed) =>
    fc.assert(
      fc.property(messageLike, (m) => void clientMessageSchema.safeParse(m)),
      { numRuns, seed },
    ),
};

const hubMessage: FuzzTarget = {
  name: 'WebSocket: LiveHub.message',
  weight: 2,
  run: (numRuns, seed) => {
    const hub = testHub({ maxMessagesPer10s: Number.MAX_SAFE_INTEGER, version: 'fuzz' });
    let closed: string | undefined;
    const socket = {
      send: () => {},
      bufferedAmount: () => 0,
      close: (code: number, reason: string) => {
        closed = `${code} ${reason}`;
      },
    };
    let client = hub.connect(socket);
    let n = 0;
    fc.assert(
      fc.property(text, (data) => {
        if (++n % 1000 === 0) {
          hub.disconnect(client); // a fresh client now and then, so subscriptions do not pile up
          client = hub.connect(socket);
        }
        hub.message(client, data);
        check(closed === undefined, `the hub closed the client: ${closed}`);
      }),
      { numRuns, seed },
    );
  },
};

export const liveTargets = [schema, hubMessage];
