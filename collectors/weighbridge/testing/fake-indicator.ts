// Test helper: a weighing indicator behind a real TCP socket, speaking the real byte-level protocols. The
// streaming ones (XK3190 tF=0 and tF=2, XK3190-A12, Toledo continuous output) send a frame of the current
// weight every intervalMs; MT-SICS answers S / SI with S S / S D replies (S only once stable), SIR with a reply
// every intervalMs until the next S, SI or @, TA with the tare, or queued error replies. A tared indicator
// (tareKg > 0) sends the net weight as the real ones do (A12: WN; Toledo: net bit and the tare; MT-SICS: the
// net weight, the tare on TA). Either can be cut into single bytes and preceded by line noise; tests can also
// inject raw bytes (noise, corrupt frames) and drop the connections.

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { encodeToledoFrame } from '../toledo-continuous';
import { encodeXk3190Frame } from '../xk3190';
import { encodeA12Weight } from '../xk3190-a12';
import { encodeTf2Frame } from '../xk3190-tf2';

export type FakeProtocol = 'xk3190' | 'xk3190-tf2' | 'xk3190-a12' | 'toledo-continuous' | 'mt-sics';

export interface FakeIndicatorOptions {
  protocol: FakeProtocol;
  intervalMs?: number;
  /** Write each frame or reply one byte at a time (partial frames on the wire); MT-SICS replies 1 ms apart,
   * so a reply reaches the collector in several reads. */
  bytewise?: boolean;
  /** Bytes written before every frame or reply (line noise), e.g. '\xff\x00' or a garbled line '#?\r\n'. */
  noise?: string;
  /** MT-SICS: answer TA with ES (an indicator without the tare query). */
  noTareQuery?: boolean;
}

export interface FakeIndicator {
  url: string;
  /** Gross weight on the bridge (kg), the stability flag (MT-SICS, Toledo motion) and the indicator's tare. */
  kg: number;
  stable: boolean;
  tareKg: number;
  /** MT-SICS error replies to give before the next weight replies, e.g. ['S I', 'ES']. */
  errorReplies: string[];
  connections(): number;
  commands: string[];
  inject(bytes: Buffer | string): void;
  dropClients(): void;
  close(): Promise<void>;
}

/** The frame a streaming indicator sends for its current state. */
export function streamFrame(
  protocol: FakeProtocol,
  f: Pick<FakeIndicator, 'kg' | 'stable' | 'tareKg'>,
): Buffer {
  const net = f.kg - f.tareKg;
  switch (protocol) {
    case 'xk3190':
      return encodeXk3190Frame(f.tareKg > 0 ? net : f.kg);
    case 'xk3190-tf2':
      return encodeTf2Frame(f.tareKg > 0 ? net : f.kg);
    case 'xk3190-a12':
      return f.tareKg > 0 ? encodeA12Weight(net, 0, 'N') : encodeA12Weight(f.kg, 0, 'G');
    case 'toledo-continuous':
      return encodeToledoFrame({
        weight: Math.abs(f.tareKg > 0 ? net : f.kg),
        negative: (f.tareKg > 0 ? net : f.kg) < 0,
        tare: f.tareKg,
        net: f.tareKg > 0,
        motion: !f.stable,
      });
    case 'mt-sics':
      throw new Error('MT-SICS answers commands; it streams only after SIR');
  }
}

export async function startFakeIndicator(options: FakeIndicatorOptions): Promise<FakeIndicator> {
  const clients = new Set<Socket>();
  const repeating = new Set<Socket>();
  let accepted = 0;
  const fake: FakeIndicator = {
    url: '',
    kg: 0,
    stable: true,
    tareKg: 0,
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
  const sics = options.protocol === 'mt-sics';
  // One output queue per client: a device sends one reply after the other, never interleaved.
  const queues = new WeakMap<Socket, Promise<void>>();
  const send = (c: Socket, data: Buffer) => {
    const bytes = Buffer.concat([noise, data]);
    if (!options.bytewise) return void c.write(bytes);
    if (!sics) for (const b of bytes) c.write(Buffer.of(b));
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
  const weightReply = () =>
    Buffer.from(
      `S ${fake.stable ? 'S' : 'D'} ${String(fake.kg - fake.tareKg).padStart(10)} kg\r\n`,
      'latin1',
    );
  const reply = (c: Socket, command: string) => {
    if (command === 'TA')
      return send(
        c,
        Buffer.from(options.noTareQuery ? 'ES\r\n' : `TA A ${String(fake.tareKg).padStart(10)} kg\r\n`),
      );
    if (command === 'S' || command === 'SI' || command === '@') repeating.delete(c);
    const error = fake.errorReplies.shift();
    if (error) return send(c, Buffer.from(`${error}\r\n`, 'latin1'));
    if (command === 'SIR') {
      repeating.add(c);
      return send(c, weightReply());
    }
    if (command === 'S' && !fake.stable) return; // S waits for stability; the collector's timeout re-asks
    if (command === 'S' || command === 'SI') send(c, weightReply());
  };
  const server = createServer((c) => {
    accepted++;
    clients.add(c);
    c.setNoDelay(true);
    c.on('close', () => {
      clients.delete(c);
      repeating.delete(c);
    });
    c.on('error', () => {});
    let text = '';
    c.on('data', (d) => {
      text += d.toString('latin1');
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
        const command = text.slice(0, nl).trim();
        text = text.slice(nl + 1);
        fake.commands.push(command);
        if (sics) reply(c, command);
      }
    });
  });
  const timer = setInterval(() => {
    if (sics) {
      for (const c of repeating)
        send(
          c,
          fake.errorReplies.length > 0 ? Buffer.from(`${fake.errorReplies.shift()}\r\n`) : weightReply(),
        );
      return;
    }
    const frame = streamFrame(options.protocol, fake);
    for (const c of clients) send(c, frame);
  }, options.intervalMs ?? 20);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
