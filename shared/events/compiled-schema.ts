// Plain predicates compiled from the zod schemas of the events, for the ingest hot path: zod builds result and
// issue objects for every parse, which costs more than everything else a point goes through. The zod schemas
// stay the single source of truth: each key's predicate is read off its zod definition (types, bounds, lengths,
// patterns, enum values, defaults) and the cross-key rules are the very functions the schemas refine with. A
// zod feature this compiler does not know fails at start-up rather than being skipped; point-conversion.ts
// hands anything the predicates refuse to zod, so error messages are zod's own.
import type { z } from 'zod';
import type { RuleContext } from './common';

export type ValueCheck = (value: unknown) => boolean;

export interface CompiledKey {
  key: string;
  check: ValueCheck;
  /** Whether a missing value takes `defaultValue` (zod's `.default()`; undefined for `.optional()`). */
  hasDefault: boolean;
  defaultValue: unknown;
}

interface ZodDef {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  innerType?: z.ZodType;
  defaultValue?: unknown;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

function unsupported(what: string): never {
  throw new Error(`compiled-schema: ${what} is not supported; extend shared/events/compiled-schema.ts`);
}

function bound(def: Record<string, unknown>, upper: boolean): ValueCheck {
  const limit = def.value as number;
  if (def.inclusive) return upper ? (v) => (v as number) <= limit : (v) => (v as number) >= limit;
  return upper ? (v) => (v as number) < limit : (v) => (v as number) > limit;
}

/** One predicate per zod check on a number or string. */
function compileCheck(def: Record<string, unknown>): ValueCheck {
  switch (def.check) {
    case 'number_format':
      if (def.format === 'safeint') return (v) => Number.isSafeInteger(v);
      return unsupported(`number format ${String(def.format)}`);
    case 'greater_than':
      return bound(def, false);
    case 'less_than':
      return bound(def, true);
    case 'min_length': {
      const min = def.minimum as number;
      return (v) => (v as string).length >= min;
    }
    case 'max_length': {
      const max = def.maximum as number;
      return (v) => (v as string).length <= max;
    }
    case 'string_format': {
      const pattern = def.pattern;
      if (def.format !== 'regex' || !(pattern instanceof RegExp) || pattern.global || pattern.sticky)
        return unsupported(`string format ${String(def.format)}`);
      return (v) => pattern.test(v as string);
    }
    default:
      return unsupported(`check ${String(def.check)}`);
  }
}

function allOf(base: ValueCheck, checks: ValueCheck[]): ValueCheck {
  return (v) => {
    if (!base(v)) return false;
    for (const c of checks) if (!c(v)) return false;
    return true;
  };
}

/** The predicate of one key's schema: true exactly when zod would accept the value. */
function compileValue(schema: z.ZodType): ValueCheck {
  const def = defOf(schema);
  const checks = (def.checks ?? []).map((c) => compileCheck(c._zod.def));
  switch (def.type) {
    case 'number':
      return allOf((v) => typeof v === 'number' && Number.isFinite(v), checks);
    case 'string': {
      // Tag values repeat from line to line (and the parser hands out the same string for them): remembering
      // the last accepted value skips the regular expressions for most of them. The checks are pure, so this is safe.
      const check = allOf((v) => typeof v === 'string', checks);
      let lastAccepted: unknown;
      return (v) => {
        if (v === lastAccepted) return true;
        if (!check(v)) return false;
        lastAccepted = v;
        return true;
      };
    }
    case 'boolean':
      if (checks.length > 0) unsupported('checks on a boolean');
      return (v) => typeof v === 'boolean';
    case 'literal':
    case 'enum': {
      if (checks.length > 0) unsupported(`checks on an ${def.type}`);
      const allowed = new Set(def.type === 'literal' ? def.values : Object.values(def.entries ?? {}));
      return (v) => allowed.has(v);
    }
    default:
      return unsupported(`schema type ${def.type}`);
  }
}

/** The keys of a `z.object(shape)` in shape order, with their predicates and defaults. */
export function compileShape(shape: Record<string, z.ZodType>): CompiledKey[] {
  return Object.entries(shape).map(([key, schema]) => {
    const def = defOf(schema);
    if (def.type === 'optional') {
      if (!def.innerType) return unsupported(`optional without an inner type (${key})`);
      return { key, check: compileValue(def.innerType), hasDefault: true, defaultValue: undefined };
    }
    if (def.type !== 'default')
      return { key, check: compileValue(schema), hasDefault: false, defaultValue: undefined };
    if (!def.innerType) return unsupported(`default without an inner type (${key})`);
    return { key, check: compileValue(def.innerType), hasDefault: true, defaultValue: def.defaultValue };
  });
}

/** How many object-level checks (refinements) a `z.object(...)` schema carries. */
export function refinementCount(schema: z.ZodType): number {
  return defOf(schema).checks?.length ?? 0;
}

/** A RuleContext that only notes whether a rule complained (the message comes from zod on the slow path). */
export class RuleFlag implements RuleContext {
  failed = false;
  addIssue(): void {
    this.failed = true;
  }
}
