// The weighbridge collector against fake indicators over real TCP sockets: byte-wise (partial) frames,
// noise, bad check bytes, dynamic readings, device error replies, dropped connections, and a device path.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../shared/events/event';
import { waitFor } from '../common/testing/recording-server';
import { harnessPerTest, postPlate, weigh } from './testing/harness';
import { encodeXk3190Frame } from './xk3190';

const rig = harnessPerTest();
const fake = (protocol: 'xk3190' | 'mt-sics', bytewise = false) => rig.fake({ protocol, bytewise });

describe('weighbridge collector (real TCP, fake indicators)', () => {
  it('pairs an XK3190 in and out weighing by plate despite partial frames, noise and bad checks', async () => {
    const [inLane, outLane] = [await fake('xk3190', true), await fake('xk3190')];
    const h = await rig.start({
      bridges: [
        {
          id: 'G1-L1',
          direction: 'in',
          protocol: 'xk3190',
          connection: inLane.url,
          camera: { gate: 'G1', lane: 'L1' },
        },
        { id: 'G1-L3', direction: 'out', protocol: 'xk3190', connection: outLane.url },
      ],
    });
    const noise = setInterval(() => {
      inLane.inject(Buffer.from('\xff\x00noise', 'latin1'));
      inLane.inject(Buffer.from(encodeXk3190Frame(99999)).fill(0x30, 9, 11)); // wrong check byte
      inLane.inject(encodeXk3190Frame(41230).subarray(0, 7)); // truncated frame
    }, 30);
    expect((await postPlate(h, { gate: 'G1', lane: 'L1', plate: '浙A·12345' })).status).toBe(202);
    await weigh(h, inLane, 41_230);
    clearInterval(noise);
    await postPlate(h, { bridge: 'G1-L3', plate: '浙A·12345' });
    await weigh(h, outLane, 16_800);
    await waitFor(() => h.events.length === 2, 'the paired events');
    expect(h.events.map((e) => eventSchema.parse(e))).toMatchObject([
      { bridge: 'G1-L1', direction: 'in', gross_kg: 41_230, tare_kg: 16_800, net_kg: 24_430, stable: true },
      { bridge: 'G1-L3', direction: 'out', gross_kg: 16_800, tare_kg: 16_800, net_kg: 0 },
    ]);
    const stats = h.collector.stats();
    expect(stats['G1-L1.corrupt']).toBeGreaterThan(2);
    expect(stats['G1-L1.skippedBytes']).toBeGreaterThan(0);
    expect(h.logs.join('\n')).toMatch(/corrupt XK3190 frame: check mismatch/);
  });

  it('reconnects with backoff after the link drops and keeps weighing', async () => {
    const scale = await fake('xk3190');
    const h = await rig.start({
      bridges: [{ id: 'B1', direction: 'in', protocol: 'xk3190', connection: scale.url }],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '鄂A·00001', axles: 2, tareKg: 6500 }],
    });
    await postPlate(h, { bridge: 'B1', plate: '鄂A·00001' });
    await weigh(h, scale, 9000);
    scale.inject(encodeXk3190Frame(9000).subarray(0, 7)); // the link drops in the middle of a frame
    scale.dropClients();
    await waitFor(() => h.collector.problem() !== undefined, 'the link to be seen down');
    await waitFor(() => scale.connections() === 2 && h.collector.problem() === undefined, 'the reconnect');
    await postPlate(h, { bridge: 'B1', plate: '鄂A·00001' });
    await weigh(h, scale, 9500);
    await waitFor(() => h.events.length === 2, 'two events');
    expect(h.events.map((e) => 'net_kg' in e && e.net_kg)).toEqual([2500, 3000]);
    expect(h.collector.stats()['B1.reconnects']).toBeGreaterThanOrEqual(1);
    expect(h.collector.stats()['B1.corrupt']).toBe(0); // the cut frame was not glued to the next one
  });

  it('waits out XK3190 readings that still move (no stable flag) and weighs the steady weight', async () => {
    // The test sends every frame itself (the indicator's own timer never fires), so what the detector sees
    // does not depend on how the timers of a loaded machine happen to interleave.
    const scale = await rig.fake({ protocol: 'xk3190', intervalMs: 3_600_000 });
    const h = await rig.start({
      bridges: [{ id: 'B7', direction: 'in', protocol: 'xk3190', connection: scale.url }],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '苏E·55555', axles: 4, tareKg: 12_000 }],
    });
    await waitFor(() => h.collector.stats()['B7.connected'] === true, 'the indicator link');
    await postPlate(h, { bridge: 'B7', plate: '苏E·55555' });
    // The truck rocks on the bridge: swings of 120 kg (toleranceKg 20) every second frame, so no plateau ever
    // reaches minSamples (3), however far apart the frames arrive.
    for (let i = 0; i < 20; i++) scale.inject(encodeXk3190Frame(i % 4 < 2 ? 30_000 : 30_120));
    await waitFor(() => h.collector.stats()['B7.frames'] === 20, 'the 20 rocking frames');
    expect(h.collector.stats().weighings).toBe(0);
    expect(h.collector.stats()['B7.unstable']).toBe(9); // every swing
    // It stands still: a frame of the steady weight each probe until the weighing (stableMs 150, 3 frames).
    await waitFor(() => {
      scale.inject(encodeXk3190Frame(30_050));
      return h.events.length === 1;
    }, 'the steady weighing');
    expect(h.events[0]).toMatchObject({ bridge: 'B7', gross_kg: 30_050, tare_kg: 12_000, net_kg: 18_050 });
    expect(h.collector.stats()['B7.unstable']).toBe(10);
  });

  it('polls MT-SICS, ignores dynamic readings and counts device error replies', async () => {
    const scale = await fake('mt-sics');
    const h = await rig.start({
      bridges: [{ id: 'B2', direction: 'in', protocol: 'mt-sics', connection: scale.url, pollMs: 20 }],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '粤B·3K52L', axles: 3, tareKg: 10_500, ratedPayloadKg: 13_800 }],
    });
    await postPlate(h, { bridge: 'B2', plate: '粤B·3K52L' });
    scale.stable = false;
    scale.kg = 24_000;
    scale.errorReplies.push('S I', 'S +', 'ES', 'ET', 'EL');
    await waitFor(() => h.collector.stats()['B2.deviceErrors'] === 5, 'the error replies');
    const replies = Number(h.collector.stats()['B2.replies']);
    await waitFor(() => Number(h.collector.stats()['B2.replies']) >= replies + 10, 'ten dynamic readings');
    expect(h.events).toEqual([]); // dynamic (S D) readings never settle a weighing
    scale.stable = true;
    await waitFor(() => h.events.length === 1, 'the stable weighing');
    expect(h.events[0]).toMatchObject({ gross_kg: 24_000, tare_kg: 10_500, net_kg: 13_500, axles: 3 });
    expect(new Set(scale.commands)).toEqual(new Set(['TA', 'SI'])); // the tare first, then weights
    expect(h.logs.join('\n')).toMatch(/MT-SICS "S \+": overload/);
  });

  it('MT-SICS S over a noisy link: split replies, junk, a dropped connection, polling resumes', async () => {
    const scale = await rig.fake({ protocol: 'mt-sics', bytewise: true, noise: '\xff\x00#?\r\n' });
    const h = await rig.start({
      bridges: [
        {
          id: 'B6',
          direction: 'in',
          protocol: 'mt-sics',
          connection: scale.url,
          command: 'S',
          pollMs: 20,
          replyTimeoutMs: 100,
        },
      ],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '粤B·3K52L', axles: 3, tareKg: 10_500 }],
    });
    await waitFor(() => scale.commands.length > 0, 'the first poll');
    scale.stable = false; // S gets no answer while the weight moves: the reply timeout asks again
    scale.kg = 24_000;
    await waitFor(() => Number(h.collector.stats()['B6.replyTimeouts']) >= 2, 'unanswered polls');
    scale.inject('\x00\xfe garbage \xff\r\nS S  12');
    scale.dropClients(); // in the middle of a reply
    await waitFor(() => scale.connections() === 2, 'the reconnect');
    const polled = scale.commands.length;
    await waitFor(() => scale.commands.length > polled + 3, 'polling to resume on the new connection');
    await postPlate(h, { bridge: 'B6', plate: '粤B·3K52L' });
    scale.stable = true;
    await waitFor(() => h.events.length === 1, 'the stable weighing');
    expect(h.events[0]).toMatchObject({ bridge: 'B6', gross_kg: 24_000, tare_kg: 10_500, net_kg: 13_500 });
    expect(new Set(scale.commands)).toEqual(new Set(['TA', 'S']));
    const stats = h.collector.stats();
    expect(stats['B6.replies']).toBeGreaterThanOrEqual(3);
    expect(stats['B6.corrupt']).toBeGreaterThanOrEqual(3); // the garbled lines
    expect(stats['B6.reconnects']).toBeGreaterThanOrEqual(1);
    expect(h.logs.join('\n')).toMatch(/not an MT-SICS weight reply/);
  });

  it('skips a weighing when no plate arrives within the window', async () => {
    const scale = await fake('xk3190');
    const h = await rig.start({
      bridges: [{ id: 'B3', direction: 'in', protocol: 'xk3190', connection: scale.url }],
      plates: { listen: '127.0.0.1:0', windowSeconds: 0.2 },
    });
    await weigh(h, scale, 12_000);
    await waitFor(() => h.collector.stats().noPlate === 1, 'the weighing to be given up');
    expect(h.events).toEqual([]);
  });

  it('reads XK3190 frames from a device path (a FIFO standing in for /dev/ttyUSB0)', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'portpulse-tty-')), 'ttyFAKE0');
    execFileSync('mkfifo', [fifo]);
    const h = await rig.start({
      bridges: [{ id: 'B4', direction: 'in', protocol: 'xk3190', connection: fifo }],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '川A·77777', axles: 2, tareKg: 7000 }],
    });
    const tty = await open(fifo, 'w');
    const frames = setInterval(() => void tty.write(encodeXk3190Frame(15_000)), 20);
    await postPlate(h, { bridge: 'B4', plate: '川A·77777' });
    await waitFor(() => h.events.length === 1, 'the event from the device path');
    clearInterval(frames);
    await tty.close();
    expect(h.events[0]).toMatchObject({ bridge: 'B4', gross_kg: 15_000, net_kg: 8000 });
  });

  it('reopens a silent device path after the idle timeout, again and again, and still weighs', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'portpulse-tty-')), 'ttyFAKE1');
    execFileSync('mkfifo', [fifo]);
    const h = await rig.start({
      bridges: [{ id: 'B5', direction: 'in', protocol: 'xk3190', connection: fifo, idleTimeoutMs: 100 }],
      pairing: { rule: 'vehicle-table' },
      vehicles: [{ plate: '川A·88888', axles: 2, tareKg: 7000 }],
    });
    const tty = await open(fifo, 'w');
    await waitFor(() => h.collector.stats()['B5.connected'] === true, 'the device to be opened');
    // The device goes silent (its writer still open, so no end of file): each idle timeout must reopen it.
    // Five times: more than libuv's 4 threads, which blocked reads of the closed files would each hold.
    await waitFor(() => Number(h.collector.stats()['B5.reconnects']) >= 5, 'five idle reconnects');
    expect(h.logs.join('\n')).toMatch(/B5 \(.*ttyFAKE1\): link down \(no data for 100 ms\)/);
    // Frames sent while the collector has the FIFO closed (between reconnects) fail with EPIPE: lost, as
    // bytes on a serial line nobody listens to.
    const frames = setInterval(() => void tty.write(encodeXk3190Frame(15_500)).catch(() => {}), 20);
    try {
      await postPlate(h, { bridge: 'B5', plate: '川A·88888' });
      await waitFor(() => h.events.length === 1, 'the event once the device talks again');
    } finally {
      clearInterval(frames);
      await tty.close();
    }
    expect(h.events[0]).toMatchObject({ bridge: 'B5', gross_kg: 15_500, net_kg: 8500 });
  });
});
