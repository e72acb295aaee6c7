// The gate-scan device collector: an HTTP webhook for ANPR cameras, badge readers and the release system.
// Reads and decisions become gate_scan events (see gate-desk.ts); vehicle plates can be forwarded to the
// weighbridge collector.
import type { GateScan } from '../../shared/events/gate-scan';
import type { CollectorContext } from '../common/runner/collector-kind';
import { type JsonHttpServer, startJsonServer } from '../common/runner/json-http-server';
import { ProblemLog } from '../common/runner/problem-log';
import type { Collector, CollectorStats, EventSink } from '../contract';
import type { GateScanConfig } from './config';
import { GateDesk } from './gate-desk';
import { PlateForwarder } from './plate-forwarder';
import { PictureStore } from './vendors/picture-store';
import { type GateWebhook, gateWebhook } from './webhook';

export class GateScanCollector implements Collector {
  readonly name: string;
  private desk: GateDesk | undefined;
  private http: JsonHttpServer | undefined;
  private forwarder: PlateForwarder | undefined;
  private webhook: GateWebhook | undefined;
  private pictures: PictureStore | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: GateScanConfig,
    private readonly context: CollectorContext,
  ) {
    this.name = `gate-scan:${config.site}`;
  }

  /** The webhook's base URL, once started. */
  get url(): string | undefined {
    return this.http?.url;
  }

  async start(sink: EventSink): Promise<void> {
    const config = this.config;
    const context = this.context;
    const forwardTo = config.forwardPlates?.url;
    const forwarder = forwardTo ? new PlateForwarder(forwardTo, new ProblemLog(context.log)) : undefined;
    const emit = (events: GateScan[]) =>
      void Promise.resolve(sink.write(events)).catch((e) => context.log('error', String(e)));
    const desk = new GateDesk({
      config,
      now: Date.now,
      emit,
      log: context.log,
      ...(forwarder ? { onPlate: (read) => forwarder.forward(read) } : {}),
    });
    const pictures = new PictureStore(context.configDir);
    const webhook = gateWebhook(config, desk, {
      problems: new ProblemLog(context.log),
      log: context.log,
      savePicture: (e, device, name, data) => pictures.save(e, device, name, data),
    });
    this.http = await startJsonServer(config.listen, (req) => webhook.handle(req), {
      maxBodyBytes: config.maxBodyBytes,
      raw: webhook.isRaw,
    });
    this.webhook = webhook;
    this.pictures = pictures;
    this.desk = desk;
    this.forwarder = forwarder;
    this.timer = setInterval(() => desk.tick(), 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.http?.close();
    this.http = undefined;
  }

  stats(): CollectorStats {
    return {
      ...this.desk?.counters,
      open: this.desk?.openScans,
      ...this.webhook?.counters,
      ...(this.config.endpoints.some((e) => 'pictures' in e && e.pictures) ? this.pictures?.counters : {}),
      ...Object.fromEntries(
        Object.entries(this.desk?.clockSkewSeconds ?? {}).map(([device, s]) => [
          `clockSkewSeconds:${device}`,
          s,
        ]),
      ),
      ...(this.forwarder
        ? { platesForwarded: this.forwarder.forwarded, plateForwardFailures: this.forwarder.failed }
        : {}),
    };
  }
}
