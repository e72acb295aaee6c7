// The line settings as the kernel is asked for them. A pseudo-terminal cannot show data bits and parity (its
// driver forces CS8 and clears PARENB on every tcsetattr), so this test watches the termios request itself:
// strace, attached to this very test process, records the TCSETS ioctls while a DeviceLink opens a pty at
// 2400 7E2 with RTS/CTS and XON/XOFF (Debian's strace, installed by scripts/ensure-test-deps.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type PtyDevice, startPtyDevice } from '../testing/pty-device';
import { DeviceLink } from './device-link';

let device: PtyDevice | undefined;
afterEach(async () => {
  await device?.close();
  device = undefined;
});

/** Runs `action` with strace attached to every thread of this process (the port opens on a libuv thread). */
async function traceIoctls(action: () => Promise<void>): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'portpulse-strace-')), 'trace.txt');
  const strace = spawn(
    '/usr/bin/strace',
    ['-f', '-v', '-e', 'trace=ioctl', '-o', out, '-p', String(process.pid)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => strace.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    strace.stderr!.on('data', (d) => {
      stderr += String(d);
      if (/attached/.test(stderr)) resolve();
    });
    void exited.then((code) => reject(new Error(`strace exited (${code}) before attaching: ${stderr}`)));
  });
  try {
    await action();
  } finally {
    strace.kill('SIGINT'); // detaches
    await exited;
  }
  return readFileSync(out, 'utf8').split('\n');
}

describe('serial line settings in the termios request', () => {
  it('asks the kernel for 2400 baud, 7 data bits, even parity, 2 stop bits, RTS/CTS and XON/XOFF', async () => {
    device = await startPtyDevice();
    const path = device.path;
    const lines = await traceIoctls(async () => {
      const link = new DeviceLink(
        {
          device: path,
          line: { baudRate: 2400, dataBits: 7, parity: 'even', stopBits: 2, rtscts: true, xonxoff: true },
        },
        { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 0 },
      );
      await link.start({ up: () => {}, down: () => {}, data: () => {} });
      await link.stop();
    });
    const sets = lines.filter((l) => /\bTCSETS\b/.test(l) && /c_cflag=/.test(l));
    const framing = sets.find((l) => /\bCS7\b/.test(l));
    expect(framing, sets.join('\n')).toBeDefined();
    const cflag = /c_cflag=([^,]+)/.exec(framing!)![1]!.split('|');
    expect(cflag).toEqual(expect.arrayContaining(['CS7', 'PARENB', 'CSTOPB', 'CRTSCTS']));
    expect(cflag).not.toContain('PARODD');
    const iflag = /c_iflag=([^,]+)/.exec(framing!)![1]!.split('|');
    expect(iflag).toEqual(expect.arrayContaining(['IXON', 'IXOFF']));
    expect(
      sets.some((l) => /c_cflag=B2400\|/.test(l)),
      sets.join('\n'),
    ).toBe(true);
  });
});
