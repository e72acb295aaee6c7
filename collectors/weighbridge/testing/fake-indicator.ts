// Test helper: a weighing indicator behind a real TCP socket, speaking the real byte-level protocols. XK3190:
// streams a frame of the current weight every intervalMs, optionally cut into single bytes. MT-SICS: answers
// S / SI commands with S S / S D replies (S only once stable), or queued error replies. Tests can also
// inject raw bytes (noise, corrupt frames) and drop the connections.

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { encodeXk3190Frame } from '../xk3190';

export interface FakeIndicatorOptions {
  protocol: 'xk3190' | 'mt-sics';
  intervalMs?: number;
  /** XK3190: write each frame one byte at a time (partial frames on the wire). */
  bytewise?: boolean;
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
  const reply = (c: Socket, command: string) => {
    const error = fake.errorReplies.shift();
    if (error) return void c.write(`${error}\r\n`);
    if (command === 'S' && !fake.stable) return; // S waits for stability; the collector's timeout re-asks
    c.write(`S ${fake.stable ? 'S' : 'D'} ${String(fake.kg).padStart(10)} kg\r\n`);
  };
  const server = createServer((c) => {
    accepted++;
    clients.add(c);
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
    for (const c of clients) {
      if (options.bytewise) for (const b of frame) c.write(Buffer.of(b));
      else c.write(frame);
    }
  }, options.intervalMs ?? 20);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
