// The weighbridge collector on serial ports (real pseudo-terminals opened through serialport): the line
// from the bridge config (over the protocol preset) reaching the tty, a weighing over it, frames garbled by a
// parity mismatch reported as a line problem, and a port missing at start refused with a clear error.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../common/testing/recording-server';
import { harnessPerTest, postPlate, startHarness } from './testing/harness';
import { asSeenAt8N1 } from './testing/seen-at-8n1';
import { encodeXk3190Frame } from './xk3190';

const rig = harnessPerTest();
const pty = rig.pty;

describe('weighbridge collector on serial ports', () => {
  it('opens the port with the configured line over the preset, and weighs through MT-SICS', async () => {
    const device = await pty();
    let answered = 0;
    device.onData = () => {
      // Every command the collector sent so far gets its reply: the tare (TA) or the weight (SI).
      const commands = device.received.toString('latin1').split('\r\n').slice(0, -1);
      for (; answered < commands.length; answered++)
        device.send(commands[answered] === 'TA' ? 'TA A        0 kg\r\n' : 'S S     18000 kg\r\n');
    };
    const h = await rig.start({
      bridges: [
        {
          id: 'B6',
          direction: 'in',
          protocol: 'mt-sics',
          connection: device.path,
          line: { baudRate: 2400, dataBits: 7, parity: 'even', xonxoff: true },
          pollMs: 20,
        },
      ],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '浙A·66666', axles: 2, tareKg: 7000 }],
    });
    // 2400 and XON/XOFF from the bridge's line, 1 stop bit and no RTS/CTS from the MT-SICS preset (7E: see
    // the strace test).
    expect(await device.termios()).toMatchObject({
      baudRate: 2400,
      cstopb: false,
      crtscts: false,
      ixon: true,
      ixoff: true,
    });
    expect(h.logs.join('\n')).toContain(`info: B6 (${device.path}): connected`);
    await postPlate(h, { bridge: 'B6', plate: '浙A·66666' });
    await waitFor(() => h.events.length === 1, 'the weighing over the serial port');
    expect(h.events[0]).toMatchObject({ bridge: 'B6', gross_kg: 18_000, net_kg: 11_000 });
  });

  it('reports frames garbled by a wrong parity: a warning naming the line to check, a metric, degraded health', async () => {
    const device = await pty();
    const h = await rig.start({
      bridges: [{ id: 'B7', direction: 'in', protocol: 'xk3190', connection: device.path }],
      lineCheck: { windowSeconds: 5, warnPercent: 20, minFrames: 10 },
    });
    expect(await device.termios()).toMatchObject({ baudRate: 9600, cstopb: false }); // the XK3190 preset
    // The indicator was set to 7E1; the bridge config kept the preset 8N1.
    rig.every(10, () => device.send(asSeenAt8N1(encodeXk3190Frame(24_680))));
    await waitFor(() => h.logs.some((l) => l.includes('% of frames invalid on B7')), 'the line warning');
    const warning = h.logs.find((l) => l.includes('% of frames invalid on B7'))!;
    expect(warning).toMatch(
      new RegExp(
        `^warn: 100 % of frames invalid on B7 in the last 5 s: check baud rate and parity \\(${device.path} opened at 9600 8N1\\)$`,
      ),
    );
    const stats = h.collector.stats();
    expect(stats['B7.invalidPercent']).toBe(100);
    expect(stats['B7.lineWarnings']).toBe(1);
    expect(stats['B7.frames']).toBe(0);
    expect(h.collector.problem()).toBe('100 % of frames invalid on B7');
  });

  it('counts nothing against the line when the frames are right', async () => {
    const device = await pty();
    const h = await rig.start({
      bridges: [{ id: 'B8', direction: 'in', protocol: 'xk3190', connection: device.path }],
      lineCheck: { windowSeconds: 5, warnPercent: 20, minFrames: 10 },
    });
    rig.every(10, () => device.send(encodeXk3190Frame(24_680)));
    await waitFor(() => Number(h.collector.stats()['B8.frames']) >= 30, 'thirty good frames');
    expect(h.collector.stats()['B8.invalidPercent']).toBe(0);
    expect(h.collector.problem()).toBeUndefined();
    expect(h.logs.join('\n')).not.toContain('frames invalid');
  });

  it('refuses to start when a bridge port does not exist, naming the bridge, the path and the OS error', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'portpulse-tty-')), 'ttyUSB9');
    await expect(
      startHarness({
        bridges: [{ id: 'G1-L3', direction: 'out', protocol: 'mt-sics', connection: missing }],
      }),
    ).rejects.toThrow(`bridge G1-L3: cannot open ${missing}: no such file or directory (ENOENT)`);
  });
});
