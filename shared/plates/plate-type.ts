// The plate types of GA 36-2018 (机动车号牌) told apart by the text alone: ordinary 7-character plates, the
// 8-character new-energy plates (small: the serial starts with the energy letter, 粤BD12345; large: it ends
// with it, 粤B12345D), and the plates marked by a Chinese suffix or prefix (挂 trailer, 学 coach, 警 police,
// 港/澳 cross-border, 使/领 diplomatic, 应急 emergency). Blue vs yellow needs the colour, which cameras send
// separately; "other" is a read that fits none (foreign, military, or a misread).
import { z } from 'zod';
import { NO_PLATE } from './canonical-plate';

export const plateTypes = [
  'ordinary',
  'new-energy-small',
  'new-energy-large',
  'trailer',
  'coach',
  'police',
  'hong-kong',
  'macau',
  'embassy',
  'consulate',
  'emergency',
  'none',
  'other',
] as const;
export const plateTypeSchema = z.enum(plateTypes);
export type PlateType = z.output<typeof plateTypeSchema>;

const province = '[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新]';
/** Serial characters: letters (never I or O, which read as 1 and 0) and digits. */
const serial = '[A-HJ-NP-Z0-9]';
/** Energy letters of new-energy plates: D pure electric, F other (A–K since the 2021 extension, no I). */
const energy = '[A-HJK]';
const office = `${province}[A-Z]`;

const patterns: [PlateType, RegExp][] = [
  ['ordinary', new RegExp(`^${office}${serial}{5}$`)],
  ['new-energy-small', new RegExp(`^${office}${energy}${serial}\\d{4}$`)],
  ['new-energy-large', new RegExp(`^${office}\\d{5}${energy}$`)],
  ['trailer', new RegExp(`^${office}${serial}{4}挂$`)],
  ['coach', new RegExp(`^${office}${serial}{4}学$`)],
  ['police', new RegExp(`^${office}${serial}{4}警$`)],
  ['hong-kong', new RegExp(`^粤Z${serial}{4}港$`)],
  ['macau', new RegExp(`^粤Z${serial}{4}澳$`)],
  ['embassy', /^(使\d{6}|\d{6}使)$/],
  ['consulate', new RegExp(`^${office}${serial}{4}领$`)],
  ['emergency', new RegExp(`^${office}${serial}{4,5}应急$`)],
];

/** The GA 36 type of a canonical plate (see canonicalPlate). */
export function classifyPlate(canonical: string): PlateType {
  if (canonical === NO_PLATE) return 'none';
  for (const [type, pattern] of patterns) if (pattern.test(canonical)) return type;
  return 'other';
}
