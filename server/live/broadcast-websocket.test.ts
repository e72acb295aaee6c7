// The live endpoint's WebSocket class: strings still arrive as text frames (browsers parse them as JSON),
// and sends with options or binary data behave as in plain ws.
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../testing/wait-for';
import { BroadcastWebSocket } from './broadcast-websocket';

let wss: WebSocketServer | undefined;
afterEach(() => wss?.close());

async function connected(n: number) {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1', WebSocket: BroadcastWebSocket });
  const sockets: WebSocket[] = [];
  const accepted = new Promise<void>((resolve) =>
    wss!.on('connection', (ws) => {
      sockets.push(ws);
      if (sockets.length === n) resolve();
    }),
  );
  await new Promise((r) => wss!.once('listening', r));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const clients = Array.from({ length: n }, () => {
    const ws = new WebSocket(url);
    const got: { text: string; binary: boolean }[] = [];
    ws.on('message', (data, binary) => got.push({ text: String(data), binary }));
    return { ws, got };
  });
  await accepted;
  return { sockets, clients };
}

const until = (ok: () => boolean) =>
  waitFor('the frames to arrive', ok, { timeoutMs: 20_000, intervalMs: 5 });

describe('BroadcastWebSocket', () => {
  it('sends one string to many sockets as text frames with the same UTF-8 bytes', async () => {
    const { sockets, clients } = await connected(3);
    const frame = JSON.stringify({ type: 'append', plate: '浙A·12345' });
    for (const s of sockets) s.send(frame);
    sockets[0]!.send('{"other":1}');
    await until(() => clients.every((c) => c.got.length >= 1) && clients[0]!.got.length === 2);
    for (const c of clients) expect(c.got[0]).toEqual({ text: frame, binary: false });
    expect(clients[0]!.got[1]).toEqual({ text: '{"other":1}', binary: false });
    for (const c of clients) c.ws.close();
  });

  it('leaves binary data and sends with options as ws does them', async () => {
    const { sockets, clients } = await connected(1);
    sockets[0]!.send(Buffer.from('raw'));
    sockets[0]!.send('text', { binary: true });
    await until(() => clients[0]!.got.length === 2);
    expect(clients[0]!.got).toEqual([
      { text: 'raw', binary: true },
      { text: 'text', binary: true },
    ]);
    clients[0]!.ws.close();
  });

  it('writes the frames sent between cork and uncork in one socket write, in order', async () => {
    const { sockets, clients } = await connected(1);
    const server = sockets[0] as BroadcastWebSocket;
    const tcp = (server as unknown as { _socket: Duplex })._socket;
    const writes: number[] = [];
    const writev = tcp._writev!.bind(tcp);
    tcp._writev = (chunks, cb) => {
      writes.push(chunks.length);
      writev(chunks, cb);
    };
    server.cork();
    for (const text of ['{"a":1}', '{"b":2}', '{"c":3}']) server.send(text);
    server.uncork();
    await until(() => clients[0]!.got.length === 3);
    expect(clients[0]!.got.map((g) => g.text)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(writes).toEqual([6]); // three frames, header and payload each: one writev
    clients[0]!.ws.close();
  });
});
