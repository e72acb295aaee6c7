// Runs one collector: validated config → spooling writer → collector → health output. `stop()` stops the
// source first, then flushes the writer (what cannot be delivered in time stays in the spool).
import { dirname, resolve } from 'node:path';
import type { PortEvent } from '../../../shared/events/event';
import type { Logger } from '../../../shared/logger';
import type { Collector, EventSink } from '../../contract';
import { SpoolingWriter } from '../transport/spooling-writer';
import type { CollectorKind } from './collector-kind';
import { type HealthOutput, type HealthReport, healthReport, startHealthOutput } from './health';

export interface RunOptions {
  /** The config file (for messages, and the base of relative paths). */
  file: string;
  log: Logger;
  /** Where JSON stats lines go (default stdout). */
  out?: (line: string) => void;
  /** Sees every event the collector hands over (tests). */
  tap?: (events: PortEvent[]) => void;
  env?: NodeJS.ProcessEnv;
}

export interface CollectorRun {
  collector: Collector;
  writer: SpoolingWriter;
  healthUrl: string | undefined;
  report(): HealthReport;
  /** Settles when a finite collector (replay) has handed over everything; never for the others. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** Parses (ConfigError on bad input) and starts; errors while starting are thrown after cleaning up. */
export async function startCollectorRun(
  kind: CollectorKind,
  raw: unknown,
  options: RunOptions,
): Promise<CollectorRun> {
  const parsed = kind.parse(raw, options.file);
  const configDir = dirname(resolve(options.file));
  const { server, health } = parsed.sections;
  const token = server.token ?? (options.env ?? process.env).PORTPULSE_TOKEN;
  const writer = new SpoolingWriter({
    url: server.url,
    ...(token ? { token } : {}),
    ...(server.org ? { org: server.org } : {}),
    ...(server.bucket ? { bucket: server.bucket } : {}),
    spoolDir: resolve(configDir, server.spoolDir ?? `spool/${kind.name}`),
    batchSize: server.batchSize,
    flushIntervalMs: server.flushIntervalMs,
    minRetryDelayMs: server.minRetryDelayMs,
    maxRetryDelayMs: server.maxRetryDelayMs,
    fsync: server.fsync,
    closeTimeoutMs: server.closeTimeoutSeconds * 1000,
    log: options.log,
  });
  let collector: Collector;
  try {
    collector = parsed.create({ configDir, log: options.log });
  } catch (e) {
    await writer.close();
    throw e;
  }
  const tap = options.tap;
  // Spooling can fail (disk full, permissions): reported, and the collector keeps running.
  const sink: EventSink = {
    write(events) {
      try {
        tap?.(events);
        return writer.write(events);
      } catch (e) {
        options.log('error', `could not spool ${events.length} events: ${(e as Error).message}`);
      }
    },
  };
  const startedAt = Date.now();
  const report = () => healthReport(collector, writer, startedAt);
  let output: HealthOutput | undefined;
  try {
    await collector.start(sink);
    output = await startHealthOutput(health, report, options.out ?? ((l) => process.stdout.write(`${l}\n`)));
  } catch (e) {
    await collector.stop().catch(() => {});
    await writer.close();
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    collector,
    writer,
    healthUrl: output.url,
    report,
    done: collector.done ?? new Promise<void>(() => {}),
    stop: () => {
      stopping ??= (async () => {
        await collector.stop();
        await output?.close();
        await writer.close();
      })();
      return stopping;
    },
  };
}
