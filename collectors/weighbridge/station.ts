// The weighbridge collector's logic, free of sockets and timers: samples from each bridge's indicator are
// settled into weighings, each weighing takes the plate read nearest in time on its bridge or camera lane
// (waiting up to the window for a late read), and the pairing turns identified weighings into events.
// The caller supplies the clock and calls tick() now and then; golden tests drive it with a fake clock.

import type { Weighbridge } from '../../shared/events/weighbridge';
import type { Logger } from '../../shared/logger';
import { canonicalPlate, NO_PLATE } from '../../shared/plates';
import { type PairingOptions, type PairingState, WeighPairing, type WeighReading } from './pairing';
import { bridgeKey, laneKey, PlateBoard, type PlateRead } from './plate-board';
import { type ScaleSample, SettleDetector, type SettleOptions } from './settle-detector';

export interface BridgeSetup {
  id: string;
  /** auto: a bridge weighing both ways; a plate with an open in-weighing is weighed out. */
  direction: 'in' | 'out' | 'auto';
  /** The gate camera lane whose plate reads belong to this bridge. */
  camera?: { gate: string; lane: string };
}

export interface StationOptions {
  bridges: BridgeSetup[];
  settle: SettleOptions;
  plateWindowMs: number;
  pairing: PairingOptions;
  now: () => number;
  emit: (events: Weighbridge[]) => void;
  log: Logger;
  /** Called when the pairing state may have changed (to persist it). */
  onStateChange?: (state: PairingState) => void;
}

export type PlateInput = { plate: string; time?: number; axles?: number } & (
  | { bridge: string }
  | { gate: string; lane: string }
);

interface Weighing {
  bridge: BridgeSetup;
  kg: number;
  time: number;
}

export class WeighStation {
  readonly pairing: WeighPairing;
  readonly counters = { weighings: 0, noPlate: 0, events: 0, plateReads: 0, noPlateReads: 0 };
  private readonly detectors = new Map<string, SettleDetector>();
  private readonly board: PlateBoard;
  private waiting: Weighing[] = [];

  constructor(private readonly options: StationOptions) {
    this.pairing = new WeighPairing(options.pairing, options.log);
    this.board = new PlateBoard(options.plateWindowMs);
    for (const b of options.bridges) this.detectors.set(b.id, new SettleDetector(options.settle));
  }

  detector(bridge: string): SettleDetector | undefined {
    return this.detectors.get(bridge);
  }

  sample(bridgeId: string, sample: ScaleSample): void {
    const kg = this.detectors.get(bridgeId)?.push(sample, this.options.now());
    if (kg === undefined) return;
    const bridge = this.options.bridges.find((b) => b.id === bridgeId)!;
    this.counters.weighings++;
    this.waiting.push({ bridge, kg, time: this.options.now() });
    this.match();
  }

  /** The bridge's indicator sent no usable weight (out of range, net without tare): no plateau spans it. */
  interrupt(bridgeId: string): void {
    this.detectors.get(bridgeId)?.interrupt();
  }

  /** A plate read from the gate camera link or an operator; false when it names no known bridge or lane. */
  plate(input: PlateInput): boolean {
    const key = 'bridge' in input ? bridgeKey(input.bridge) : laneKey(input.gate, input.lane);
    const known = this.options.bridges.some((b) => this.keysOf(b).includes(key));
    if (!known) return false;
    const plate = canonicalPlate(input.plate);
    if (plate === NO_PLATE) {
      // A camera's "no plate" placeholder identifies no truck: counted, never paired.
      this.counters.noPlateReads++;
      return true;
    }
    const read: PlateRead = { plate, time: input.time ?? this.options.now() };
    if (input.axles !== undefined) read.axles = input.axles;
    this.board.add(key, read);
    this.counters.plateReads++;
    this.match();
    return true;
  }

  /** Gives up on weighings whose plate window has passed, and on in-weighings never weighed out. */
  tick(): void {
    const now = this.options.now();
    this.match();
    const late = this.waiting.filter((w) => now - w.time > this.options.plateWindowMs);
    for (const w of late) {
      this.counters.noPlate++;
      this.options.log(
        'warn',
        `${w.kg} kg on ${w.bridge.id} at ${new Date(w.time).toISOString()}: no plate read within the window; skipped`,
      );
    }
    this.waiting = this.waiting.filter((w) => !late.includes(w));
    const open = this.pairing.pending().length;
    const expired = this.pairing.expire(now);
    if (this.pairing.pending().length !== open) this.output(expired);
    this.board.prune(now);
  }

  private keysOf(b: BridgeSetup): string[] {
    return b.camera ? [bridgeKey(b.id), laneKey(b.camera.gate, b.camera.lane)] : [bridgeKey(b.id)];
  }

  private match(): void {
    for (const w of [...this.waiting]) {
      const read = this.board.take(this.keysOf(w.bridge), w.time);
      if (!read) continue;
      this.waiting.splice(this.waiting.indexOf(w), 1);
      const direction =
        w.bridge.direction === 'auto' ? this.pairing.nextDirection(read.plate) : w.bridge.direction;
      const reading: WeighReading = {
        bridge: w.bridge.id,
        direction,
        plate: read.plate,
        kg: w.kg,
        time: w.time,
      };
      if (read.axles !== undefined) reading.axles = read.axles;
      this.output(this.pairing.add(reading));
    }
  }

  private output(events: Weighbridge[]): void {
    this.options.onStateChange?.(this.pairing.state());
    if (events.length === 0) return;
    this.counters.events += events.length;
    this.options.emit(events);
  }
}
