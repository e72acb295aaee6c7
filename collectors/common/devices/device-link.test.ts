// The device-path link on a real pseudo-terminal (a serial port as the kernel shows it), opened through the
// serialport package: bytes both ways, a reopen when the device goes silent, the line settings reaching the
// tty, an adapter unplugged and plugged back under the same path, and clear errors at start for a port that
// is not there, is no serial port, or is held by another program.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type PtyDevice, startPtyDevice } from '../testing/pty-device';
import { waitFor } from '../testing/recording-server';
import { DeviceLink, type LinkHandlers } from './device-link';
import { line8N1, type SerialLine } from './serial-line';

const line7E2: SerialLine = {
  baudRate: 2400,
  dataBits: 7,
  parity: 'even',
  stopBits: 2,
  rtscts: true,
  xonxoff: true,
};

const devices: PtyDevice[] = [];
let link: DeviceLink | undefined;
afterEach(async () => {
  await link?.stop();
  await Promise.all(devices.splice(0).map((d) => d.close()));
  link = undefined;
});

async function pty(): Promise<PtyDevice> {
  const d = await startPtyDevice();
  devices.push(d);
  return d;
}

/** A device answering each SI command with an MT-SICS stable reply. */
async function sicsDevice(): Promise<PtyDevice> {
  const d = await pty();
  d.onData = () => {
    if (d.received.toString('latin1').endsWith('SI\r\n')) d.send('S S      1234 kg\r\n');
  };
  return d;
}

function recorder() {
  const r = { received: '', ups: 0, downs: [] as string[] };
  const handlers: LinkHandlers = {
    up: () => r.ups++,
    down: (reason) => r.downs.push(reason),
    data: (c) => (r.received += String(c)),
  };
  return { r, handlers };
}

describe('device link on a tty (serialport)', () => {
  it('sends a command and reads the reply, then reopens the tty when it stays silent', async () => {
    const device = await sicsDevice();
    link = new DeviceLink(
      { device: device.path, line: line8N1 },
      { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 200 },
    );
    const { r, handlers } = recorder();
    await link.start(handlers);
    expect(link.connected).toBe(true);
    expect(link.write(Buffer.from('SI\r\n'))).toBe(true);
    await waitFor(() => r.received.includes('\n'), 'the reply');
    expect(r.received).toBe('S S      1234 kg\r\n');
    await waitFor(() => r.ups >= 3, 'two reopens of the silent tty');
    expect(r.downs[0]).toBe('no data for 200 ms');
    r.received = '';
    await waitFor(() => link!.write(Buffer.from('SI\r\n')), 'the link up');
    await waitFor(() => r.received.includes('\n'), 'a reply after the reopens');
  });

  it('sets the configured line on the tty: speed, stop bits and flow control read back from the slave', async () => {
    const device = await pty();
    link = new DeviceLink(
      { device: device.path, line: line7E2 },
      { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 0 },
    );
    await link.start(recorder().handlers);
    // A pty keeps the speed, CSTOPB, CRTSCTS and the input flags; its driver forces CS8 and clears PARENB
    // whatever is asked (data bits and parity are checked in the termios request: serial-port.strace.test.ts).
    expect(await device.termios()).toMatchObject({
      baudRate: 2400,
      cstopb: true,
      crtscts: true,
      ixon: true,
      ixoff: true,
    });
    await link.stop();
    link = new DeviceLink(
      { device: device.path, line: line8N1 },
      { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 0 },
    );
    await link.start(recorder().handlers);
    expect(await device.termios()).toMatchObject({
      baudRate: 9600,
      cstopb: false,
      crtscts: false,
      ixon: false,
      ixoff: false,
    });
  });

  it('reconnects with backoff when the adapter is unplugged, and reads again once it is back at the same path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portpulse-tty-'));
    const path = join(dir, 'ttyUSB0'); // a udev-style stable name for whichever pty is "plugged in"
    const first = await sicsDevice();
    symlinkSync(first.path, path);
    link = new DeviceLink(
      { device: path, line: line8N1 },
      { backoff: { minMs: 20, maxMs: 100 }, idleTimeoutMs: 0 },
    );
    const { r, handlers } = recorder();
    await link.start(handlers);
    link.write(Buffer.from('SI\r\n'));
    await waitFor(() => r.received.includes('\n'), 'a reply from the first adapter');

    await first.close(); // unplugged: the tty hangs up
    await waitFor(() => r.downs.length === 1, 'the link to be seen down');
    rmSync(path);
    const reconnects = link.reconnects;
    await waitFor(() => link!.reconnects >= reconnects + 2, 'failed reopens while the adapter is away');
    expect(link.lastError).toBe(`cannot open ${path}: no such file or directory (ENOENT)`);

    const second = await sicsDevice();
    symlinkSync(second.path, path);
    await waitFor(() => r.ups === 2, 'the reopen once the adapter is back');
    r.received = '';
    link.write(Buffer.from('SI\r\n'));
    await waitFor(() => r.received.includes('\n'), 'a reply from the adapter plugged back');
    rmSync(dir, { recursive: true });
  });

  it('refuses a port another program holds (the port is locked while open)', async () => {
    const device = await pty();
    const options = { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 0 };
    link = new DeviceLink({ device: device.path, line: line8N1 }, options);
    await link.start(recorder().handlers);
    const second = new DeviceLink({ device: device.path, line: line8N1 }, options);
    await expect(second.start(recorder().handlers)).rejects.toThrow(
      `cannot open serial port ${device.path} (9600 8N1): Resource temporarily unavailable Cannot lock port`,
    );
    expect(link.connected).toBe(true);
  });

  it('refuses to start on a port that does not exist or is no serial port, naming the path and the OS error', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'portpulse-tty-')), 'ttyUSB9');
    link = new DeviceLink(
      { device: missing, line: line8N1 },
      { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 0 },
    );
    await expect(link.start(recorder().handlers)).rejects.toThrow(
      `cannot open ${missing}: no such file or directory (ENOENT)`,
    );
    expect(link.connected).toBe(false);
    link = new DeviceLink(
      { device: '/dev/null', line: line8N1 },
      { backoff: { minMs: 20, maxMs: 50 }, idleTimeoutMs: 0 },
    );
    await expect(link.start(recorder().handlers)).rejects.toThrow(
      /^cannot open serial port \/dev\/null \(9600 8N1\): Inappropriate ioctl for device/,
    );
  });
});
