// Mute timings in their own time zone, including a night shift that runs past midnight.
import { describe, expect, it } from 'vitest';
import type { MuteTiming } from '../rules-file/rules-schema';
import { isMuted } from './mute-timing';

/** Epoch ms of a Shanghai (UTC+8) wall-clock time. */
const cst = (iso: string) => Date.parse(`${iso}+08:00`);

describe('mute timings', () => {
  const night: MuteTiming = {
    name: 'night',
    time_zone: 'Asia/Shanghai',
    intervals: [
      {
        times: [{ start: '22:00', end: '06:00' }],
        weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      },
    ],
  };

  it('holds from 22:00 to 06:00 local time, past midnight', () => {
    // 2026-12-07 is a Monday.
    expect(isMuted(night, cst('2026-12-07T21:59:00'))).toBe(false);
    expect(isMuted(night, cst('2026-12-07T22:00:00'))).toBe(true);
    expect(isMuted(night, cst('2026-12-08T05:59:00'))).toBe(true);
    expect(isMuted(night, cst('2026-12-08T06:00:00'))).toBe(false);
  });

  it('belongs to the weekday it starts on', () => {
    // Friday night runs into Saturday morning; Saturday night is not muted, nor is Monday before 06:00.
    expect(isMuted(night, cst('2026-12-12T03:00:00'))).toBe(true);
    expect(isMuted(night, cst('2026-12-12T23:00:00'))).toBe(false);
    expect(isMuted(night, cst('2026-12-07T03:00:00'))).toBe(false);
  });

  it('is judged in its own zone, not the server’s', () => {
    const utcNight: MuteTiming = {
      ...night,
      time_zone: 'UTC',
      intervals: [{ times: [{ start: '22:00', end: '06:00' }] }],
    };
    // 23:00 in Shanghai is 15:00 UTC.
    expect(isMuted(utcNight, cst('2026-12-07T23:00:00'))).toBe(false);
    expect(isMuted(utcNight, Date.parse('2026-12-07T23:00:00Z'))).toBe(true);
  });

  it('whole days without times', () => {
    const weekend: MuteTiming = {
      name: 'w',
      time_zone: 'Asia/Shanghai',
      intervals: [{ weekdays: ['saturday', 'sunday'] }],
    };
    expect(isMuted(weekend, cst('2026-12-12T12:00:00'))).toBe(true);
    expect(isMuted(weekend, cst('2026-12-11T12:00:00'))).toBe(false);
  });
});
