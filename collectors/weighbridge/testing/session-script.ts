// Test helper for the golden cases: replays a recorded indicator session through the real decoders and the
// station with a fake clock. Script lines (see README.md, "Golden test cases"):
//   <ms> <bridge> plate <plate> [axles]           a plate read for that bridge
//   <ms> <bridge> bytes <data> [x<count>/<every>]  bytes from its indicator (\xHH, \r, \n escapes), repeated
import { readFileSync } from 'node:fs';
import type { PortEvent } from '../../../shared/events/event';
import { stationOptions, weighbridgeConfigSchema } from '../config';
import { GrossWeight } from '../gross-weight';
import { createDecoder, grossOptions } from '../indicator-protocols';
import type { ScaleSample } from '../settle-detector';
import { WeighStation } from '../station';

/** 2025-07-15 10:00:00 in Shanghai: time 0 of every script. */
export const SCRIPT_EPOCH = Date.UTC(2025, 6, 15, 2, 0, 0);

type Step = { at: number; bridge: string; plate?: { plate: string; axles?: number }; bytes?: Buffer };

const decodeEscapes = (s: string) =>
  Buffer.from(
    s.replace(/\\x([0-9a-fA-F]{2})|\\r|\\n|\\s/g, (m, h: string | undefined) =>
      h ? String.fromCharCode(Number.parseInt(h, 16)) : m === '\\r' ? '\r' : m === '\\n' ? '\n' : ' ',
    ),
    'latin1',
  );

export function parseScript(text: string): Step[] {
  const steps: Step[] = [];
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [at, bridge, what, data, extra] = line.split(/\s+/);
    if (!at || !bridge || !data) throw new Error(`line ${n + 1}: expected <ms> <bridge> <what> <data>`);
    if (what === 'plate') {
      steps.push({
        at: Number(at),
        bridge,
        plate: { plate: data, ...(extra ? { axles: Number(extra) } : {}) },
      });
      continue;
    }
    if (what !== 'bytes') throw new Error(`line ${n + 1}: unknown step "${what}"`);
    const [count, every] = extra ? extra.slice(1).split('/').map(Number) : [1, 0];
    for (let i = 0; i < count!; i++)
      steps.push({ at: Number(at) + i * every!, bridge, bytes: decodeEscapes(data) });
  }
  return steps.sort((a, b) => a.at - b.at);
}

export interface ScriptRun {
  events: PortEvent[];
  /** Per bridge: the decoder's and the gross-weight stage's counters, as `<bridge>.<counter>`. */
  stats: Record<string, number>;
  /** What the readers would log: corrupt frames, device errors, refused net weights, out-of-range. */
  warnings: string[];
}

export function runScript(configJson: Record<string, unknown>, inputPath: string): ScriptRun {
  const config = weighbridgeConfigSchema.parse({ plates: { listen: '127.0.0.1:0' }, ...configJson });
  let now = SCRIPT_EPOCH;
  const events: PortEvent[] = [];
  const station = new WeighStation(
    stationOptions(config, { now: () => now, emit: (e) => events.push(...e), log: () => {} }),
  );
  const warnings: string[] = [];
  // The readers' pipeline without the link: each bridge's decoder, then its gross-weight stage.
  const readers = new Map(
    config.bridges.map((b) => [
      b.id,
      {
        decoder: createDecoder(b),
        gross: new GrossWeight(b.id, grossOptions(b)),
        out: {
          sample: (s: ScaleSample) => station.sample(b.id, s),
          interrupt: () => station.interrupt(b.id),
        },
      },
    ]),
  );
  for (const step of parseScript(readFileSync(inputPath, 'utf8'))) {
    now = SCRIPT_EPOCH + step.at;
    station.tick();
    if (step.plate) station.plate({ bridge: step.bridge, ...step.plate });
    const reader = readers.get(step.bridge);
    if (!step.bytes || !reader) continue;
    const decoded = reader.decoder.push(step.bytes);
    warnings.push(...decoded.problems.map((p) => `${step.bridge}: ${p}`));
    reader.gross.feed(decoded.readings, reader.out, (_kind, message) => warnings.push(message));
  }
  now += config.plates.windowSeconds * 1000 + 1;
  station.tick();
  const stats: Record<string, number> = {};
  for (const [bridge, r] of readers)
    for (const [k, v] of Object.entries({ ...r.decoder.counters, ...r.gross.counters }))
      stats[`${bridge}.${k}`] = v;
  return { events, stats, warnings };
}
