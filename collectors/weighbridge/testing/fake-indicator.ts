// Test helper: a weighing indicator behind a real TCP socket, speaking the real byte-level protocols. XK3190:
// streams a frame of the current weight every intervalMs. MT-SICS: answers S / SI commands with S S / S D
// replies (S only once stable), or queued error replies. Either can be cut into single bytes and preceded by
// line noise; tests can also inject raw bytes (noise, corrupt frames) and drop the connections.

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { encodeXk3190Frame } from '../xk3190';

export interface FakeIndicatorOptions {
  protocol: 'xk3190' | 'mt-sics';
  intervalMs?: number;
  /** Write each frame or reply one byte at a time (partial frames on the wire); MT-SICS replies 1 ms apart,
   * so a reply reaches the collector in several reads. */
  bytewise?: boolean;
  /** Bytes written before every frame or reply (line noise), e.g. '\xff\x00' or a garbled line '#?\r\n'. */
  noise?: string;
}

export interface FakeIndicator {
  url: string;
  /** Current weight (kg) and the MT-SICS stability flag. */
  kg: number;
  stable: boolean;
  /** MT-SICS error replies to give before the next weight replies, e.g. ['S I', 'ES']. */
  errorReplies: string[];
  connections(): number;
  commands: string[];
  inject(bytes: Buffer | string): void;
  dropClients(): void;
  close(): Promise<void>;
}

export async function startFakeIndicator(options: FakeIndicatorOptions): Promise<FakeIndicator> {
  const clients = new Set<Socket>();
  let accepted = 0;
  const fake: FakeIndicator = {
    url: '',
    kg: 0,
    stable: true,
    errorReplies: [],
    commands: [],
    connections: () => accepted,
    inject: (bytes) => {
      for (const c of clients) c.write(bytes);
    },
    dropClients: () => {
      for (const c of clients) c.destroy();
    },
    close: async () => {
      clearInterval(timer);
      fake.dropClients();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const noise = Buffer.from(options.noise ?? '', 'latin1');
  // One output queue per client: a device sends one reply after the other, never interleaved.
  const queues = new WeakMap<Socket, Promise<void>>();
  const send = (c: Socket, data: Buffer) => {
    const bytes = Buffer.concat([noise, data]);
    if (!options.bytewise) return void c.write(bytes);
    if (options.protocol === 'xk3190') for (const b of bytes) c.write(Buffer.of(b));
    else
      queues.set(
        c,
        (queues.get(c) ?? Promise.resolve()).then(() => trickle(c, bytes)),
      );
  };
  const trickle = async (c: Socket, bytes: Buffer) => {
    for (const b of bytes) {
      if (c.destroyed) return;
      c.write(Buffer.of(b));
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  const reply = (c: Socket, command: string) => {
    const error = fake.errorReplies.shift();
    if (error) return send(c, Buffer.from(`${error}\r\n`, 'latin1'));
    if (command === 'S' && !fake.stable) return; // S waits for stability; the collector's timeout re-asks
    send(c, Buffer.from(`S ${fake.stable ? 'S' : 'D'} ${String(fake.kg).padStart(10)} kg\r\n`, 'latin1'));
  };
  const server = createServer((c) => {
    accepted++;
    clients.add(c);
    c.setNoDelay(true);
    c.on('close', () => clients.delete(c));
    c.on('error', () => {});
    let text = '';
    c.on('data', (d) => {
      text += d.toString('latin1');
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
        const command = text.slice(0, nl).trim();
        text = text.slice(nl + 1);
        fake.commands.push(command);
        if (options.protocol === 'mt-sics') reply(c, command);
      }
    });
  });
  const timer = setInterval(() => {
    if (options.protocol !== 'xk3190') return;
    const frame = encodeXk3190Frame(fake.kg);
    for (const c of clients) send(c, frame);
  }, options.intervalMs ?? 20);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
