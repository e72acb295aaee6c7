// One line of the benchmark table: a measured value next to its reference and goal. Scenarios build rows
// with these helpers so "met?" is decided in one place, and a missing figure is shown, never invented.

export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  /** null: not measured (the note says why). */
  value: number | null;
  /** Shown instead of a missing value (e.g. "> 60 s" for a start that was stopped). */
  valueText?: string;
  reference?: { label: string; value: number | null; unit?: string };
  /** value ÷ reference value. */
  ratio?: number | null;
  goal?: string;
  /** null when the row has no goal or no value. */
  met?: boolean | null;
  note?: string;
  /** The feature this row measures does not exist yet (not a failure of the harness). */
  unavailable?: boolean;
}

export interface Goal {
  text: string;
  check(r: Row): boolean;
}

export const below = (limit: number, unit = ''): Goal => ({
  text: `< ${limit}${unit ? ` ${unit}` : ''}`,
  check: (r) => r.value !== null && r.value < limit,
});

export const atMost = (max: number, unit = ''): Goal => ({
  text: `≤ ${max.toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`,
  check: (r) => r.value !== null && r.value <= max,
});

export const atLeast = (min: number, unit = ''): Goal => ({
  text: `≥ ${min.toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`,
  check: (r) => r.value !== null && r.value >= min,
});

export const ratioAtLeast = (min: number): Goal => ({
  text: `≥ ${min}× reference`,
  check: (r) => r.ratio != null && r.ratio >= min,
});

export const ratioAtMost = (max: number, text: string): Goal => ({
  text,
  check: (r) => r.ratio != null && r.ratio <= max,
});

export const ratioBelow = (max: number, text: string): Goal => ({
  text,
  check: (r) => r.ratio != null && r.ratio < max,
});

export const allOf = (...goals: Goal[]): Goal => ({
  text: goals.map((g) => g.text).join(' and '),
  check: (r) => goals.every((g) => g.check(r)),
});

export interface RowInput {
  metric: string;
  unit: string;
  value: number | null;
  reference?: Row['reference'];
  goal?: Goal;
  note?: string;
}

/** A row with its ratio and "met?" filled in. */
export function makeRow(scenario: string, input: RowInput): Row {
  const { goal, ...rest } = input;
  const refValue = input.reference?.value;
  const ratio =
    input.value !== null && refValue != null && refValue !== 0 ? input.value / refValue : undefined;
  const r: Row = { scenario, ...rest, ...(ratio === undefined ? {} : { ratio }) };
  if (goal) {
    r.goal = goal.text;
    r.met = input.value === null ? null : goal.check(r);
  }
  return r;
}

/** A scenario that could not run (a crash, a missing feature): one row saying so, no number. */
export function missingRow(scenario: string, metric: string, note: string, unavailable = false): Row {
  return {
    scenario,
    metric,
    unit: '',
    value: null,
    met: null,
    note,
    ...(unavailable ? { unavailable } : {}),
  };
}
