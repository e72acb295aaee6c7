// Chinese truck plates as the gate cameras read them, in the canonical spelling (shared/plates): province
// abbreviation, city letter, serial. The fleet is a realistic mix: ordinary 7-character plates (浙A12345,
// 粤B3K52L), 8-character new-energy plates — large (trucks, 浙A12345D) and small (vans, 粤BD12345) — and
// trailers (浙G1234挂). Most trucks at a site are registered in its own province.
import type { Rng } from './random';

const provinceAbbreviation: Record<string, string> = {
  Beijing: '京',
  Tianjin: '津',
  Hebei: '冀',
  Shanxi: '晋',
  'Inner Mongolia': '蒙',
  Liaoning: '辽',
  Jilin: '吉',
  Heilongjiang: '黑',
  Shanghai: '沪',
  Jiangsu: '苏',
  Zhejiang: '浙',
  Anhui: '皖',
  Fujian: '闽',
  Jiangxi: '赣',
  Shandong: '鲁',
  Henan: '豫',
  Hubei: '鄂',
  Hunan: '湘',
  Guangdong: '粤',
  Guangxi: '桂',
  Hainan: '琼',
  Chongqing: '渝',
  Sichuan: '川',
  Guizhou: '贵',
  Yunnan: '云',
  Tibet: '藏',
  Shaanxi: '陕',
  Gansu: '甘',
  Qinghai: '青',
  Ningxia: '宁',
  Xinjiang: '新',
};
const allAbbreviations = Object.values(provinceAbbreviation);

/** Letters used on plates: I and O are never issued (they read as 1 and 0). */
const plateLetters = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const digits = [...'0123456789'];
// City letters: A is the capital and by far the most common, then B–F.
const cityLetters: [string, number][] = [
  ['A', 5],
  ['B', 2],
  ['C', 1.5],
  ['D', 1],
  ['E', 1],
  ['F', 1],
  ['G', 0.5],
  ['H', 0.5],
];
/** How many of the five characters are letters. */
const letterCounts: [number, number][] = [
  [0, 6],
  [1, 3],
  [2, 1],
];

/** Share of each plate type in a logistics park's traffic. */
const plateKinds: ['ordinary' | 'new-energy-large' | 'new-energy-small' | 'trailer', number][] = [
  ['ordinary', 82],
  ['new-energy-large', 8],
  ['new-energy-small', 4],
  ['trailer', 6],
];
/** Energy letters: D pure electric (most), F other. */
const energyLetters: [string, number][] = [
  ['D', 4],
  ['F', 1],
];

/** A plate registered in `province` with probability `localShare`, elsewhere otherwise. */
export function randomPlate(rng: Rng, province: string, localShare = 0.7): string {
  const local = provinceAbbreviation[province];
  const prefix = local !== undefined && rng.chance(localShare) ? local : rng.pick(allAbbreviations);
  const office = `${prefix}${rng.weighted(cityLetters)}`;
  const serialDigits = (n: number) => Array.from({ length: n }, () => rng.pick(digits)).join('');
  switch (rng.weighted(plateKinds)) {
    case 'new-energy-large':
      return `${office}${serialDigits(5)}${rng.weighted(energyLetters)}`;
    case 'new-energy-small':
      return `${office}${rng.weighted(energyLetters)}${rng.chance(0.3) ? rng.pick(plateLetters) : rng.pick(digits)}${serialDigits(4)}`;
    case 'trailer':
      return `${office}${serialDigits(4)}挂`;
    default: {
      const chars = Array.from({ length: 5 }, () => rng.pick(digits));
      const letterCount = rng.weighted(letterCounts);
      for (let i = 0; i < letterCount; i++) chars[rng.int(0, 4)] = rng.pick(plateLetters);
      return `${office}${chars.join('')}`;
    }
  }
}
