// How far a replay got: the byte offset and line after the last event handed to the writer (whose spool is
// durable), kept next to the config so an interrupted replay resumes there. The file's size and inode are
// recorded so an offset is never applied to a different file.
import { statSync } from 'node:fs';
import { readJsonFile, writeFileAtomic } from '../common/runner/atomic-file';

export interface ReplayOffset {
  file: string;
  ino: number;
  /** Byte offset and 1-based line number of the last line consumed. */
  byte: number;
  line: number;
  events: number;
  /** Invalid lines skipped (for the progress share; absent in offsets written before it was kept). */
  invalid?: number;
  done: boolean;
}

export class OffsetFile {
  constructor(
    private readonly path: string,
    private readonly file: string,
  ) {}

  /** The saved offset for this file; an error message when it belongs to another file. */
  load(): ReplayOffset | string | undefined {
    const saved = readJsonFile<ReplayOffset>(this.path);
    if (!saved) return undefined;
    const { ino, size } = statSync(this.file);
    if (saved.file !== this.file || saved.ino !== ino || saved.byte > size)
      return `${this.path} records a replay of another file (${saved.file}); delete it or set "restart": true`;
    return saved;
  }

  save(offset: Omit<ReplayOffset, 'file' | 'ino'>): void {
    const { ino } = statSync(this.file);
    writeFileAtomic(this.path, JSON.stringify({ file: this.file, ino, ...offset }));
  }
}
