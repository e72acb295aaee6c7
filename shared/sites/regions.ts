// China's four statistical regions (NBS convention) and the province → region mapping used by the site registry.
import { z } from 'zod';

export const regions = ['east', 'central', 'west', 'northeast'] as const;
export const regionSchema = z.enum(regions);
export type Region = z.infer<typeof regionSchema>;

/** Province (pinyin, as commonly written in English) → NBS region. */
export const provinceRegion: Record<string, Region> = {
  Beijing: 'east',
  Tianjin: 'east',
  Hebei: 'east',
  Shanghai: 'east',
  Jiangsu: 'east',
  Zhejiang: 'east',
  Fujian: 'east',
  Shandong: 'east',
  Guangdong: 'east',
  Hainan: 'east',
  Shanxi: 'central',
  Anhui: 'central',
  Jiangxi: 'central',
  Henan: 'central',
  Hubei: 'central',
  Hunan: 'central',
  'Inner Mongolia': 'west',
  Guangxi: 'west',
  Chongqing: 'west',
  Sichuan: 'west',
  Guizhou: 'west',
  Yunnan: 'west',
  Tibet: 'west',
  Shaanxi: 'west',
  Gansu: 'west',
  Qinghai: 'west',
  Ningxia: 'west',
  Xinjiang: 'west',
  Liaoning: 'northeast',
  Jilin: 'northeast',
  Heilongjiang: 'northeast',
};
