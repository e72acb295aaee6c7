// The bridge config's serial line: the protocol preset filled in under the fields a bridge gives, and line
// settings refused where they cannot apply (a tcp:// converter) or are not a serial line.
import { describe, expect, it } from 'vitest';
import { weighbridgeConfigSchema } from './config';

const parse = (bridge: Record<string, unknown>) =>
  weighbridgeConfigSchema.safeParse({
    site: 'yiwu-customs',
    plates: { listen: '127.0.0.1:0' },
    bridges: [{ id: 'G1-L1', direction: 'in', ...bridge }],
  });

describe('bridge line settings', () => {
  it('opens XK3190 and MT-SICS at 9600 8N1 without flow control unless told otherwise', () => {
    const xk = parse({ protocol: 'xk3190', connection: '/dev/ttyUSB0' });
    expect(xk.data?.bridges[0]?.connection).toEqual({
      device: '/dev/ttyUSB0',
      line: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false, xonxoff: false },
    });
    const sics = parse({
      protocol: 'mt-sics',
      connection: '/dev/ttyS1',
      line: { baudRate: 2400, parity: 'even', dataBits: 7 },
    });
    expect(sics.data?.bridges[0]?.connection).toEqual({
      device: '/dev/ttyS1',
      line: { baudRate: 2400, dataBits: 7, parity: 'even', stopBits: 1, rtscts: false, xonxoff: false },
    });
  });

  it('has a preset per protocol: Toledo continuous output at 9600 7E1, the others 9600 8N1', () => {
    const line = (protocol: string) => {
      const c = parse({ protocol, connection: '/dev/ttyUSB0' }).data?.bridges[0]?.connection;
      return c && 'device' in c ? c.line : undefined;
    };
    for (const protocol of ['xk3190', 'xk3190-tf0', 'xk3190-tf2', 'xk3190-a12', 'mt-sics'])
      expect(line(protocol), protocol).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none' });
    expect(line('toledo-continuous')).toEqual({
      baudRate: 9600,
      dataBits: 7,
      parity: 'even',
      stopBits: 1,
      rtscts: false,
      xonxoff: false,
    });
    const sics = parse({ protocol: 'mt-sics', connection: '/dev/ttyS1' }).data?.bridges[0];
    expect(sics).toMatchObject({ command: 'SI', tare: 'query', tareQueryMs: 10_000, checksum: false });
    expect(parse({ protocol: 'mt-sics', connection: '/dev/ttyS1', command: 'SIRU' }).success).toBe(false);
  });

  it('says which field is wrong and why', () => {
    const issues = (bridge: Record<string, unknown>) =>
      parse({ protocol: 'xk3190', ...bridge }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ connection: '/dev/ttyUSB0', line: { baudRate: 96000 } })).toEqual([
      'bridges.0.line.baudRate: expected a standard baud rate: 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400',
    ]);
    expect(issues({ connection: '/dev/ttyUSB0', line: { stopBits: 1.5, parity: 'evn' } })).toHaveLength(2);
    expect(issues({ connection: '/dev/ttyUSB0', line: { baud: 9600 } })).toEqual([
      'bridges.0.line: Unrecognized key: "baud"',
    ]);
    expect(issues({ connection: 'tcp://10.0.0.5:4001', line: { baudRate: 9600 } })).toEqual([
      'bridges.0.line: line settings apply to a serial device path; a tcp:// converter has its line set on the converter',
    ]);
  });
});
