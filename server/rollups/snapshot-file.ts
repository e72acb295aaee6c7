// The rollups on disk: one JSON file holding every site's buckets and the log seq they include, replaced
// atomically (temp file, fsync, rename, fsync of the directory), so a crash leaves the old or the new file.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { rawSumKeys } from '../../shared/indices/raw-sums';
import { writeFileAtomic } from '../store/atomic-write';
import { type Bucket, bucketFor, SiteRollup } from './site-rollup';

/** Bump when what a bucket means changes: an old file is then rebuilt from the log instead of misread.
 * Version 2 added the departure versions beside the buckets, which mean what they meant in version 1 (no
 * revisions existed before): a version 1 file still loads, with no replaced departure known. A rebuild
 * instead would lose the months older than the log (retention) on the upgrade. */
export const SNAPSHOT_VERSION = 2;
const READABLE_VERSIONS = [1, SNAPSHOT_VERSION] as const;

/** [key, ...counters in rawSumKeys order, badge indices] */
const rowSchema = z.array(z.union([z.number(), z.array(z.number().int().min(0))]));

const snapshotSchema = z.object({
  version: z.union(READABLE_VERSIONS.map((v) => z.literal(v))),
  keys: z.array(z.string()),
  seq: z.number().int().min(0),
  savedAt: z.string(),
  /** Set once the rollups were rebuilt from an InfluxDB's history (absent in files from before backfill). */
  backfill: z
    .object({ destination: z.string(), throughSeq: z.number().int().min(0), at: z.string() })
    .optional(),
  sites: z.record(
    z.string(),
    z.object({
      timeZone: z.string(),
      badges: z.array(z.string()),
      days: z.array(rowSchema),
      minutes: z.array(rowSchema),
      /** Which departure versions are counted or replaced (version 2). */
      departures: z
        .array(z.tuple([z.string(), z.union([z.literal(0), z.literal(1)]), z.number()]))
        .default([]),
    }),
  ),
});
type SnapshotJson = z.infer<typeof snapshotSchema>;

/** Which InfluxDB the rollups were rebuilt from, and the log seq it held everything up to at the time. */
export interface BackfillMark {
  destination: string;
  throughSeq: number;
  at: string;
}

export interface Snapshot {
  seq: number;
  sites: Map<string, SiteRollup>;
  backfill?: BackfillMark;
}

function encodeRows(map: Map<number, Bucket>): (number | number[])[][] {
  return [...map].map(([key, b]) => [key, ...rawSumKeys.map((k) => b.sums[k]), [...b.badges]]);
}

function decodeRows(rows: (number | number[])[][], into: Map<number, Bucket>, badgeCount: number): void {
  for (const row of rows) {
    const [key, ...rest] = row;
    const badges = rest.pop();
    if (typeof key !== 'number' || !Array.isArray(badges) || rest.length !== rawSumKeys.length)
      throw new Error('malformed bucket row');
    if (badges.some((i) => i >= badgeCount)) throw new Error('badge index out of range');
    const b = bucketFor(into, key);
    rawSumKeys.forEach((k, i) => {
      b.sums[k] = rest[i] as number;
    });
    b.badges = new Set(badges);
  }
}

/** Encoded synchronously, so the file holds exactly the state of `seq` even while events keep arriving. */
export function encodeSnapshot(snapshot: Snapshot): string {
  const json: SnapshotJson = {
    version: SNAPSHOT_VERSION,
    keys: [...rawSumKeys],
    seq: snapshot.seq,
    savedAt: new Date().toISOString(),
    ...(snapshot.backfill ? { backfill: snapshot.backfill } : {}),
    sites: {},
  };
  for (const [id, s] of snapshot.sites) {
    json.sites[id] = {
      timeZone: s.timeZone,
      badges: s.badges,
      days: encodeRows(s.days),
      minutes: encodeRows(s.minutes),
      departures: s.departures.exportState(),
    };
  }
  return JSON.stringify(json);
}

export async function saveSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, encodeSnapshot(snapshot));
}

/**
 * The saved rollups, or why they cannot be used (then the caller rebuilds from the log). A site whose time
 * zone changed since the file was written makes the file unusable: its days were cut at other midnights.
 */
export async function loadSnapshot(
  path: string,
  timeZoneOf: (site: string) => string,
): Promise<Snapshot | { unusable: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { unusable: 'no rollup file yet' };
    throw e;
  }
  try {
    const json = snapshotSchema.parse(JSON.parse(text));
    if (json.keys.join() !== rawSumKeys.join()) return { unusable: 'the file counts other sums' };
    const sites = new Map<string, SiteRollup>();
    for (const [id, s] of Object.entries(json.sites)) {
      if (s.timeZone !== timeZoneOf(id))
        return { unusable: `site ${id} moved from ${s.timeZone} to ${timeZoneOf(id)}` };
      const site = new SiteRollup(s.timeZone);
      for (const badge of s.badges) site.badgeId(badge);
      decodeRows(s.days, site.days, s.badges.length);
      decodeRows(s.minutes, site.minutes, s.badges.length);
      site.departures.importState(s.departures);
      let newest = Number.NEGATIVE_INFINITY;
      for (const m of site.minutes.keys()) if (m > newest) newest = m;
      if (newest > Number.NEGATIVE_INFINITY) site.advance(newest);
      sites.set(id, site);
    }
    return { seq: json.seq, sites, ...(json.backfill ? { backfill: json.backfill } : {}) };
  } catch (e) {
    return { unusable: `unreadable (${(e as Error).message.split('\n')[0]})` };
  }
}
