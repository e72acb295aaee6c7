// Vehicle flow per gate lane over the last minutes (a minute ring per lane), for the operator's lane table.
// Lane ids come from devices: at most MAX_LANES per site are tracked, the quietest forgotten first.
import type { GateScan } from '../../shared/events/gate-scan';
import { GATE_SLA_MS } from '../../shared/events/gate-scan';
import type { LaneFlow } from '../../shared/live/lane-flows';
import { TimeRing, type TimeRingState } from './time-ring';

const MIN = 60_000;
export const LANE_WINDOW_MINUTES = 15;
const MAX_LANES = 64;
const counters = ['vehiclesIn', 'vehiclesOut', 'scans', 'withinSla'] as const;

export class LaneFlows {
  private readonly lanes = new Map<
    string,
    { gate: string; lane: string; ring: TimeRing<(typeof counters)[number]>; last: number }
  >();

  add(e: GateScan): void {
    if (e.subject !== 'vehicle') return;
    const key = `${e.gate}\u0000${e.lane}`;
    let l = this.lanes.get(key);
    if (!l) {
      if (this.lanes.size >= MAX_LANES) this.forgetQuietest();
      l = {
        gate: e.gate,
        lane: e.lane,
        ring: new TimeRing(MIN, LANE_WINDOW_MINUTES + 5, counters),
        last: e.time,
      };
      this.lanes.set(key, l);
    }
    l.last = Math.max(l.last, e.time);
    l.ring.add(e.time, 'scans');
    if (e.processing_ms <= GATE_SLA_MS) l.ring.add(e.time, 'withinSla');
    if (e.result === 'released') l.ring.add(e.time, e.direction === 'in' ? 'vehiclesIn' : 'vehiclesOut');
  }

  /** Lanes with scans in the window ending at nowMs, by gate then lane; flows are per minute on average. */
  table(nowMs: number, minutes = LANE_WINDOW_MINUTES): LaneFlow[] {
    const w = minutes * MIN;
    const rows: LaneFlow[] = [];
    for (const { gate, lane, ring } of this.lanes.values()) {
      const scans = ring.sum('scans', nowMs, w);
      if (scans === 0) continue;
      rows.push({
        gate,
        lane,
        inPerMin: ring.sum('vehiclesIn', nowMs, w) / minutes,
        outPerMin: ring.sum('vehiclesOut', nowMs, w) / minutes,
        scans,
        slaShare: ring.sum('withinSla', nowMs, w) / scans,
      });
    }
    return rows.sort((a, b) => a.gate.localeCompare(b.gate) || a.lane.localeCompare(b.lane));
  }

  private forgetQuietest(): void {
    let quietest: string | undefined;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [key, l] of this.lanes)
      if (l.last < oldest) {
        oldest = l.last;
        quietest = key;
      }
    if (quietest !== undefined) this.lanes.delete(quietest);
  }

  /** A copy of every lane's buckets (live-state checkpoint). */
  exportState(): LaneFlowsState {
    return [...this.lanes.values()].map((l) => ({
      gate: l.gate,
      lane: l.lane,
      last: l.last,
      ring: l.ring.exportState(),
    }));
  }

  importState(s: LaneFlowsState): void {
    this.lanes.clear();
    for (const l of s) {
      const ring = new TimeRing(MIN, LANE_WINDOW_MINUTES + 5, counters);
      ring.importState(l.ring);
      this.lanes.set(`${l.gate}\u0000${l.lane}`, { gate: l.gate, lane: l.lane, last: l.last, ring });
    }
  }
}

export type LaneFlowsState = { gate: string; lane: string; last: number; ring: TimeRingState }[];
