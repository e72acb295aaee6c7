// The type of every field key per measurement, as InfluxDB keeps it: the first type a key is written with is
// its type for good, and a point with another type for it is refused ("field type conflict"), by InfluxDB at
// shipping time — after portpulse had acknowledged it. The schema fixes the types of the contract's fields;
// this registry does the same for extra fields (e.g. Telegraf's `host`, a collector's `note`), so ingest refuses
// a conflicting line with a 400 naming line and field, as InfluxDB would, instead of storing it.
//
// Learned from what the log stores (saved to `<dataDir>/rollups/field-types.json` with the log seq it includes,
// the log after it replayed at start) and, when shipping, from InfluxDB's own `SHOW FIELD KEYS`, which wins: it
// may hold types others wrote.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FieldValue, Point } from '../../shared/line-protocol/types';
import type { Logger } from '../logger';
import { writeFileAtomic } from '../store/atomic-write';
import { PeriodicSave } from '../store/periodic-save';
import type { EventStore } from '../store/store';

export type FieldType = FieldValue['kind'];
const fieldTypes = ['float', 'integer', 'unsigned', 'string', 'boolean'] as const;

const fileSchema = z.object({
  seq: z.number().int().min(0),
  savedAt: z.string(),
  measurements: z.record(z.string(), z.record(z.string(), z.enum(fieldTypes))),
});

export interface FieldConflict {
  field: string;
  message: string;
}

export interface FieldTypeRegistryOptions {
  /** `<dataDir>/rollups/field-types.json` */
  path: string;
  log: EventStore;
  logger: Logger;
  saveIntervalMs?: number;
}

export function conflictMessage(measurement: string, field: string, input: string, existing: string): string {
  return `field type conflict: input field "${field}" on measurement "${measurement}" is type ${input}, already exists as type ${existing}`;
}

export class FieldTypeRegistry {
  private readonly types = new Map<string, Map<string, FieldType>>();
  private appliedSeq = 0;
  private savedSeq = 0;
  private changed = false;
  private readonly saver: PeriodicSave;

  private constructor(private readonly opts: FieldTypeRegistryOptions) {
    this.saver = new PeriodicSave({ write: () => this.write(), logger: opts.logger, what: 'field types' });
  }

  static async open(opts: FieldTypeRegistryOptions): Promise<FieldTypeRegistry> {
    const registry = new FieldTypeRegistry(opts);
    await registry.load();
    registry.saver.start(opts.saveIntervalMs ?? 30_000);
    return registry;
  }

  private async load(): Promise<void> {
    const { log, logger } = this.opts;
    let seq = 0;
    try {
      const file = fileSchema.parse(JSON.parse(await readFile(this.opts.path, 'utf8')));
      for (const [m, keys] of Object.entries(file.measurements))
        this.types.set(m, new Map(Object.entries(keys) as [string, FieldType][]));
      seq = Math.min(file.seq, log.lastSeq());
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        logger('warn', 'field types: unreadable file; learning them from the whole log', {
          error: String(e),
        });
      this.types.clear();
    }
    let replayed = 0;
    for await (const { seq: s, point } of log.readFrom(seq + 1)) {
      this.learn(point);
      this.appliedSeq = s;
      replayed++;
    }
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    this.savedSeq = seq;
    if (replayed > 0) {
      this.changed = true;
      await this.save();
    }
  }

  /** The type a field key has on a measurement, when known. */
  typeOf(measurement: string, field: string): FieldType | undefined {
    return this.types.get(measurement)?.get(field);
  }

  /** The first field of the point whose type differs from the known one. */
  conflict(p: Point): FieldConflict | undefined {
    const known = this.types.get(p.measurement);
    if (!known) return undefined;
    for (const key in p.fields) {
      const have = known.get(key);
      const kind = p.fields[key]!.kind;
      if (have !== undefined && have !== kind)
        return { field: key, message: conflictMessage(p.measurement, key, kind, have) };
    }
    return undefined;
  }

