// The line settings reach the serialport binding's open call (the mock binding records what it was asked),
// and an open that fails says which port, which settings and the OS error (here with the real binding).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerialLine } from './serial-line';
import { openSerialPort, osErrorOf } from './serial-port';

const line7E2: SerialLine = {
  baudRate: 2400,
  dataBits: 7,
  parity: 'even',
  stopBits: 2,
  rtscts: true,
  xonxoff: true,
};

afterEach(() => SerialPortMock.binding.reset());

describe('openSerialPort', () => {
  it('passes every line setting to the binding, and locks the port', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCK0');
    const port = (await openSerialPort('/dev/ttyMOCK0', line7E2, SerialPortMock)) as SerialPortMock;
    expect(port.isOpen).toBe(true);
    expect(port.port?.openOptions).toMatchObject({
      path: '/dev/ttyMOCK0',
      baudRate: 2400,
      dataBits: 7,
      parity: 'even',
      stopBits: 2,
      rtscts: true,
      xon: true,
      xoff: true,
      lock: true,
    });
    await new Promise((r) => port.close(r));
  });

  it('passes 8N1 without flow control as such', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCK1');
    const line: SerialLine = { ...line7E2, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
    const port = (await openSerialPort(
      '/dev/ttyMOCK1',
      { ...line, rtscts: false, xonxoff: false },
      SerialPortMock,
    )) as SerialPortMock;
    expect(port.port?.openOptions).toMatchObject({
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      rtscts: false,
      xon: false,
      xoff: false,
    });
    await new Promise((r) => port.close(r));
  });

  it('names the path, the settings and the OS error when the port does not exist (real binding)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portpulse-serial-')), 'ttyUSB9');
    await expect(openSerialPort(path, line7E2)).rejects.toThrow(
      `cannot open serial port ${path} (2400 7E2 rtscts xonxoff): No such file or directory`,
    );
  });

  it('strips the binding decorations from OS errors', () => {
    expect(osErrorOf('Error: Permission denied, cannot open /dev/ttyS0', '/dev/ttyS0')).toBe(
      'Permission denied',
    );
    expect(osErrorOf('Error Resource temporarily unavailable Cannot lock port', '/dev/ttyS0')).toBe(
      'Resource temporarily unavailable Cannot lock port',
    );
  });
});
