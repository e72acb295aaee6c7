// Reloads the rules file when it changes (watching its directory, so an editor's save-by-rename is seen too)
// or on SIGHUP. Changes are debounced; the reload itself decides whether the new file is taken.
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export class RulesWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly onHup = () => this.schedule(0);

  constructor(
    private readonly file: string,
    private readonly reload: () => Promise<unknown>,
    private readonly debounceMs = 200,
  ) {}

  start(): void {
    const name = basename(this.file);
    try {
      this.watcher = watch(dirname(this.file), (_event, changed) => {
        if (changed === null || changed === name) this.schedule(this.debounceMs);
      });
      this.watcher.on('error', () => {});
    } catch {
      // No watcher on this file system: SIGHUP still reloads.
    }
    process.on('SIGHUP', this.onHup);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), ms);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    process.off('SIGHUP', this.onHup);
  }
}
