// The live state (KPI windows incl. staff presence, each site's recent events, the alert book) saved to one
// file with the log seq it includes, so a restart loads it and replays only the log after that seq instead of
// the whole replay window. Saved every `intervalMs` and at a clean stop; after a crash the last save plus the
// log tail give the same state (the log holds every event after the saved seq). Point identity needs no
// copy here: the persisted identity index (rollups/identity) knows every stored event, and the tail replay
// teaches the in-memory identity the newest ones, as the full replay did.
import { readFile } from 'node:fs/promises';
import type { Measurement, PortEvent } from '../../shared/events/event';
import type { AlertEngine, AlertEngineState } from '../alerts/alert-engine';
import type { EventConsumer, EventOrigin } from '../ingest/event-fanout';
import type { AcceptedEvent } from '../ingest/ingest';
import type { RollingKpis } from '../kpis/rolling-kpis';
import { SiteKpis, type SiteKpisState } from '../kpis/site-kpis';
import type { LiveHub } from '../live/hub';
import type { Logger } from '../logger';
import { writeFileAtomic } from '../store/atomic-write';
import { PeriodicSave } from '../store/periodic-save';
import { decodeState, encodeStateInSlices } from './state-file';

/** Bumped when the document's meaning changes: an older file is then not used (full replay instead). */
export const LIVE_STATE_FORMAT = 1;
const FORMAT = LIVE_STATE_FORMAT;

/** The longest the encoding of a save holds the event loop at a time (ms), besides the capture itself. */
const SLICE_MS = 4;

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

export interface LiveStateDoc {
  format: number;
  /** The last log seq the state includes. */
  seq: number;
  savedAt: number;
  kpis: Record<string, SiteKpisState>;
  recent: Record<string, Record<Measurement, PortEvent[]>>;
  alerts: AlertEngineState;
}

export interface LiveStateOptions {
  path: string;
  kpis: RollingKpis;
  hub: LiveHub;
  alerts: AlertEngine;
  logger: Logger;
  /** The replay window (ms): a full replay reads the log back this far from now. */
  replayMs: number;
  /** Wall clock (ms), for the age of a saved state. */
  now?: () => number;
}

export class LiveStateCheckpoint implements EventConsumer {
  /** The highest log seq the live state has taken in (live writes and the start-up replay). */
  private appliedSeq = 0;
  private savedSeq = -1;
  private readonly saver: PeriodicSave;

  constructor(private readonly opts: LiveStateOptions) {
    this.saver = new PeriodicSave({ write: () => this.write(), logger: opts.logger, what: 'live state' });
  }

  onEvents(events: AcceptedEvent[], origin: EventOrigin): void {
    if (origin !== 'live' && origin !== 'replay') return;
    for (const e of events) if (e.seq > this.appliedSeq) this.appliedSeq = e.seq;
  }

  /**
   * Loads the saved state into the KPIs, hub and alerts; returns the seq it includes (the replay goes on
   * after it), or 0 when there is no usable file (then nothing was changed and the replay reads everything).
   */
  async load(logLastSeq: number): Promise<number> {
    let buf: Buffer;
    try {
      buf = await readFile(this.opts.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.unusable(String(e));
      return 0;
    }
    const decoded = decodeState(buf);
    if ('error' in decoded) return this.unusable(decoded.error);
    const doc = decoded.doc as LiveStateDoc;
    if (doc.format !== FORMAT) return this.unusable(`format ${doc.format}, this version reads ${FORMAT}`);
    // The saved state is what a process that never stopped would hold. After a downtime longer than the replay
    // window it holds only what a full replay would leave out (recent events, alerts, staff from before the
    // window's start): not used then.
    const age = (this.opts.now ?? Date.now)() - doc.savedAt;
    if (age > this.opts.replayMs)
      return this.unusable(
        `saved ${hours(age)} h ago, longer ago than the ${hours(this.opts.replayMs)} h window`,
      );
    if (doc.seq > logLastSeq)
      return this.unusable(`it includes seq ${doc.seq} but the log ends at ${logLastSeq} (log replaced?)`);
    try {
      // Tried on scratch windows first: a file from a build with other ring sizes changes nothing.
      for (const state of Object.values(doc.kpis)) new SiteKpis().importState(state);
    } catch (e) {
      return this.unusable((e as Error).message);
    }
    this.opts.kpis.importState(doc.kpis);
    this.opts.hub.importRecent(doc.recent);
    this.opts.alerts.importState(doc.alerts);
    this.appliedSeq = this.savedSeq = doc.seq;
    return doc.seq;
  }

  private unusable(why: string): 0 {
    this.opts.logger('warn', 'live state checkpoint not used; replaying the whole window', { why });
    return 0;
  }

  /** Saves every `intervalMs` from now on (when something changed). */
  start(intervalMs: number): void {
    this.saver.start(intervalMs);
  }

  /** Writes the state if it took in events since the last save; one write at a time (see PeriodicSave). */
  save(): Promise<void> {
    return this.saver.save();
  }

  private async write(): Promise<void> {
    if (this.appliedSeq === this.savedSeq) return;
    const seq = this.appliedSeq;
    // Captured in one synchronous step, so the file is the state at exactly `seq`: every part is a copy, encoded
    // afterwards in slices of SLICE_MS with the event loop let run in between (events taken in meanwhile
    // change the live state, not the copy).
    const doc: LiveStateDoc = {
      format: FORMAT,
      seq,
      savedAt: (this.opts.now ?? Date.now)(),
      kpis: this.opts.kpis.exportState(),
      recent: this.opts.hub.exportRecent(),
      // The book's lists change in place: a deep copy (a few KB).
      alerts: structuredClone(this.opts.alerts.exportState()),
    };
    await writeFileAtomic(this.opts.path, await encodeStateInSlices(doc, SLICE_MS));
    this.savedSeq = seq;
  }

  close(): Promise<void> {
    return this.saver.close();
  }
}
