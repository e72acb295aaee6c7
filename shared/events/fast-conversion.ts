// Point → event without zod, from the predicates compiled out of the zod schemas (compiled-schema.ts): one
// pass over the schema's keys that reads each from the point as its wire layout says. It answers undefined,
// never an error: eventFromPoint then asks zod, for zod's message.
import type { Point } from '../line-protocol/types';
import type { WireType } from './common';
import { type CompiledKey, compileShape, RuleFlag, refinementCount } from './compiled-schema';
import { layouts, type Measurement, measurements, type PortEvent, rules, schemas } from './event';
import { nsToMs } from './ns-to-ms';

interface Step extends CompiledKey {
  wire: WireType | 'measurement' | 'time';
}

interface Plan {
  steps: Step[];
  rules: (event: never, ctx: RuleFlag) => void;
}

function plan(m: Measurement): Plan {
  const layout: Record<string, WireType> = layouts[m];
  const shape = schemas[m].shape;
  const steps = compileShape(shape).map((k): Step => {
    if (k.key === 'measurement' || k.key === 'time') return { ...k, wire: k.key };
    const wire = layout[k.key];
    if (wire === undefined) throw new Error(`fast-conversion: ${m}.${k.key} has no wire layout`);
    return { ...k, wire };
  });
  for (const key of Object.keys(layout))
    if (!Object.hasOwn(shape, key)) throw new Error(`fast-conversion: ${m}.${key} is not in the schema`);
  // The one refinement must be the rules function run below; another one would be skipped here.
  if (refinementCount(schemas[m]) !== 1)
    throw new Error(`fast-conversion: ${m} must refine only with its rules function (event.ts \`rules\`)`);
  return { steps, rules: rules[m] as Plan['rules'] };
}

const plans = Object.fromEntries(measurements.map((m) => [m, plan(m)])) as Record<Measurement, Plan>;
const flag = new RuleFlag();

/**
 * The event of a point of a known measurement, or undefined when it does not convert or (with `verify`) would
 * not pass its zod schema. Without `verify` only the layout is followed (for points validated before).
 */
export function convertPoint(point: Point, receivedAtMs: number, verify: boolean): PortEvent | undefined {
  const { tags, fields } = point;
  const event: Record<string, unknown> = {};
  for (const step of plans[point.measurement as Measurement].steps) {
    const key = step.key;
    let v: unknown;
    switch (step.wire) {
      case 'measurement':
        v = point.measurement;
        break;
      case 'time':
        v = point.timestamp === undefined ? receivedAtMs : nsToMs(point.timestamp);
        break;
      case 'tag':
        if (key in fields) return undefined;
        v = tags[key];
        break;
      case 'booleanTag': {
        if (key in fields) return undefined;
        const t = tags[key];
        if (t === 'true') v = true;
        else if (t === 'false') v = false;
        else if (t !== undefined) return undefined;
        break;
      }
      default: {
        if (key in tags) return undefined;
        const f = fields[key];
        if (f === undefined) break;
        if (f.kind !== step.wire) return undefined;
        v = typeof f.value === 'bigint' ? Number(f.value) : f.value;
      }
    }
    if (v === undefined) {
      if (!step.hasDefault) return undefined;
      v = step.defaultValue;
      if (v === undefined) continue; // an optional key the point does not carry: absent, as zod leaves it
    } else if (verify && !step.check(v)) return undefined;
    event[key] = v;
  }
  if (verify) {
    flag.failed = false;
    plans[point.measurement as Measurement].rules(event as never, flag);
    if (flag.failed) return undefined;
  }
  return event as PortEvent;
}
