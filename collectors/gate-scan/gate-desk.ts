// The gate collector's logic, free of HTTP and timers: a read opens a scan (arrival = its capture time, or
// when it came in), a release decision closes it (in the same payload or a later call) and becomes a gate_scan
// event timed at the decision, with processing_ms from arrival to decision. Reads never decided are reported
// as held (or dropped) after the timeout. Repeated ids (camera retries) are ignored. Plates are kept in their
// canonical spelling with their GA 36 type; a camera's "no plate" placeholder is counted and never forwarded
// to the weighbridge. A capture time far from the arrival (a device clock that is off) is warned about.
import { type GateScan, gateScanSchema } from '../../shared/events/gate-scan';
import type { Logger } from '../../shared/logger';
import { canonicalPlate, classifyPlate, NO_PLATE } from '../../shared/plates';
import { ProblemLog } from '../common/runner/problem-log';
import type { GateScanConfig } from './config';
import { type DecisionPayload, payloadTime, type ReadPayload } from './scan-payload';

interface OpenScan {
  key: string;
  event: Omit<GateScan, 'time' | 'result' | 'processing_ms'>;
  arrival: number;
}

export interface DeskOptions {
  config: GateScanConfig;
  now: () => number;
  emit: (events: GateScan[]) => void;
  log: Logger;
  /** Told every vehicle read (for the weighbridge plate link). */
  onPlate?: (read: { gate: string; lane: string; plate: string; time: number }) => void;
}

const RECENT_IDS = 10_000;

export class GateDesk {
  readonly counters = {
    reads: 0,
    decisions: 0,
    events: 0,
    duplicates: 0,
    unmatched: 0,
    timedOut: 0,
    noPlate: 0,
    clockSkewed: 0,
  };
  /** The latest clock offset (capture − arrival, seconds) of each device found off by more than the limit. */
  readonly clockSkewSeconds: Record<string, number> = {};
  private open: OpenScan[] = [];
  private readonly recentIds = new Set<string>();
  private seq = 0;
  private readonly problems: ProblemLog;

  constructor(private readonly options: DeskOptions) {
    this.problems = new ProblemLog(options.log, 5, 60_000, options.now);
  }

  get openScans(): number {
    return this.open.length;
  }

  /** Takes a read; returns an error message when it cannot be used. */
  read(p: ReadPayload): string | undefined {
    const c = this.options.config;
    const now = this.options.now();
    const device = p.device === undefined ? undefined : c.devices[p.device];
    if (p.device !== undefined && !device && (!p.gate || !p.lane))
      return `device: unknown device "${p.device}"`;
    const gate = device?.gate ?? p.gate;
    const lane = device?.lane ?? p.lane;
    const direction = p.direction ?? device?.direction;
    if (!gate || !lane || !direction)
      return 'gate, lane and direction are required (directly or through devices)';
    const subject = p.subject ?? (p.plate ? 'vehicle' : p.badge ? 'staff' : undefined);
    if (!subject) return 'a read needs a plate (vehicle) or a badge (staff)';
    let arrival = payloadTime(p.time, 'time', c.timeOffset) ?? now;
    if (typeof arrival === 'number' && p.time !== undefined)
      arrival = this.checkClock(p.device ?? `${gate}/${lane}`, arrival, now);
    const decided = payloadTime(p.released_at ?? p.decided_at, 'released_at', c.timeOffset);
    if (typeof arrival === 'string') return arrival;
    if (typeof decided === 'string') return decided;
    if (p.id !== undefined && this.recentIds.has(p.id)) {
      this.counters.duplicates++;
      return undefined;
    }
    const event = {
      measurement: 'gate_scan' as const,
      site: c.site,
      gate,
      lane,
      direction,
      subject,
      rural: subject === 'staff' ? false : (p.rural ?? c.defaults.rural),
      // A camera's placeholder (or an empty read) is a no-plate read; a vehicle read without any plate is an error.
      plate: subject === 'vehicle' && p.plate !== undefined ? canonicalPlate(p.plate) : '',
      badge: p.badge ?? '',
      parcels: subject === 'staff' ? 0 : (p.parcels ?? c.defaults.parcels),
      ...(subject === 'vehicle' && p.plate !== undefined
        ? { plate_type: classifyPlate(canonicalPlate(p.plate)) }
        : {}),
      // A no-plate read has no plate to have a colour (cameras send their last or a default one).
      ...(subject === 'vehicle' &&
      p.plate_color &&
      p.plate !== undefined &&
      canonicalPlate(p.plate) !== NO_PLATE
        ? { plate_color: p.plate_color }
        : {}),
      ...(subject === 'vehicle' && p.vehicle_type ? { vehicle_type: p.vehicle_type } : {}),
    };
    const check = gateScanSchema.safeParse({ ...event, time: arrival, result: 'released', processing_ms: 0 });
    if (!check.success) return `${check.error.issues[0]!.path.join('.')}: ${check.error.issues[0]!.message}`;
    // Remembered only once taken: the camera's corrected retry of a rejected read keeps its id.
    if (p.id !== undefined) this.remember(p.id);
    this.counters.reads++;
    if (event.plate === NO_PLATE) this.counters.noPlate++;
    else if (subject === 'vehicle') this.options.onPlate?.({ gate, lane, plate: event.plate, time: arrival });
    const scan = { key: p.id ?? `auto-${++this.seq}`, event, arrival };
    if (p.result) this.close(scan, p.result, decided ?? now);
    else this.open.push(scan);
    return undefined;
  }

