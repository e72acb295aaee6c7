// Alerting around the alert engine: the rules file (thresholds per site and region, channels, routes, mute
// timings; reloaded on change or SIGHUP, a broken file keeps the previous rules), the dispatcher, the durable
// outbox, acknowledgements, silences and the history. Without PORTPULSE_ALERTING_FILE nothing is sent, but
// acknowledgements, silences and the history work the same. In cluster mode (a `replica`), acknowledgements,
// silences, queued notifications and their outcomes go through the stream and are applied on every node in
// stream order (`apply`); only the node holding the notifier lease flushes groups and delivers (`setNotifier`).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Ack } from '../../shared/alerting/ack';
import type { AlertTransition, HistoryEntry } from '../../shared/alerting/history';
import type { Silence, SilenceRequest } from '../../shared/alerting/silence';
import { ConfigError } from '../../shared/config-error';
import type { Alert } from '../../shared/live/alerts';
import type { SiteInfo } from '../../shared/sites/registry';
import type { Logger } from '../logger';
import type { AlertingSettings } from './alert-config';
import type { AlertThresholds } from './alert-rules';
import type { MessageContext } from './channels/message-text';
import { ChannelSender } from './channels/send-notification';
import { HistoryStore } from './history/history-store';
import type { Notification } from './outbox/notification';
import { itemKey } from './outbox/notification';
import { Outbox } from './outbox/outbox';
import type { AlertingRecord, AlertingReplica } from './replication/alerting-record';
import { Dispatcher } from './routing/dispatcher';
import { Ledger } from './routing/ledger';
import { labelsOf } from './routing/route-match';
import { SilenceBook } from './routing/silence-book';
import { loadRulesFile, RulesFileError } from './rules-file/load-rules-file';
import type { ChannelConfig, MuteTiming, RulesFile } from './rules-file/rules-schema';
import { RulesWatcher } from './rules-file/rules-watcher';
import { siteThresholds } from './rules-file/site-thresholds';

export interface AlertingOptions {
  dataDir: string;
  settings: AlertingSettings;
  sites: readonly SiteInfo[];
  defaults: AlertThresholds;
  logger: Logger;
  now?: () => number;
  /** Cluster mode: the stream every node applies alerting's records from. */
  replica?: AlertingReplica;
}

interface ActiveRules {
  file: RulesFile | undefined;
  thresholds: Map<string, AlertThresholds>;
  channels: Map<string, ChannelConfig>;
  muteTimings: Map<string, MuteTiming>;
  /** sha256 of the file's text, to tell a real change from a touch. */
  digest: string;
}

export interface ChannelHealth {
  channel: string;
  type: string;
  queued: number;
  oldestAgeSeconds: number;
  lastError: string | undefined;
  sent: number;
  failed: number;
  retries: number;
}

export class Alerting {
  private rules: ActiveRules;
  private readonly acks = new Map<string, Ack>();
  readonly silences = new SilenceBook();
  private readonly sites: Map<string, SiteInfo>;
  private readonly sender = new ChannelSender();
  private dispatcher!: Dispatcher;
  private outbox!: Outbox;
  private ledger!: Ledger;
  private watcher: RulesWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private serverUrl = 'http://127.0.0.1:8080';
  /**
   * `<alert id>|<transition>|<severity>` of transitions and outcomeKey() of notification records already in
   * the history (a replay, or a stream record applied again, does not record it twice).
   */
  private readonly recorded = new Set<string>();
  readonly reloads = { ok: 0, failed: 0, lastError: undefined as string | undefined };
  /** This node flushes groups and delivers (always in a single process; the lease holder in a cluster). */
  private notifying: boolean;
  /** Cluster mode (fencing): does this node still surely hold the notifier lease, right now? */
  private leaseHolds: () => boolean = () => true;
  private started = false;
  /** Told of every acknowledgement applied (to put it on the live alert), whichever node took it. */
  onAcknowledged: (alertId: string, ack: Ack) => void = () => {};

  private constructor(
    private readonly opts: AlertingOptions,
    private readonly history: HistoryStore,
  ) {
    this.sites = new Map(opts.sites.map((s) => [s.id, s]));
    this.rules = this.activate(undefined, '');
    this.notifying = opts.replica === undefined;
  }

