// The flight-departure feed collector: polls the feed (HTTP, a file, or a tailed file), turns each record
// into a departure and reports each departure once — deduplicated across polls and restarts by the state
// file, which is saved after the events were handed to the writer (its spool is durable).
import { resolve } from 'node:path';
import type { FlightDeparture } from '../../shared/events/flight-departure';
import type { CollectorContext } from '../common/runner/collector-kind';
import { ProblemLog } from '../common/runner/problem-log';
import type { Collector, CollectorStats, EventSink } from '../contract';
import type { FlightDepartureConfig } from './config';
import { departureFrom } from './departure-record';
import { readFeed } from './feed-source';
import { SeenDepartures } from './seen-departures';

export class FlightDepartureCollector implements Collector {
  readonly name: string;
  readonly counters = {
    polls: 0,
    pollFailures: 0,
    departures: 0,
    notReady: 0,
    invalid: 0,
    repeats: 0,
    stale: 0,
  };
  private seen: SeenDepartures | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private lastError: string | undefined;
  private readonly problems: ProblemLog;

  constructor(
    private readonly config: FlightDepartureConfig,
    private readonly context: CollectorContext,
  ) {
    this.name = `flight-departure:${config.site}`;
    this.problems = new ProblemLog(context.log);
  }

  async start(sink: EventSink): Promise<void> {
    const c = this.config;
    this.seen = new SeenDepartures(resolve(this.context.configDir, c.stateFile), c.retainDays * 86_400_000);
    const run = () => {
      this.polling ??= this.poll(sink).finally(() => {
        this.polling = undefined;
      });
    };
    run();
    this.timer = setInterval(run, c.pollSeconds * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }

  problem(): string | undefined {
    return this.lastError ? `feed failing: ${this.lastError}` : undefined;
  }

  stats(): CollectorStats {
    return { ...this.counters, remembered: this.seen?.size };
  }

  /** One poll: read, convert, report the new departures, remember them. */
  async poll(sink: EventSink): Promise<void> {
    const seen = this.seen!;
    this.counters.polls++;
    let batch: Awaited<ReturnType<typeof readFeed>>;
    try {
      batch = await readFeed(this.config, this.context.configDir, seen.tail);
      this.lastError = undefined;
    } catch (e) {
      this.counters.pollFailures++;
      this.lastError = (e as Error).message;
      this.problems.report('feed polls', `departures feed: ${this.lastError}`);
      return;
    }
    for (const p of batch.problems) this.problems.report('feed items', `departures feed: ${p}`);
    const fresh: FlightDeparture[] = [];
    for (const record of batch.records) {
      const d = departureFrom(record, this.config);
      if (d.kind === 'invalid') {
        this.counters.invalid++;
        this.problems.report('invalid departures', `departures feed: ${d.reason}`);
      } else if (d.kind === 'not-ready') this.counters.notReady++;
      else if (seen.has(d.key)) this.counters.repeats++;
      else if (seen.isStale(d.event.sobt)) this.counters.stale++;
      else {
        seen.add(d.key, d.event.sobt);
        fresh.push(d.event);
      }
    }
    if (fresh.length > 0) {
      fresh.sort((a, b) => a.time - b.time);
      this.counters.departures += fresh.length;
      await sink.write(fresh);
    }
    if (batch.tail) seen.tail = batch.tail;
    seen.save();
  }
}
