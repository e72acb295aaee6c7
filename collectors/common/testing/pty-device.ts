// Test helper: a device on a real pseudo-terminal. Node has no pty API, so a few lines of Python (Debian's
// python3, installed by scripts/ensure-test-deps.mjs) hold the master side: the code under test opens the
// slave path as it would /dev/ttyUSB0, the test writes the device's bytes and reads what the code sent, and
// reads the tty's termios back from the slave side (what the kernel kept of the line settings).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const PTY_DEVICE = `
import json, os, pty, select, sys, termios
m, s = pty.openpty()
def out(o): sys.stdout.write(json.dumps(o) + '\\n'); sys.stdout.flush()
speeds = {getattr(termios, 'B%d' % b): b for b in (300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)}
sizes = {termios.CS5: 5, termios.CS6: 6, termios.CS7: 7, termios.CS8: 8}
out({'path': os.ttyname(s)})
buf = b''
while True:
    r, _, _ = select.select([m, 0], [], [])
    if m in r:
        out({'read': os.read(m, 4096).hex()})
    if 0 in r:
        d = os.read(0, 65536)
        if not d: break
        buf += d
        while b'\\n' in buf:
            cmd, buf = buf.split(b'\\n', 1)
            if cmd.startswith(b'w '): os.write(m, bytes.fromhex(cmd[2:].decode()))
            elif cmd == b't':
                i, o, c, l, ispeed, ospeed, cc = termios.tcgetattr(s)
                out({'termios': {'baudRate': speeds.get(ospeed, ospeed), 'dataBits': sizes[c & termios.CSIZE],
                     'parenb': bool(c & termios.PARENB), 'parodd': bool(c & termios.PARODD),
                     'cstopb': bool(c & termios.CSTOPB), 'crtscts': bool(c & termios.CRTSCTS),
                     'ixon': bool(i & termios.IXON), 'ixoff': bool(i & termios.IXOFF)}})
`;

/** The line settings as the slave tty reports them (termios read back with tcgetattr). */
export interface TtyTermios {
  baudRate: number;
  dataBits: number;
  parenb: boolean;
  parodd: boolean;
  cstopb: boolean;
  crtscts: boolean;
  ixon: boolean;
  ixoff: boolean;
}

export interface PtyDevice {
  /** The slave's path, e.g. /dev/pts/3. */
  path: string;
  /** Bytes the code under test wrote to the port, so far. */
  received: Buffer;
  /** Called with each chunk the code under test writes. */
  onData?: (chunk: Buffer) => void;
  /** The device sends these bytes. */
  send(bytes: Buffer | string): void;
  termios(): Promise<TtyTermios>;
  /** The device goes away (the master side closes: the adapter is unplugged). */
  close(): Promise<void>;
}

export async function startPtyDevice(): Promise<PtyDevice> {
  const child: ChildProcess = spawn('/usr/bin/python3', ['-c', PTY_DEVICE], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const termiosWaiters: ((t: TtyTermios) => void)[] = [];
  let resolvePath: (path: string) => void;
  const path = new Promise<string>((resolve) => (resolvePath = resolve));
  const device: PtyDevice = {
    path: '',
    received: Buffer.alloc(0),
    send: (bytes) => {
      const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
      child.stdin!.write(`w ${b.toString('hex')}\n`);
    },
    termios: () =>
      new Promise((resolve) => {
        termiosWaiters.push(resolve);
        child.stdin!.write('t\n');
      }),
    close: async () => {
      child.stdin!.end();
      await exited;
    },
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const msg = JSON.parse(line) as { path?: string; read?: string; termios?: TtyTermios };
    if (msg.path) resolvePath(msg.path);
    if (msg.termios) termiosWaiters.shift()?.(msg.termios);
    if (msg.read !== undefined) {
      const chunk = Buffer.from(msg.read, 'hex');
      device.received = Buffer.concat([device.received, chunk]);
      device.onData?.(chunk);
    }
  });
  device.path = await path;
  return device;
}