  static async open(opts: AlertingOptions): Promise<Alerting> {
    const dir = join(opts.dataDir, 'alerting');
    const history = await HistoryStore.open(dir, opts.settings.historyDays, opts.logger);
    const a = new Alerting(opts, history);
    if (opts.settings.file) {
      try {
        const { rules, digest } = await a.read(opts.settings.file);
        a.rules = a.activate(rules, digest);
      } catch (e) {
        await history.close();
        if (e instanceof RulesFileError) throw new ConfigError(`PORTPULSE_ALERTING_FILE: ${e.message}`);
        throw e;
      }
    }
    for (const e of history.all()) {
      if (e.type === 'ack') a.acks.set(e.alertId, e.ack);
      else if (e.type === 'silence') a.silences.put(e.silence);
      else if (e.type === 'alert') a.recorded.add(`${e.alert.id}|${e.transition}|${e.alert.severity}`);
      else a.recorded.add(outcomeKey(e));
    }
    const done = Ledger.from(history.all(), []);
    a.outbox = await Outbox.open({
      dir: join(dir, 'outbox'),
      send: (n) => a.deliver(n),
      onOutcome: (n, outcome, detail) => a.recordOutcome(n, outcome, detail),
      isDone: (id) => done.isDone(id),
      retryMinMs: opts.settings.retryMinMs,
      retryMaxMs: opts.settings.retryMaxMs,
      maxAgeMs: opts.settings.outboxMaxAgeMs,
      logger: opts.logger,
      ...(opts.now ? { now: opts.now } : {}),
    });
    a.ledger = Ledger.from(history.all(), a.outbox.pending());
    a.dispatcher = new Dispatcher({
      rules: () => ({ routes: a.rules.file?.routes ?? [], muteTimings: a.rules.muteTimings }),
      regionOf: (site) => a.sites.get(site)?.region ?? '',
      silences: a.silences,
      ledger: a.ledger,
      isAcked: (id) => a.acks.has(id),
      enqueue: (n) =>
        opts.replica ? opts.replica.publish({ type: 'notify', notification: n }) : a.outbox.add(n),
      record: (entries) =>
        opts.replica ? opts.replica.publish({ type: 'outcome', entries }) : a.history.append(...entries),
      onError: (e) => opts.logger('error', 'alert dispatch failed', { error: String(e) }),
    });
    return a;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private async read(file: string): Promise<{ rules: RulesFile; digest: string }> {
    const rules = await loadRulesFile(file, this.opts.sites);
    const { readFile } = await import('node:fs/promises');
    const digest = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    return { rules, digest };
  }

  private activate(file: RulesFile | undefined, digest: string): ActiveRules {
    return {
      file,
      digest,
      thresholds: siteThresholds(this.opts.defaults, file, this.opts.sites),
      channels: new Map((file?.channels ?? []).map((c) => [c.id, c])),
      muteTimings: new Map((file?.mute_timings ?? []).map((m) => [m.name, m])),
    };
  }

  /** Reads the rules file again; a broken file is logged and the previous rules stay. */
  async reload(): Promise<boolean> {
    const file = this.opts.settings.file;
    if (!file) return false;
    try {
      const { rules, digest } = await this.read(file);
      if (digest === this.rules.digest) return true;
      this.rules = this.activate(rules, digest);
      this.reloads.ok++;
      this.opts.logger('info', 'alerting rules reloaded', {
        file,
        channels: rules.channels.length,
        routes: rules.routes.length,
      });
      return true;
    } catch (e) {
      this.reloads.failed++;
      this.reloads.lastError = e instanceof RulesFileError ? e.problems.join('; ') : String(e);
      this.opts.logger('error', 'alerting rules file is invalid; keeping the previous rules', {
        file,
        problems: e instanceof RulesFileError ? e.problems : [String(e)],
      });
      return false;
    }
  }

  thresholdsFor(site: string): AlertThresholds {
    return this.rules.thresholds.get(site) ?? this.opts.defaults;
  }

  ackOf(alertId: string): Ack | undefined {
    return this.acks.get(alertId);
  }

  /**
   * An alert was raised, escalated or cleared (also when replayed at start-up: the ledger knows it). The
   * record's time is the transition's own (in cluster mode a stream time, the same on every node).
   */
  onTransition(alert: Alert, transition: AlertTransition): void {
    const now = this.now();
    const key = `${alert.id}|${transition}|${alert.severity}`;
    if (!this.recorded.has(key)) {
      this.recorded.add(key);
      const at = alert.clearedAt ?? alert.updatedAt;
      this.history
        .append({ type: 'alert', at, site: alert.site, transition, alert })
        .catch((e) => this.opts.logger('error', 'alert history: cannot append', { error: String(e) }));
    }
    this.dispatcher.onTransition(alert, transition, now);
  }

  /**
   * Records an acknowledgement durably (in cluster mode: in the stream, then applied here as on every node)
   * and tells `onAcknowledged`.
   */
  async acknowledge(alert: Alert, by: string, note: string | undefined): Promise<Ack> {
    const ack: Ack = { by, at: this.now(), ...(note ? { note } : {}) };
    await this.change({ type: 'ack', alertId: alert.id, site: alert.site, ack });
    return ack;
  }

  async createSilence(req: SilenceRequest): Promise<Silence> {
    const s = this.silences.create(req, this.now());
    await this.change({ type: 'silence', silence: s });
    return this.silences.get(s.id) ?? s;
  }

  async endSilence(id: string): Promise<Silence | undefined> {
    const s = this.silences.get(id);
    if (!s) return undefined;
    const now = this.now();
    if (!this.silences.isActive(s, now)) return s;
    await this.change({ type: 'silence', silence: { ...s, endedAt: now } });
    return this.silences.get(id);
  }

  /** A change made on this node: through the stream in cluster mode, else applied at once. */
  private change(record: AlertingRecord): Promise<void> {
    return this.opts.replica ? this.opts.replica.publish(record) : this.apply(record);
  }

  /**
   * Applies a record, in stream order on every node in cluster mode (at once in a single process). Durable
   * (history fsync'd) when it resolves; applying a record twice (a crash before the node saved its stream
   * position) changes nothing the second time.
   */
  async apply(record: AlertingRecord): Promise<void> {
    switch (record.type) {
      case 'ack': {
        const had = this.acks.get(record.alertId);
        if (had && had.at === record.ack.at && had.by === record.ack.by) return;
        const { alertId, site, ack } = record;
        await this.history.append({ type: 'ack', at: ack.at, site, alertId, ack });
        this.acks.set(alertId, ack);
        this.onAcknowledged(alertId, ack);
        return;
      }
      case 'silence': {
        const s = record.silence;
        const had = this.silences.get(s.id);
        if (had && had.endedAt === s.endedAt) return;
        const at = s.endedAt ?? s.startsAt;
        await this.history.append({ type: 'silence', at, site: s.matchers.site ?? null, silence: s });
        this.silences.put(s);
        return;
      }
      case 'notify': {
        const n = record.notification;
        if (this.ledger.isDone(n.id)) return;
        this.ledger.mark(n.channel, n.items.filter((i) => i.transition !== 'repeat').map(itemKey), true);
        await this.outbox.add(n);
        return;
      }
      case 'outcome': {
        const fresh = record.entries.filter((e) => !this.recorded.has(outcomeKey(e)));
        if (fresh.length > 0) await this.history.append(...fresh);
        for (const e of fresh) {
          this.recorded.add(outcomeKey(e));
          if (e.type !== 'notification') continue;
          const delivered = e.outcome === 'sent' || e.outcome === 'failed' || e.outcome === 'expired';
          this.ledger.mark(e.channel, e.keys, delivered);
          if (delivered) {
            this.ledger.markDone(e.notificationId);
            await this.outbox.forget(e.notificationId);
          }
        }
        return;
      }
      case 'tick':
        return;
    }
  }

  activeSilences(): Silence[] {
    return this.silences.active(this.now());
  }

  queryHistory(q: { site?: string; from: number; to: number; limit: number }) {
    return this.history.query(q);
  }

  /** Would this alert be silenced now (for the UI)? */
  silencedBy(alert: Alert): Silence | undefined {
    return this.silences.silencing(labelsOf(alert, this.sites.get(alert.site)?.region ?? ''), this.now());
  }

  private messageContext(): MessageContext {
    return { sites: this.sites, publicUrl: this.rules.file?.public_url ?? this.serverUrl };
  }

  private deliver(n: Notification) {
    if (!this.leaseHolds())
      return Promise.resolve({
        ok: false as const,
        retry: true,
        error: 'this node cannot confirm it still holds the alert notifier lease',
      });
    const c = this.rules.channels.get(n.channel);
    if (!c)
      return Promise.resolve({
        ok: false as const,
        retry: false,
        error: `channel "${n.channel}" is no longer in the rules file`,
      });
    return this.sender.send(n, c, this.messageContext());
  }

  private async recordOutcome(n: Notification, outcome: 'sent' | 'failed' | 'expired', detail?: string) {
    const entry: HistoryEntry = {
      type: 'notification',
      at: this.now(),
      site: n.items[0]?.alert.site ?? '',
      notificationId: n.id,
      channel: n.channel,
      alertIds: n.items.map((i) => i.alert.id),
      keys: n.items.map(itemKey),
      outcome,
      ...(detail ? { detail } : {}),
    };
    if (this.opts.replica) {
      await this.opts.replica.publish({ type: 'outcome', entries: [entry] });
      return;
    }
    await this.history.append(entry);
    this.ledger.markDone(n.id);
  }

  channelHealth(): ChannelHealth[] {
    const ids = new Set([...this.rules.channels.keys(), ...this.outbox.counters.keys()]);
    return [...ids].map((channel) => {
      const q = this.outbox.status(channel);
      const c = this.outbox.counterOf(channel);
      return {
        channel,
        type: this.rules.channels.get(channel)?.type ?? 'removed',
        queued: q.queued,
        oldestAgeSeconds: q.queued > 0 ? q.oldestAgeMs / 1000 : 0,
        lastError: q.lastError,
        sent: c.sent,
        failed: c.failed,
        retries: c.retries,
      };
    });
  }

  /** Starts dispatching, delivering and watching the rules file; `serverUrl` is the link base by default. */
  start(serverUrl: string): void {
    this.serverUrl = serverUrl;
    this.started = true;
    if (this.notifying) this.outbox.start();
    this.timer = setInterval(() => {
      const now = this.now();
      void this.dispatcher.tick(now, this.sends);
      this.history.trim(now);
    }, 250);
    if (this.opts.settings.file) {
      this.watcher = new RulesWatcher(this.opts.settings.file, () => this.reload());
      this.watcher.start();
    }
  }

  /**
   * Cluster mode: this node now holds the notifier lease (it has applied the stream up to the moment it
   * took it), or lost it. Only the holder flushes groups and delivers the replicated outbox, and only while
   * `holdsNow` (fencing: its last lease renewal is recent enough that no other node can have taken over).
   */
  async setNotifier(on: boolean, holdsNow: () => boolean = () => true): Promise<void> {
    this.leaseHolds = holdsNow;
    if (on === this.notifying) return;
    this.notifying = on;
    this.opts.logger(
      'info',
      on ? 'alerting: this node sends the notifications' : 'alerting: notifier no more',
      {},
    );
    if (!this.started) return;
    if (on) this.outbox.start();
    else await this.outbox.stop();
  }

  /** Flushes groups now: the notifier, its lease confirmed. */
  private get sends(): boolean {
    return this.notifying && this.leaseHolds();
  }

  get isNotifier(): boolean {
    return this.notifying;
  }

  /** For tests driving time themselves. */
  tick(now = this.now()): Promise<void> {
    return this.dispatcher.tick(now, this.sends);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.watcher?.stop();
    await this.dispatcher.tick(this.now(), this.sends).catch(() => {});
    await this.outbox.stop();
    await this.history.close();
  }
}

/** A notification record's identity in the history. */
function outcomeKey(e: HistoryEntry): string {
  return e.type === 'notification'
    ? `notification|${e.notificationId}|${e.channel}|${e.keys.join(',')}|${e.outcome}|${e.at}`
    : `${e.type}|${e.at}`;
}
