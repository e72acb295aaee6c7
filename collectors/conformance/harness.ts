// What the conformance suite needs from each collector: a valid config around a fake source it controls,
// a way to make the source produce events, and broken configs with the path and reason they must report.
import type { CollectorKind } from '../common/runner/collector-kind';
import type { CollectorRun } from '../common/runner/run-collector';

export interface SourceContext {
  /** A fresh temp directory: the config file lives here (relative paths resolve from it). */
  dir: string;
  serverUrl: string;
}

export interface ProduceContext {
  run: CollectorRun;
  /** Events the collector has handed to the writer so far. */
  tapped(): number;
}

export interface FakeSource {
  /** The collector's config for this source (server and health sections are added by the suite). */
  config: Record<string, unknown>;
  /** Makes the source produce the events of phase 0, 1 or 2; resolves once the collector emitted them. */
  produce(phase: number, ctx: ProduceContext): Promise<void>;
  close(): Promise<void>;
}

export interface BadConfig {
  name: string;
  change(valid: Record<string, unknown>): Record<string, unknown>;
  /** The dotted path the error must name, and why. */
  path: string;
  reason: RegExp;
}

export interface ConformanceHarness {
  kind: CollectorKind;
  source(ctx: SourceContext): Promise<FakeSource>;
  badConfigs: BadConfig[];
}
