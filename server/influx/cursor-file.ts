// A durable cursor: the last log seq a destination has acknowledged, written atomically (temp + rename),
// so a crash leaves either the old or the new value, never a torn one.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const cursorSchema = z.object({
  destination: z.string(),
  seq: z.number().int().min(0),
  updatedAt: z.string(),
});

export class CursorFile {
  constructor(
    private readonly path: string,
    private readonly destination: string,
  ) {}

  /** The stored seq, or 0 when there is none or it belongs to another destination. */
  load(): number {
    try {
      const c = cursorSchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
      return c.destination === this.destination ? c.seq : 0;
    } catch {
      return 0;
    }
  }

  save(seq: number): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(
      tmp,
      JSON.stringify({ destination: this.destination, seq, updatedAt: new Date().toISOString() }),
    );
    renameSync(tmp, this.path);
  }
}
