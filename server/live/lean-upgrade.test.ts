// An open live connection does not keep its upgrade request alive (hono's context, the Fetch Request, the
// Node IncomingMessage): real @hono/node-server + ws server and a ws client; the heap is collected (gc) while
// the connection stays open and still answers.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { leanUpgrade } from './lean-upgrade';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

let server: ServerType | undefined;
afterEach(() => server?.close());

describe('leanUpgrade', () => {
  it('upgrades, and the open connection keeps neither the context nor the request alive', async () => {
    const refs: WeakRef<object>[] = [];
    const app = new Hono();
    app.get('/live', (c) => {
      refs.push(
        new WeakRef(c),
        new WeakRef(c.req.raw),
        new WeakRef((c.env as { incoming: object }).incoming),
      );
      return leanUpgrade(c, {
        onMessage(evt, ws) {
          ws.send(`echo ${String(evt.data)}`);
        },
      });
    });
    const wss = new WebSocketServer({ noServer: true });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', websocket: { server: wss } });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}/live`);
    await once(client, 'open');
    const echo = async (text: string) => {
      client.send(text);
      const [data] = await once(client, 'message');
      return String(data);
    };
    expect(await echo('one')).toBe('echo one');

    await new Promise((r) => setImmediate(r)); // WeakRefs hold their targets until the job that made them ends
    gc();
    expect(refs.map((r) => r.deref())).toEqual([undefined, undefined, undefined]);
    expect(await echo('two')).toBe('echo two'); // still open and served
    client.close();
    await once(client, 'close');
  });
});
