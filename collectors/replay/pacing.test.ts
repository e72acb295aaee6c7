// When replayed events are due, on an injected clock: real time, 60×, as fast as possible, events out of
// order, and shifted timestamps that keep a flight's AOBT − SOBT delay.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { flightDeparture, gateScan } from '../../shared/events/testing/event-builders';
import { Pacer, shiftEvent } from './pacing';

const t0 = Date.UTC(2025, 6, 15, 2); // the file's first event
const wall0 = Date.UTC(2026, 0, 10, 8); // when the replay starts

const scan = (at: number): PortEvent => gateScan({ time: t0 + at, site: 'yiwu-customs' });
const flight = (sobt: number, aobt: number): PortEvent =>
  flightDeparture({ time: aobt, site: 'can-baiyun', sobt, aobt });

function clock(start: number) {
  const c = { now: start, fn: () => c.now };
  return c;
}

describe('replay pacing', () => {
  it('real time: each event is due its distance from the first event after the start', () => {
    const c = clock(wall0);
    const pacer = new Pacer(1, c.fn);
    expect(pacer.dueAt(scan(0))).toBe(wall0);
    c.now += 1234; // time passing does not move the anchor
    expect(pacer.dueAt(scan(5000))).toBe(wall0 + 5000);
    expect(pacer.dueAt(scan(3_600_000))).toBe(wall0 + 3_600_000);
  });

  it('60×: an hour of events takes a minute', () => {
    const c = clock(wall0);
    const pacer = new Pacer(60, c.fn);
    expect(pacer.dueAt(scan(0))).toBe(wall0);
    expect(pacer.dueAt(scan(60_000))).toBe(wall0 + 1000);
    expect(pacer.dueAt(scan(3_600_000))).toBe(wall0 + 60_000);
  });

  it('anchors on the first event it sees, even late; an event out of order is due at once', () => {
    const c = clock(wall0 + 500);
    const pacer = new Pacer(60, c.fn);
    expect(pacer.dueAt(scan(120_000))).toBe(wall0 + 500);
    expect(pacer.dueAt(scan(180_000))).toBe(wall0 + 1500);
    c.now = wall0 + 2000;
    expect(pacer.dueAt(scan(60_000))).toBeLessThan(c.now); // behind its turn: sent at once
  });

  it('"max": everything is due at once', () => {
    const c = clock(wall0);
    const pacer = new Pacer('max', c.fn);
    for (const at of [0, 3_600_000, -60_000]) expect(pacer.dueAt(scan(at))).toBe(Number.NEGATIVE_INFINITY);
  });

  it('shifted timestamps: events are re-timed to when they are sent; a flight keeps its delay', () => {
    const c = clock(wall0);
    const pacer = new Pacer(60, c.fn);
    const first = scan(0);
    expect(shiftEvent(first, pacer.dueAt(first))).toEqual({ ...first, time: wall0 });
    // Off blocks 5 minutes late (SOBT 02:05, AOBT 02:10), 10 minutes of file time after the first event.
    const late = flight(t0 + 300_000, t0 + 600_000);
    const due = pacer.dueAt(late);
    expect(due).toBe(wall0 + 10_000);
    const shifted = shiftEvent(late, due);
    expect(shifted).toMatchObject({ time: wall0 + 10_000, aobt: wall0 + 10_000 });
    if (shifted.measurement !== 'flight_departure' || late.measurement !== 'flight_departure')
      throw new Error('not a flight');
    expect(shifted.aobt - shifted.sobt).toBe(late.aobt - late.sobt);
    expect(shifted.aobt - shifted.sobt).toBe(300_000);
    expect(shiftEvent(late, wall0 + 10_000.4).time).toBe(wall0 + 10_000); // whole ms
  });
});
