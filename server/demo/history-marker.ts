// What the demo wrote into a data dir before: the sites and the instant its simulated events reach, kept in
// `<data dir>/demo-history.json`, so a second `npm start` on the same data dir writes only what is missing
// (the gap since the last run) instead of 25 months again.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../../collectors/common/runner/atomic-file';

const markerSchema = z.object({
  version: z.literal(1),
  /** Site ids the history was written for. */
  sites: z.array(z.string()),
  /** First instant of the simulated history. */
  fromMs: z.number(),
  /** Simulated events exist up to here (history, then the live simulation). */
  coveredUntilMs: z.number(),
});
export type HistoryMarker = z.infer<typeof markerSchema>;

export const markerPath = (dataDir: string) => join(dataDir, 'demo-history.json');

/** The marker, or undefined when there is none; a damaged one is an error naming the file. */
export function readMarker(dataDir: string): HistoryMarker | undefined {
  const json = readJsonFile<unknown>(markerPath(dataDir));
  if (json === undefined) return undefined;
  const parsed = markerSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${markerPath(dataDir)} is not a demo history marker (${parsed.error.issues[0]?.message}); delete it to start over`,
    );
  return parsed.data;
}

export function writeMarker(dataDir: string, marker: Omit<HistoryMarker, 'version'>): void {
  writeFileAtomic(markerPath(dataDir), `${JSON.stringify({ version: 1, ...marker }, null, 2)}\n`);
}
