// What a fuzz target is: a named fast-check property run for a given number of cases (and seed).
export interface FuzzTarget {
  name: string;
  /** Share of the total cases this target gets (cheap targets get more). */
  weight: number;
  run(numRuns: number, seed: number): Promise<void> | void;
}

/** Throws with a message when a property's invariant does not hold (fast-check reports the input). */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}
