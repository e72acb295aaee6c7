// Kilograms per weight unit, one table for every collector: the indicators' short symbols (g, kg, t, lb, oz;
// Toledo's `ton`) and AIDX MeasurementUnitType names (Kilogram, Pound, Tonne, Ton). `ton`/`Ton` is the US short
// ton (2000 lb), `t`/`Tonne` the metric tonne.
const POUND_KG = 0.45359237;
const SHORT_TON_KG = 2000 * POUND_KG;

export const KG_PER_UNIT: Readonly<Record<string, number>> = {
  g: 0.001,
  kg: 1,
  Kilogram: 1,
  t: 1000,
  Tonne: 1000,
  lb: POUND_KG,
  Pound: POUND_KG,
  oz: POUND_KG / 16,
  ton: SHORT_TON_KG,
  Ton: SHORT_TON_KG,
};

/** kg per `unit`, or undefined for a unit not in the table. */
export const kgPerUnit = (unit: string): number | undefined =>
  Object.hasOwn(KG_PER_UNIT, unit) ? KG_PER_UNIT[unit] : undefined;
