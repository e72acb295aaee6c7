// The device-path link on a real pseudo-terminal (a serial port as the kernel shows it): bytes both ways
// through the event loop, and a reopen when the device goes silent. Node has no pty API, so a few lines of
// Python hold the master side (Debian's python3, installed by scripts/ensure-test-deps.mjs when missing).
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/recording-server';
import { DeviceLink } from './device-link';

// Prints the slave's path, answers each command line with an MT-SICS stable reply, exits with its stdin.
const PTY_DEVICE = `
import os, pty, select, sys, tty
m, s = pty.openpty()
tty.setraw(s)
print(os.ttyname(s), flush=True)
buf = b''
while True:
    r, _, _ = select.select([m, sys.stdin], [], [])
    if sys.stdin in r and not sys.stdin.buffer.read1(1): break
    if m in r:
        buf += os.read(m, 100)
        while b'\\n' in buf:
            line, buf = buf.split(b'\\n', 1)
            if line.strip() == b'SI': os.write(m, b'S S      1234 kg\\r\\n')
`;

let device: ChildProcess | undefined;
let link: DeviceLink | undefined;
afterEach(async () => {
  await link?.stop();
  device?.stdin?.end();
  link = device = undefined;
});

async function startPty(): Promise<string> {
  device = spawn('/usr/bin/python3', ['-c', PTY_DEVICE], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve) => device!.stdout!.once('data', (d) => resolve(String(d).trim())));
}

describe('device link on a tty', () => {
  it('sends a command and reads the reply, then reopens the tty when it stays silent', async () => {
    const path = await startPty();
    link = new DeviceLink({ device: path }, { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 200 });
    let received = '';
    const downs: string[] = [];
    let ups = 0;
    link.start({ up: () => ups++, down: (r) => downs.push(r), data: (c) => (received += String(c)) });
    await waitFor(() => link!.connected, 'the tty to open');
    expect(link.write(Buffer.from('SI\r\n'))).toBe(true);
    await waitFor(() => received.includes('\n'), 'the reply');
    expect(received).toBe('S S      1234 kg\r\n');
    await waitFor(() => ups >= 3, 'two reopens of the silent tty');
    expect(downs[0]).toBe('no data for 200 ms');
    received = '';
    await waitFor(() => link!.write(Buffer.from('SI\r\n')), 'the link up');
    await waitFor(() => received.includes('\n'), 'a reply after the reopens');
  });
});
