// Every indicator protocol end to end: a fake indicator speaking it over a real TCP socket (or a real
// pseudo-terminal), the collector weighing through it. Gross vs net: a tared indicator's net weight becomes
// gross with its tare (Toledo frame, MT-SICS TA) or is refused naming the bridge (XK3190-A12 WN lines, an
// MT-SICS indicator without TA), never recorded as gross.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../common/testing/recording-server';
import { streamFrame } from './testing/fake-indicator';
import { harnessPerTest, postPlate } from './testing/harness';
import { asSeenAt8N1 } from './testing/seen-at-8n1';
import { encodeA12Line } from './xk3190-a12';

const rig = harnessPerTest();
const fake = rig.fake;

const registered = {
  pairing: { rule: 'vehicle-table' },
  vehicles: [{ plate: '浙A·12345', axles: 6, tareKg: 16_800 }],
};

describe('indicator protocols over real sockets', () => {
  it('xk3190-tf2: weighs from "=" frames sent byte by byte between noise', async () => {
    const scale = await fake({ protocol: 'xk3190-tf2', bytewise: true, noise: '\xff\x00' });
    const h = await rig.start({
      bridges: [{ id: 'G1-L1', direction: 'in', protocol: 'xk3190-tf2', connection: scale.url }],
      ...registered,
    });
    await postPlate(h, { bridge: 'G1-L1', plate: '浙A·12345' });
    scale.kg = 41_230;
    await waitFor(() => h.events.length === 1, 'the weighing');
    expect(h.events[0]).toMatchObject({ bridge: 'G1-L1', gross_kg: 41_230, tare_kg: 16_800, net_kg: 24_430 });
    const stats = h.collector.stats();
    expect(stats['G1-L1.frames']).toBeGreaterThan(3);
    expect(stats['G1-L1.skippedBytes']).toBeGreaterThan(0);
    expect(stats['G1-L1.corrupt']).toBe(0);
  });

  it('xk3190-a12: weighs WG lines; refuses WN (net) lines naming the bridge; counts OL lines', async () => {
    const scale = await fake({ protocol: 'xk3190-a12' });
    const h = await rig.start({
      bridges: [{ id: 'G1-L2', direction: 'in', protocol: 'xk3190-a12', connection: scale.url }],
      ...registered,
    });
    // The operator tared the indicator with the truck on it: the line says WN and carries no tare.
    scale.kg = 41_230;
    scale.tareKg = 16_800;
    await waitFor(() => Number(h.collector.stats()['G1-L2.netRefused']) >= 10, 'net lines refused');
    await postPlate(h, { bridge: 'G1-L2', plate: '浙A·12345' });
    const refused = Number(h.collector.stats()['G1-L2.netRefused']);
    await waitFor(
      () => Number(h.collector.stats()['G1-L2.netRefused']) >= refused + 10,
      'net lines after the plate',
    );
    expect(h.events).toEqual([]); // 24430 kg never recorded as gross
    expect(h.logs.join('\n')).toContain(
      "warn: G1-L2: net weight 24430 kg with the indicator's tare unknown: not recorded as gross (the A12 line has no tare: clear the tare on the indicator so that it shows gross (WG))",
    );
    expect(h.collector.problem()).toBe('G1-L2 sends net weight without its tare');
    scale.inject(encodeA12Line('         OL'));
    await waitFor(() => h.collector.stats()['G1-L2.overload'] === 1, 'the OL line');
    scale.tareKg = 0; // tare cleared: WG lines again
    await waitFor(() => h.events.length === 1, 'the gross weighing');
    expect(h.events[0]).toMatchObject({ bridge: 'G1-L2', gross_kg: 41_230, net_kg: 24_430 });
    expect(h.collector.problem()).toBeUndefined();
  });

  it('toledo-continuous: a tared terminal sends net and tare, weighed as gross; motion frames never settle', async () => {
    const scale = await fake({ protocol: 'toledo-continuous' });
    const h = await rig.start({
      bridges: [{ id: 'G2-L1', direction: 'in', protocol: 'toledo-continuous', connection: scale.url }],
      ...registered,
    });
    await postPlate(h, { bridge: 'G2-L1', plate: '浙A·12345' });
    scale.stable = false; // the motion bit
    scale.kg = 41_230;
    scale.tareKg = 16_800;
    await waitFor(() => Number(h.collector.stats()['G2-L1.frames']) >= 15, 'frames in motion');
    expect(h.events).toEqual([]);
    scale.stable = true;
    await waitFor(() => h.events.length === 1, 'the weighing');
    expect(h.events[0]).toMatchObject({ bridge: 'G2-L1', gross_kg: 41_230, tare_kg: 16_800, net_kg: 24_430 });
    const stats = h.collector.stats();
    expect(stats['G2-L1.indicatorTareKg']).toBe(16_800);
    expect(stats['G2-L1.netToGross']).toBeGreaterThan(0);
    expect(stats['G2-L1.unstable']).toBeGreaterThan(0);
  });

  it('mt-sics SIR: the tare asked with TA, the repeated net weights made gross', async () => {
    const scale = await fake({ protocol: 'mt-sics', intervalMs: 20 });
    const h = await rig.start({
      bridges: [{ id: 'G3-L1', direction: 'in', protocol: 'mt-sics', connection: scale.url, command: 'SIR' }],
      ...registered,
    });
    scale.tareKg = 16_800;
    scale.kg = 41_230;
    await postPlate(h, { bridge: 'G3-L1', plate: '浙A·12345' });
    await waitFor(() => h.events.length === 1, 'the weighing');
    expect(h.events[0]).toMatchObject({ bridge: 'G3-L1', gross_kg: 41_230, tare_kg: 16_800, net_kg: 24_430 });
    expect(scale.commands.slice(0, 2)).toEqual(['TA', 'SIR']);
    // SIR keeps sending unasked: no S or SI polls (TA and SIR again only when the tare is due).
    expect(scale.commands.filter((c) => c !== 'TA' && c !== 'SIR')).toEqual([]);
  });

  it('mt-sics without the tare query: weights refused with the advice, or taken as gross with "tare": "none"', async () => {
    const scale = await fake({ protocol: 'mt-sics', noTareQuery: true });
    let h = await rig.start({
      bridges: [{ id: 'G3-L2', direction: 'in', protocol: 'mt-sics', connection: scale.url, pollMs: 20 }],
      ...registered,
    });
    scale.kg = 41_230;
    await postPlate(h, { bridge: 'G3-L2', plate: '浙A·12345' });
    await waitFor(() => Number(h.collector.stats()['G3-L2.netRefused']) >= 5, 'weights refused');
    expect(h.events).toEqual([]);
    expect(h.logs.join('\n')).toMatch(/MT-SICS "ES": syntax error/);
    expect(h.logs.join('\n')).toContain('an indicator that is never tared can be set "tare": "none"');
    await h.collector.stop();
    h = await rig.start({
      bridges: [
        {
          id: 'G3-L2',
          direction: 'in',
          protocol: 'mt-sics',
          connection: scale.url,
          pollMs: 20,
          tare: 'none',
        },
      ],
      ...registered,
    });
    await postPlate(h, { bridge: 'G3-L2', plate: '浙A·12345' });
    await waitFor(() => h.events.length === 1, 'the weighing');
    expect(h.events[0]).toMatchObject({ gross_kg: 41_230 });
    expect(scale.commands.filter((c) => c === 'TA').length).toBeGreaterThan(0); // only the first collector asked
  });

  it('toledo-continuous on a serial port: opened at the 9600 7E1 preset, weighs', async () => {
    const device = await rig.pty();
    const h = await rig.start({
      bridges: [{ id: 'G2-L2', direction: 'in', protocol: 'toledo-continuous', connection: device.path }],
      ...registered,
    });
    // A pty's driver forces CS8 and clears PARENB (serial-port.strace.test.ts checks 7E in the request).
    expect(await device.termios()).toMatchObject({
      baudRate: 9600,
      cstopb: false,
      crtscts: false,
      ixon: false,
    });
    const state = { kg: 41_230, tareKg: 0, stable: true };
    rig.every(20, () => device.send(streamFrame('toledo-continuous', state)));
    await postPlate(h, { bridge: 'G2-L2', plate: '浙A·12345' });
    await waitFor(() => h.events.length === 1, 'the weighing over the serial port');
    expect(h.events[0]).toMatchObject({ bridge: 'G2-L2', gross_kg: 41_230, net_kg: 24_430 });
  });

  it('toledo-continuous read at 8N1 from a 7E1 terminal: corrupt frames counted, the line warning', async () => {
    const device = await rig.pty();
    const h = await rig.start({
      bridges: [
        {
          id: 'G2-L3',
          direction: 'in',
          protocol: 'toledo-continuous',
          connection: device.path,
          line: { dataBits: 8, parity: 'none' },
        },
      ],
      lineCheck: { windowSeconds: 5, warnPercent: 20, minFrames: 10 },
    });
    const garbled = asSeenAt8N1(streamFrame('toledo-continuous', { kg: 24_680, tareKg: 0, stable: true }));
    rig.every(10, () => device.send(garbled));
    await waitFor(() => h.logs.some((l) => l.includes('% of frames invalid on G2-L3')), 'the line warning');
    expect(h.logs.find((l) => l.includes('% of frames invalid on G2-L3'))).toMatch(
      new RegExp(`: check baud rate and parity \\(${device.path} opened at 9600 8N1\\)$`),
    );
    expect(h.collector.stats()['G2-L3.frames']).toBe(0);
    expect(h.collector.problem()).toMatch(/% of frames invalid on G2-L3/);
  });
});
