// The simulators as a Collector: every tick, the events of the wall-clock interval since the previous tick,
// for every site, go to the sink. Event times never run ahead of the clock.
import type { Collector, EventSink, WindowGenerator } from '../contract';

export interface SimulatedCollectorOptions {
  /** Site simulators, all prepared to generate from `fromMs` on. */
  simulators: WindowGenerator[];
  /** Instant the first tick generates from (where a backfill stopped). */
  fromMs: number;
  tickMs?: number;
  now?: () => number;
  /** Told the size of every tick's batch (for stats). */
  onBatch?: (events: number) => void;
  /** A sink that failed; the collector keeps ticking. */
  onError?: (error: unknown) => void;
}

export class SimulatedCollector implements Collector {
  readonly name = 'simulator';
  private timer: NodeJS.Timeout | undefined;
  private cursor: number;

  constructor(private readonly options: SimulatedCollectorOptions) {
    this.cursor = options.fromMs;
  }

  async start(sink: EventSink): Promise<void> {
    if (this.timer) throw new Error('simulator already started');
    const now = this.options.now ?? Date.now;
    const tick = () => {
      const to = now();
      if (to <= this.cursor) return;
      const events = this.options.simulators.flatMap((s) => s.generate(this.cursor, to));
      this.cursor = to;
      this.options.onBatch?.(events.length);
      if (events.length === 0) return;
      const onError = this.options.onError ?? ((e: unknown) => console.error('[simulator] sink failed:', e));
      try {
        Promise.resolve(sink.write(events)).catch(onError);
      } catch (e) {
        onError(e);
      }
    };
    tick();
    this.timer = setInterval(tick, this.options.tickMs ?? 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
