// The flight-departure feed collector: reads the departures feed (polled over HTTP, a file or a tailed file, or
// pushed to it over HTTP, as AIDX senders do) and optionally a cargo feed, turns records into departures and
// cargo loads, and lets the desk (departure-desk.ts) decide what is sent: each departure once, corrections as
// revisions, cargo joined by flight and local date. The state file is saved after the events were handed to
// the writer (its spool is durable).
import { resolve } from 'node:path';
import type { FlightDeparture } from '../../shared/events/flight-departure';
import type { CollectorContext } from '../common/runner/collector-kind';
import { type JsonHttpServer, startJsonServer } from '../common/runner/json-http-server';
import { ProblemLog } from '../common/runner/problem-log';
import type { Collector, CollectorStats, EventSink } from '../contract';
import type { FlightDepartureConfig } from './config';
import { cargoFields, departureFields } from './config';
import { DepartureDesk } from './departure-desk';
import { cargoFrom, departureFrom } from './departure-record';
import { type FeedBatch, type FeedContext, type FeedSpec, readFeed } from './feed-source';
import { feedPushHandler } from './push-handler';
import { SeenDepartures } from './seen-departures';

export type FeedName = 'departures feed' | 'cargo feed';

export class FlightDepartureCollector implements Collector {
  readonly name: string;
  readonly counters = {
    polls: 0,
    pollFailures: 0,
    pushes: 0,
    malformed: 0,
    notReady: 0,
    invalid: 0,
    otherLegs: 0,
    /** Items of a message that could not be read (an AIDX leg with an unknown code, a bad JSON line). */
    unreadable: 0,
    cargoLoads: 0,
  };
  private seen: SeenDepartures | undefined;
  private desk: DepartureDesk | undefined;
  private sink: EventSink | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly polling = new Map<FeedName, Promise<void>>();
  /** Hand-overs to the writer, one after the other (polls and pushes interleave). */
  private flushing: Promise<void> = Promise.resolve();
  private readonly lastError = new Map<FeedName, string>();
  private readonly problems: ProblemLog;
  private http: JsonHttpServer | undefined;

  constructor(
    private readonly config: FlightDepartureConfig,
    private readonly context: CollectorContext,
  ) {
    this.name = `flight-departure:${config.site}`;
    this.problems = new ProblemLog(context.log);
  }

  /** The push listener's base URL, when the feed is pushed. */
  get url(): string | undefined {
    return this.http?.url;
  }

