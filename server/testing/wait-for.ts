// The one poll-until-ready helper of the tests: probes again and again until the probe yields a value, so a test
// waits for the data it needs rather than for a fixed sleep. A probe that throws (a node still starting, a
// refused connection) counts as "not yet"; on timeout the error names what was awaited and what the last probe
// saw, so a failure on a loaded CI box says how far the wait got.
import { setTimeout as sleep } from 'node:timers/promises';

/** What a probe returns while the awaited thing is not there yet. */
export type NotYet = undefined | false;

export interface WaitForOptions {
  /** How long the wait may take; every caller says so, there is no default. */
  timeoutMs: number;
  /** Pause between two probes (default 50 ms). */
  intervalMs?: number;
  /** More state for the timeout message (e.g. the messages received so far, a process's output). */
  detail?: () => unknown;
}

/**
 * Resolves with the first value of `probe` that is neither `undefined` nor `false`. Rejects after `timeoutMs`
 * with "timed out after N ms waiting for <what>" and the last value or error (a probe still pending at the
 * deadline, such as a hanging request, does not hold the wait past it).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | NotYet | Promise<T | NotYet>,
  options: WaitForOptions,
): Promise<Exclude<T, NotYet>> {
  const { timeoutMs, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } | undefined;
  for (;;) {
    const attempt = Promise.resolve()
      .then(probe)
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    const outcome = await beforeDeadline(attempt, deadline);
    if (outcome === undefined) {
      // The deadline passed while a probe was still running.
      throw timeoutError(what, timeoutMs, last, 'the last probe was still running', options.detail);
    }
    if ('value' in outcome && outcome.value !== undefined && outcome.value !== false)
      return outcome.value as Exclude<T, NotYet>;
    last = outcome;
    if (Date.now() >= deadline) throw timeoutError(what, timeoutMs, last, undefined, options.detail);
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/** The attempt's outcome, or undefined if the deadline comes first (its timer is cleared either way). */
async function beforeDeadline<R>(attempt: Promise<R>, deadline: number): Promise<R | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), undefined);
  });
  try {
    return await Promise.race([attempt, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

function timeoutError(
  what: string,
  timeoutMs: number,
  last: { value: unknown } | { error: unknown } | undefined,
  note: string | undefined,
  detail: (() => unknown) | undefined,
): Error {
  const parts = [`timed out after ${timeoutMs} ms waiting for ${what}`];
  if (note) parts.push(note);
  if (last && 'error' in last) parts.push(`last probe threw: ${describe(last.error)}`);
  else if (last) parts.push(`last probe returned ${describe(last.value)}`);
  let message = parts.join('; ');
  if (detail) {
    const extra = safely(detail);
    // Text (a process's output) is shown as it is, its tail kept; anything else as a line of JSON.
    message += typeof extra === 'string' ? `:\n${extra.slice(-4000)}` : `; detail: ${describe(extra)}`;
  }
  return new Error(message, last && 'error' in last ? { cause: last.error } : undefined);
}

function safely(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return error;
  }
}

/** A bounded, readable rendering of a probe's value or error for the message. */
function describe(v: unknown): string {
  if (v instanceof Error) return v.message;
  if (typeof v === 'string') return JSON.stringify(v.length > 500 ? `${v.slice(0, 500)}…` : v);
  let text: string | undefined;
  try {
    text = JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x));
  } catch {
    text = undefined;
  }
  text ??= String(v);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
