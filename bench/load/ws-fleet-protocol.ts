// Messages between the bench (parent) and its WebSocket client processes (load/ws-fleet-worker.ts).
import type { SparseHistogram } from './latency-histogram';

export interface ClientPlan {
  channels: string[];
  /** Parses event frames and records event-time → receive latency. */
  probe: boolean;
  /** Stops reading from its socket on `stall` (a slow consumer). */
  slow: boolean;
}

export type ToWorker =
  | { type: 'connect'; url: string; plans: ClientPlan[] }
  | { type: 'record'; on: boolean }
  | { type: 'stall' }
  | { type: 'report' }
  | { type: 'close' };

export interface WorkerReport {
  open: number;
  /** Close codes seen, with counts (4008: cut as a slow consumer). */
  closes: Record<string, number>;
  frames: number;
  bytes: number;
  /** CPU seconds this client process used while recording (is the load generator the bottleneck?). */
  cpuSeconds: number;
  latency: SparseHistogram;
  negativeLatencies: number;
  /** Per KPI frame (channel@t): first and last receive time (epoch ms) and how many clients got it. */
  kpiFrames: Record<string, [number, number, number]>;
}

export type FromWorker =
  | { type: 'connected'; open: number; failed: number; firstError?: string }
  | { type: 'report'; report: WorkerReport };
