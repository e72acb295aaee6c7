// Reconnect delays: exponential growth with "equal jitter", so a restarted server is not hit by every tab at once.

export interface BackoffOptions {
  /** Delay ceiling of the first retry (ms). */
  baseMs: number;
  /** No retry waits longer than this (ms). */
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (0 = first): half of the exponential ceiling is fixed, the other half
 * random, so delays keep growing while clients that dropped together spread out.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  opts: BackoffOptions = defaultBackoff,
): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
