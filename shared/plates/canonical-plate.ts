// One spelling of a Chinese plate everywhere (gate scans, weighbridge pairing, alerts): cameras and operators
// write the same plate as 浙A·12345, 浙A 12345, 浙Ａ１２３４５ or 浙a12345; all become 浙A12345. Camera "no plate"
// placeholders (无车牌, 车牌, _无_, empty …) become NO_PLATE, which never pairs and is counted where it arrives.

/** The one spelling of every "no plate was read" placeholder. */
export const NO_PLATE = '无车牌';

/** What cameras send when they saw a vehicle but read no plate (compared after trimming). */
const placeholders = new Set(['', '无车牌', '车牌', '_无_', '无牌', '无牌车', '无', '未识别', '未知']);

/** Separators written between the issuing office and the serial: middle dots, spaces, hyphens. */
const separators = /[\s·•・･.-]/gu;

/** The canonical spelling of a plate read, or NO_PLATE for a placeholder. */
export function canonicalPlate(raw: string): string {
  const trimmed = raw.trim();
  if (placeholders.has(trimmed)) return NO_PLATE;
  // NFKC turns full-width letters and digits (Ａ, １) into ASCII and leaves the Chinese characters alone.
  const plate = trimmed.normalize('NFKC').replace(separators, '').toUpperCase();
  return placeholders.has(plate) ? NO_PLATE : plate;
}

/** True for a placeholder (raw or canonical): the camera saw a vehicle but read no plate. */
export function isNoPlate(plate: string): boolean {
  return canonicalPlate(plate) === NO_PLATE;
}
