// A node's state at one stream seq, as one blob a node that cannot replay the stream from its own position
// installs instead (a fresh node, or one away longer than the stream keeps messages): the rollups (monthly
// indices), the field types, the persisted point identity (every stored event's identity: retries and the
// +1 ns shift decide the same as on the others) and the live state (KPI windows, recent events, alert book).
// Captured while the stream applier is held between two batches, so every part is the state of exactly `seq`.
// Installed as the files those parts load at start (<dataDir>/rollups/...), with the local log seq they
// include rewritten to the installing node's log end: its log holds none of the events before the snapshot.
// Blob layout: gzip of a magic, u32 header length, the header JSON (seq, stream epoch, files and their
// sizes), then the files' bytes one after another.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { z } from 'zod';
import type { AlertEngine } from '../alerts/alert-engine';
import type { FieldTypeRegistry } from '../field-types/field-type-registry';
import type { IdentityIndex } from '../identity/identity-index';
import type { RollingKpis } from '../kpis/rolling-kpis';
import type { LiveHub } from '../live/hub';
import { LIVE_STATE_FORMAT, type LiveStateDoc } from '../live-state/live-state-checkpoint';
import { decodeState, encodeState } from '../live-state/state-file';
import type { RollupStore } from '../rollups/rollup-store';
import { writeFileAtomic } from '../store/atomic-write';

const MAGIC = Buffer.from('PPSTATE1');
// Off the event loop (zlib's thread pool): a snapshot of millions of events takes seconds to compress.
const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

/** The parts of a node's state a snapshot holds (start-server.ts hands them to the cluster node). */
export interface StateParts {
  rollups: RollupStore;
  fieldTypes: FieldTypeRegistry;
  identity: IdentityIndex;
  kpis: RollingKpis;
  hub: LiveHub;
  alerts: AlertEngine;
}

const headerSchema = z.object({
  /** The stream's epoch (name@creation): seqs of another epoch mean other messages. */
  epoch: z.string(),
  /** The last stream seq the state includes. */
  seq: z.number().int().min(0),
  node: z.string(),
  createdAt: z.string(),
  /** Paths under <dataDir>/rollups, in the order of their bytes after the header. */
  files: z.array(
    z.object({ path: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/), bytes: z.number() }),
  ),
});
export type SnapshotHeader = z.infer<typeof headerSchema>;

export interface StateSnapshot {
  header: SnapshotHeader;
  files: Map<string, Uint8Array>;
}

const ROLLUPS = 'rollups.json';
const FIELD_TYPES = 'field-types.json';
const LIVE_STATE = 'live-state.bin';
const IDENTITY_DIR = 'identity';

/** The state as it is now; the caller holds the stream applier, so nothing changes until this resolves. */
export async function captureState(
  parts: StateParts,
  meta: Omit<SnapshotHeader, 'files' | 'createdAt'>,
): Promise<StateSnapshot> {
  const now = Date.now();
  // The log seqs inside are the capturing node's; install() replaces them.
  const live: LiveStateDoc = {
    format: LIVE_STATE_FORMAT,
    seq: 0,
    savedAt: now,
    kpis: parts.kpis.exportState(),
    recent: parts.hub.exportRecent(),
    alerts: parts.alerts.exportState(),
  };
  const files = new Map<string, Uint8Array>([
    [ROLLUPS, Buffer.from(parts.rollups.exportSnapshot())],
    [FIELD_TYPES, Buffer.from(JSON.stringify({ measurements: parts.fieldTypes.exportTypes() }))],
    [LIVE_STATE, encodeState(live)],
  ]);
  for (const { name, bytes } of await parts.identity.exportDays())
    files.set(`${IDENTITY_DIR}/${name}`, bytes);
  const header: SnapshotHeader = {
    ...meta,
    createdAt: new Date(now).toISOString(),
    files: [...files].map(([path, bytes]) => ({ path, bytes: bytes.length })),
  };
  return { header, files };
}

export async function encodeSnapshotBlob(s: StateSnapshot): Promise<Uint8Array> {
  const head = Buffer.from(JSON.stringify(s.header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return gzip(Buffer.concat([MAGIC, len, head, ...s.header.files.map((f) => s.files.get(f.path)!)]));
}

/** The snapshot in a blob, or throws naming what is wrong with it. */
export async function decodeSnapshotBlob(blob: Uint8Array): Promise<StateSnapshot> {
  const buf = await gunzip(blob);
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a portpulse state snapshot');
  const headEnd = MAGIC.length + 4 + buf.readUInt32LE(MAGIC.length);
  const header = headerSchema.parse(JSON.parse(buf.toString('utf8', MAGIC.length + 4, headEnd)));
  const files = new Map<string, Uint8Array>();
  let at = headEnd;
  for (const f of header.files) {
    if (at + f.bytes > buf.length) throw new Error(`state snapshot truncated in ${f.path}`);
    files.set(f.path, buf.subarray(at, at + f.bytes));
    at += f.bytes;
  }
  for (const need of [ROLLUPS, FIELD_TYPES, LIVE_STATE])
    if (!files.has(need)) throw new Error(`state snapshot without ${need}`);
  return { header, files };
}

/**
 * Writes the snapshot as this node's state files under `rollupsDir` (replacing what is there), each saying it
 * includes the local log up to `localSeq` (the log's end now: everything after comes from the stream after the
 * snapshot's seq). The caller records the new stream position only after this resolved.
 */
export async function installState(rollupsDir: string, s: StateSnapshot, localSeq: number): Promise<void> {
  // Every part is read before anything is written: a bad snapshot leaves the node's files as they were.
  const text = (path: string) => Buffer.from(s.files.get(path)!).toString('utf8');
  const rollups = JSON.parse(text(ROLLUPS)) as { seq: number };
  const types = JSON.parse(text(FIELD_TYPES)) as object;
  const live = decodeState(Buffer.from(s.files.get(LIVE_STATE)!));
  if ('error' in live) throw new Error(`its live state is unusable: ${live.error}`);
  const savedAt = new Date().toISOString();
  await writeFileAtomic(join(rollupsDir, ROLLUPS), JSON.stringify({ ...rollups, seq: localSeq }));
  await writeFileAtomic(join(rollupsDir, FIELD_TYPES), JSON.stringify({ ...types, seq: localSeq, savedAt }));
  await writeFileAtomic(
    join(rollupsDir, LIVE_STATE),
    encodeState({ ...(live.doc as LiveStateDoc), seq: localSeq }),
  );
  const identityDir = join(rollupsDir, IDENTITY_DIR);
  await rm(identityDir, { recursive: true, force: true });
  await mkdir(identityDir, { recursive: true });
  for (const [path, bytes] of s.files)
    if (path.startsWith(`${IDENTITY_DIR}/`)) await writeFileAtomic(join(rollupsDir, path), bytes);
  await writeFileAtomic(join(identityDir, 'checkpoint.json'), JSON.stringify({ seq: localSeq, savedAt }));
}

/** The live-state file an install leaves: the installing node loads it at that start (start-server.ts). */
export const installedLiveStatePath = (rollupsDir: string) => join(rollupsDir, LIVE_STATE);
