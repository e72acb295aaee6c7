// The alert history on disk: one JSON line per record (alert transitions, acknowledgements, notification
// outcomes, silences) in PORTPULSE_DATA_DIR/alerting/history.jsonl, each append fsync'd before it is
// acknowledged. Loaded whole at start (records older than the retention are dropped by rewriting the file);
// a torn last line after a crash is skipped with a warning. Queries filter the in-memory copy.

import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HistoryEntry, historyEntrySchema } from '../../../shared/alerting/history';
import type { Logger } from '../../logger';

export interface HistoryQuery {
  site?: string;
  from: number;
  to: number;
  limit: number;
}

export class HistoryStore {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private handle: FileHandle,
    private readonly entries: HistoryEntry[],
    private readonly retentionMs: number,
  ) {}

  static async open(
    dir: string,
    retentionDays: number,
    logger: Logger,
    now = Date.now(),
  ): Promise<HistoryStore> {
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'history.jsonl');
    const retentionMs = retentionDays * 86_400_000;
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const entries: HistoryEntry[] = [];
    const lines = text.split('\n');
    let dropped = 0;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed: HistoryEntry | undefined;
      try {
        parsed = historyEntrySchema.parse(JSON.parse(line));
      } catch (e) {
        logger('warn', 'alert history: skipping an unreadable line', {
          file,
          line: i + 1,
          error: String(e).slice(0, 200),
        });
        dropped++;
        return;
      }
      if (parsed.at < now - retentionMs) dropped++;
      else entries.push(parsed);
    });
    if (dropped > 0 || (text !== '' && !text.endsWith('\n'))) {
      // Rewrite without the old (or torn) lines, atomically.
      await writeFile(`${file}.tmp`, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await rename(`${file}.tmp`, file);
    }
    const handle = await open(file, 'a');
    return new HistoryStore(file, handle, entries, retentionMs);
  }

  /** Appends records durably (one write + fsync for all of them); resolves once they are on disk. */
  append(...records: HistoryEntry[]): Promise<void> {
    for (const r of records) this.entries.push(r);
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    const next = this.chain.then(async () => {
      await this.handle.write(text);
      await this.handle.sync();
    });
    this.chain = next.catch(() => {});
    return next;
  }

  all(): readonly HistoryEntry[] {
    return this.entries;
  }

  /** Records in [from, to] (of a site, when given; silences without a site count for every site), oldest first. */
  query(q: HistoryQuery): { entries: HistoryEntry[]; truncated: boolean } {
    const out: HistoryEntry[] = [];
    for (const e of this.entries) {
      if (e.at < q.from || e.at > q.to) continue;
      if (q.site !== undefined && e.site !== null && e.site !== q.site) continue;
      out.push(e);
    }
    out.sort((a, b) => a.at - b.at);
    const truncated = out.length > q.limit;
    return { entries: truncated ? out.slice(out.length - q.limit) : out, truncated };
  }

  /** Drops in-memory records older than the retention (the file is trimmed at the next start). */
  trim(now: number): void {
    const cut = now - this.retentionMs;
    let i = 0;
    while (i < this.entries.length && this.entries[i]!.at < cut) i++;
    if (i > 0) this.entries.splice(0, i);
  }

  get path(): string {
    return this.file;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }
}