  /** Closes the matching open read; an error message when the decision itself is unusable. */
  decide(d: DecisionPayload): 'matched' | 'unmatched' | { error: string } {
    const at = payloadTime(d.time, 'time', this.options.config.timeOffset) ?? this.options.now();
    if (typeof at === 'string') return { error: at };
    const plate = d.plate === undefined ? undefined : canonicalPlate(d.plate);
    const scan = this.open.find((s) =>
      d.id !== undefined
        ? s.key === d.id
        : plate !== NO_PLATE &&
          (plate === undefined || s.event.plate === plate) &&
          (d.badge === undefined || s.event.badge === d.badge) &&
          (d.lane === undefined || s.event.lane === d.lane),
    );
    if (!scan) {
      this.counters.unmatched++;
      return 'unmatched';
    }
    this.counters.decisions++;
    this.open = this.open.filter((s) => s !== scan);
    this.close(scan, d.result, at);
    return 'matched';
  }

  /** Reports reads that waited longer than the decision timeout. */
  tick(): void {
    const c = this.options.config;
    const timeoutMs = c.decisionTimeoutSeconds * 1000;
    const now = this.options.now();
    const late = this.open.filter((s) => now - s.arrival >= timeoutMs);
    if (late.length === 0) return;
    this.open = this.open.filter((s) => !late.includes(s));
    for (const s of late) {
      this.counters.timedOut++;
      const who = s.event.plate || s.event.badge;
      this.options.log(
        'warn',
        `${who} on ${s.event.gate}/${s.event.lane}: no decision within ${c.decisionTimeoutSeconds} s${c.onTimeout === 'held' ? '; reported as held' : '; dropped'}`,
      );
      if (c.onTimeout === 'held') this.close(s, 'held', s.arrival + timeoutMs);
    }
  }

  private close(scan: OpenScan, result: GateScan['result'], decidedAt: number): void {
    const event = gateScanSchema.parse({
      ...scan.event,
      time: decidedAt,
      result,
      processing_ms: Math.max(0, Math.round(decidedAt - scan.arrival)),
    });
    this.counters.events++;
    this.options.emit([event]);
  }

  /**
   * Warns (throttled) and counts when a device's capture time is further from the arrival than allowed. A
   * capture time that far in the future is a wrong clock: the arrival is used instead. One that far in the
   * past is kept (a camera replaying its offline store, a late delivery) but warned about all the same.
   */
  private checkClock(device: string, captured: number, now: number): number {
    const limitMs = this.options.config.clockSkewWarnMinutes * 60_000;
    const offMs = captured - now;
    if (limitMs === 0 || Math.abs(offMs) <= limitMs) return captured;
    this.counters.clockSkewed++;
    this.clockSkewSeconds[device] = Math.round(offMs / 1000);
    const future = offMs > 0;
    this.problems.report(
      `clock of ${device}`,
      `${device}: clock off by ${(offMs / 60_000).toFixed(1)} min (capture ${new Date(captured).toISOString()}, received ${new Date(now).toISOString()})${future ? '; the arrival time is used' : ''}; check the device's time or its timeOffset`,
    );
    return future ? now : captured;
  }

  private remember(id: string): void {
    this.recentIds.add(id);
    if (this.recentIds.size > RECENT_IDS) this.recentIds.delete(this.recentIds.values().next().value!);
  }
}