  /**
   * Checks each point and takes the types of the new keys of those without a conflict at once, so that later
   * points of the batch and concurrent writes are checked against them. `undo()` forgets those new keys again
   * (the write failed).
   */
  claim(points: readonly Point[]): { conflicts: (FieldConflict | undefined)[]; undo(): void } {
    const added: [Map<string, FieldType>, string][] = [];
    const conflicts: (FieldConflict | undefined)[] = new Array(points.length);
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      // One pass over the fields (this runs for every ingested point): a conflict, or whether any key is new.
      const known = this.types.get(p.measurement);
      let fresh = known === undefined;
      let conflict: FieldConflict | undefined;
      if (known) {
        for (const key in p.fields) {
          const have = known.get(key);
          if (have === undefined) fresh = true;
          else if (have !== p.fields[key]!.kind) {
            conflict = {
              field: key,
              message: conflictMessage(p.measurement, key, p.fields[key]!.kind, have),
            };
            break;
          }
        }
      }
      conflicts[i] = conflict;
      if (!conflict && fresh) for (const entry of this.learn(p)) added.push(entry);
    }
    return {
      conflicts,
      undo: () => {
        for (const [known, key] of added) known.delete(key);
      },
    };
  }

  /** Takes the types of the point's keys not known yet; returns them. */
  learn(p: Point): [Map<string, FieldType>, string][] {
    let known = this.types.get(p.measurement);
    if (!known) {
      known = new Map();
      this.types.set(p.measurement, known);
    }
    const added: [Map<string, FieldType>, string][] = [];
    for (const key in p.fields) {
      if (known.has(key)) continue;
      known.set(key, p.fields[key]!.kind);
      added.push([known, key]);
    }
    if (added.length > 0) this.changed = true;
    return added;
  }

  /** Points made durable up to this log seq (their types were claimed or learned). */
  stored(lastSeq: number): void {
    if (lastSeq > this.appliedSeq) this.appliedSeq = lastSeq;
  }

  /**
   * Types InfluxDB reports (SHOW FIELD KEYS): they win over what the log taught, since InfluxDB refuses
   * anything else. Returns the keys whose type changed.
   */
  adopt(measurements: ReadonlyMap<string, ReadonlyMap<string, string>>, source: string): string[] {
    const changed: string[] = [];
    for (const [m, keys] of measurements) {
      let known = this.types.get(m);
      if (!known) {
        known = new Map();
        this.types.set(m, known);
      }
      for (const [key, type] of keys) {
        if (!(fieldTypes as readonly string[]).includes(type)) continue;
        const have = known.get(key);
        if (have === type) continue;
        if (have !== undefined) {
          changed.push(`${m}.${key}`);
          this.opts.logger('warn', 'field types: InfluxDB has another type for a field; taking its type', {
            destination: source,
            measurement: m,
            field: key,
            local: have,
            influxdb: type,
          });
        }
        known.set(key, type as FieldType);
        this.changed = true;
      }
    }
    return changed;
  }

  /** Every known type, per measurement (a cluster's state snapshot; server/cluster). */
  exportTypes(): Record<string, Record<string, FieldType>> {
    const measurements: Record<string, Record<string, FieldType>> = {};
    for (const [m, keys] of this.types) measurements[m] = Object.fromEntries(keys);
    return measurements;
  }

  /** The last log seq the saved file includes. */
  get checkpointSeq(): number {
    return this.savedSeq;
  }

  /** Writes the types if they changed since the last save (one write at a time, see PeriodicSave). */
  save(): Promise<void> {
    return this.saver.save();
  }

  private async write(): Promise<void> {
    if (!this.changed && this.appliedSeq === this.savedSeq) return;
    const seq = this.appliedSeq;
    const measurements = this.exportTypes();
    this.changed = false;
    try {
      await writeFileAtomic(
        this.opts.path,
        JSON.stringify({ seq, savedAt: new Date().toISOString(), measurements }),
      );
    } catch (e) {
      this.changed = true;
      throw e;
    }
    this.savedSeq = seq;
  }

  close(): Promise<void> {
    return this.saver.close();
  }
}