  async start(sink: EventSink): Promise<void> {
    const c = this.config;
    this.sink = sink;
    this.seen = new SeenDepartures(resolve(this.context.configDir, c.stateFile), c.retainDays * 86_400_000);
    const waitMs = (c.cargo?.waitMinutes ?? 0) * 60_000;
    const holdMs = (c.cargo?.holdMinutes ?? 0) * 60_000;
    this.desk = new DepartureDesk(this.seen, {
      joinCargo: c.cargo !== undefined,
      waitMs,
      holdMs,
      timeZone: c.timeZone,
      warn: (kind, message) => this.problems.report(kind, message),
    });
    if (c.source.listen) {
      const handler = feedPushHandler(this, c);
      this.http = await startJsonServer(c.source.listen, handler, {
        raw: (path) => path === c.source.path || path === c.cargo?.source.path,
        maxBodyBytes: c.source.maxBodyBytes,
      });
    } else this.every('departures feed', c.pollSeconds);
    if (c.cargo && c.cargo.source.path === undefined) this.every('cargo feed', c.cargo.pollSeconds);
    if (c.cargo) {
      const sweepMs = Math.min(10_000, Math.max(100, Math.min(waitMs, holdMs) / 4));
      this.timers.push(
        setInterval(() => {
          if (this.seen!.waiting.size + this.seen!.cargo.size === 0) return;
          this.flush(() => this.desk!.sweep(Date.now())).catch((e: Error) =>
            this.problems.report('hand-over', `handing departures to the writer failed: ${e.message}`),
          );
        }, sweepMs),
      );
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.http?.close();
    await Promise.all(this.polling.values());
    await this.flushing;
  }

  problem(): string | undefined {
    const failing = [...this.lastError].map(([feed, error]) => `${feed} failing: ${error}`);
    return failing.length > 0 ? failing.join('; ') : undefined;
  }

  stats(): CollectorStats {
    return { ...this.counters, ...this.desk?.counters, remembered: this.seen?.size };
  }

  /** Polls a feed now and then every `seconds` (a poll still running is not started twice). */
  private every(feed: FeedName, seconds: number): void {
    const run = () => {
      if (this.polling.has(feed)) return;
      this.polling.set(
        feed,
        this.poll(feed).finally(() => this.polling.delete(feed)),
      );
    };
    run();
    this.timers.push(setInterval(run, seconds * 1000));
  }

  feedContextOf(feed: FeedName): FeedContext {
    const c = this.config;
    return {
      configDir: this.context.configDir,
      requestTimeoutSeconds: c.requestTimeoutSeconds,
      fields: feed === 'cargo feed' ? cargoFields : departureFields,
      aidx: { airport: c.airport, cargoTypes: c.aidx.cargoTypes },
    };
  }

  feedSpec(feed: FeedName): FeedSpec {
    return feed === 'cargo feed' ? this.config.cargo! : this.config;
  }

  /** One poll of a feed: read, convert, decide, hand over. */
  async poll(feed: FeedName): Promise<void> {
    const seen = this.seen!;
    this.counters.polls++;
    const tail = feed === 'cargo feed' ? seen.cargoTail : seen.tail;
    let batch: FeedBatch;
    try {
      batch = await readFeed(this.feedSpec(feed), this.feedContextOf(feed), tail);
      this.lastError.delete(feed);
    } catch (e) {
      this.counters.pollFailures++;
      this.lastError.set(feed, (e as Error).message);
      this.problems.report(`${feed} polls`, `${feed}: ${(e as Error).message}`);
      return;
    }
    try {
      await this.take(feed, batch);
    } catch (e) {
      this.problems.report(
        'hand-over',
        `${feed}: handing departures to the writer failed: ${(e as Error).message}`,
      );
    }
  }

  /** Takes a batch read from a feed (polled or pushed); resolves once its events are with the writer. */
  take(feed: FeedName, batch: FeedBatch, from = ''): Promise<void> {
    const seen = this.seen!;
    const desk = this.desk!;
    const now = Date.now();
    const who = from ? `${feed} ${from}` : feed;
    this.counters.unreadable += batch.problems.length;
    for (const p of batch.problems) this.problems.report(`${feed} items`, `${who}: ${p}`);
    this.counters.otherLegs += batch.otherLegs ?? 0;
    return this.flush(() => {
      for (const record of batch.records) {
        if (feed === 'cargo feed') {
          const load = cargoFrom(record, this.config);
          if (!load.ok) {
            this.counters.invalid++;
            this.problems.report('invalid cargo loads', `${who}: ${load.reason}`);
          } else {
            this.counters.cargoLoads++;
            desk.cargo(load.load, now);
          }
          continue;
        }
        const d = departureFrom(record, this.config);
        if (d.kind === 'invalid') {
          this.counters.invalid++;
          this.problems.report('invalid departures', `${who}: ${d.reason}`);
        } else if (d.kind === 'not-ready') this.counters.notReady++;
        else desk.departure(d.key, d.event, d.ownCargo, now);
      }
      desk.sweep(now);
      if (batch.tail) {
        if (feed === 'cargo feed') seen.cargoTail = batch.tail;
        else seen.tail = batch.tail;
      }
    });
  }

  /** Runs `decide`, hands the events it produced to the writer, then saves the state (serialised). */
  private flush(decide: () => void): Promise<void> {
    const run = async () => {
      // Counted again when the hand-over is retried: restored with the state if the writer refuses it.
      const { invalid, notReady, cargoLoads } = this.counters;
      const desk = { ...this.desk!.counters };
      decide();
      const events = this.desk!.take();
      try {
        if (events.length > 0) {
          await this.sink!.write(inHandOverOrder(events));
        }
      } catch (e) {
        this.seen!.reload(); // not handed over: the next poll or the sender's retry decides again
        Object.assign(this.counters, { invalid, notReady, cargoLoads });
        Object.assign(this.desk!.counters, desk);
        throw e;
      }
      this.seen!.save();
    };
    const next = this.flushing.then(run);
    this.flushing = next.catch(() => {});
    return next;
  }

  /** A pushed message the collector could not read: logged naming the feed and sender, and counted. */
  malformed(feed: FeedName, from: string, reason: string): void {
    this.counters.malformed++;
    this.problems.report(`${feed} malformed`, `${feed} ${from}: malformed message refused: ${reason}`);
  }
}

/**
 * Time order across flights, but each flight's versions in the order the desk decided them: a revision with
 * an earlier corrected AOBT still follows the version it revises (stable sort by the flight's first time).
 */
export function inHandOverOrder(events: FlightDeparture[]): FlightDeparture[] {
  const firstTime = new Map<string, number>();
  for (const e of events) {
    const k = `${e.flight_no}|${e.sobt}`;
    if (!firstTime.has(k)) firstTime.set(k, e.time);
  }
  const rank = (e: FlightDeparture) => firstTime.get(`${e.flight_no}|${e.sobt}`)!;
  return [...events].sort((a, b) => rank(a) - rank(b));
}
