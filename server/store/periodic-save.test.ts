// PeriodicSave: one write at a time, a save asked for during a write runs once after it (with what changed
// meanwhile), close waits for the running write and saves once more, and a failed write is logged, not thrown.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger';
import { tempDir } from '../testing/test-config';
import { writeFileAtomic } from './atomic-write';
import { PeriodicSave } from './periodic-save';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) d.remove();
});

/** A counter saved to a file; each write waits at a gate the test opens, so writes can be held running. */
function counterFile() {
  const dir = tempDir();
  dirs.push(dir);
  const path = join(dir.path, 'state.json');
  const state = { value: 0, saved: -1, writes: 0, inFlight: 0, maxInFlight: 0 };
  const gates: (() => void)[] = [];
  const logged: { msg: string; extra: unknown }[] = [];
  let fail: Error | undefined;
  const logger: Logger = (_level, msg, extra) => logged.push({ msg, extra });
  const write = async () => {
    if (state.value === state.saved) return;
    const value = state.value; // taken before the first await
    state.writes++;
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      await new Promise<void>((open) => gates.push(open));
      if (fail) throw fail;
      await writeFileAtomic(path, JSON.stringify({ value }));
      state.saved = value;
    } finally {
      state.inFlight--;
    }
  };
  const saver = new PeriodicSave({ write, logger, what: 'counter' });
  const onDisk = async () => JSON.parse(await readFile(path, 'utf8')).value as number;
  /** Opens the gate of the write waiting there (waits for it to get there). */
  const release = async () => {
    await vi.waitFor(() => expect(gates.length).toBeGreaterThan(0));
    gates.shift()!();
  };
  return {
    state,
    saver,
    logged,
    onDisk,
    release,
    failWith: (e: Error | undefined) => {
      fail = e;
    },
  };
}

describe('PeriodicSave', () => {
  it('runs a save asked for during a write once after it, with the changes made meanwhile', async () => {
    const { state, saver, onDisk, release } = counterFile();
    state.value = 1;
    const first = saver.save();
    expect(saver.busy).toBe(true);
    state.value = 2;
    const second = saver.save();
    state.value = 3;
    const third = saver.save();
    expect(third).toBe(second); // coalesced into one save after the running one
    await release();
    await first;
    expect(await onDisk()).toBe(1);
    await release();
    await Promise.all([second, third]);
    expect(await onDisk()).toBe(3); // not lost: the change made during the first write is on disk
    expect(state.writes).toBe(2);
    expect(state.maxInFlight).toBe(1);
    expect(saver.busy).toBe(false);
  });

  it('closes by waiting for the running write, then saving once more', async () => {
    const { state, saver, onDisk, release } = counterFile();
    state.value = 1;
    void saver.save();
    state.value = 2;
    let closed = false;
    const closing = saver.close().then(() => {
      closed = true;
    });
    await release();
    await vi.waitFor(() => expect(state.saved).toBe(1));
    expect(closed).toBe(false);
    await release();
    await closing;
    expect(await onDisk()).toBe(2);
    expect(state.writes).toBe(2);
    expect(state.maxInFlight).toBe(1);
  });

  it('saves on its timer until closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, saver, onDisk, release } = counterFile();
    saver.start(1_000);
    state.value = 7;
    vi.advanceTimersByTime(1_000);
    await release();
    await vi.waitFor(async () => expect(await onDisk()).toBe(7));
    await saver.close(); // nothing changed since: no write
    state.value = 8;
    vi.advanceTimersByTime(5_000);
    expect(saver.busy).toBe(false);
    expect(state.writes).toBe(1);
  });

  it('logs a failed write instead of throwing, from the timer too, and the next save tries again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, saver, logged, onDisk, release, failWith } = counterFile();
    failWith(new Error('disk full'));
    state.value = 1;
    const explicit = saver.save();
    await release();
    await expect(explicit).resolves.toBeUndefined();
    expect(logged).toEqual([{ msg: 'counter: save failed', extra: { error: 'Error: disk full' } }]);
    saver.start(1_000);
    vi.advanceTimersByTime(1_000); // an unhandled rejection here would fail the run
    await release();
    await vi.waitFor(() => expect(logged).toHaveLength(2));
    failWith(undefined);
    const retry = saver.close();
    await release();
    await retry;
    expect(await onDisk()).toBe(1);
  });
});
