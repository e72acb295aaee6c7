// What every scenario gets (sizes, a scratch dir, the site registry file) and gives back (table rows and
// the raw figures behind them for bench-results.json).
import type { Row } from '../report/rows';
import type { BenchSizes } from '../sizes';

export interface ScenarioContext {
  sizes: BenchSizes;
  quick: boolean;
  /** Scratch directory of this scenario (removed after the run). */
  workDir: string;
  /** PORTPULSE_SITES file of the ten bench sites. */
  sitesFile: string;
  /** When set, servers write CPU profiles here. */
  profileDir?: string;
  log(msg: string): void;
}

export interface ScenarioResult {
  rows: Row[];
  /** Every figure measured, including the ones not in the table. */
  details: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

/** Points (or events) per second, rounded. */
export const perSecond = (count: number, seconds: number) => Math.round(count / seconds);
