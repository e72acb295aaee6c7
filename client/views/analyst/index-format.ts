// How index figures read in the analyst view: values to one decimal, changes in points with an arrow AND a
// text sign (colour is never the only signal), metrics in their own units, "—" for no data; names and units
// in the UI language, digits and months formatted for its locale.
import type { Scope } from '../../../shared/indices/api';
import { type IndexName, subIndexNames } from '../../../shared/indices/metrics';
import { regions } from '../../../shared/sites/regions';
import type { SiteInfo } from '../../../shared/sites/registry';
import { lang, t } from '../../i18n/i18n';
import { formatNumber, formatShare, NO_DATA } from '../format';
import { siteName } from '../site-name';

/** The index's name as the release prints it ("Business volume", 总业务量指数). */
export function indexLabel(name: IndexName): string {
  return t(`analyst.index.${name}`);
}

/** The release lists the composite first, then the sub-indices. */
export const releaseOrder: IndexName[] = ['composite', ...subIndexNames];

export function formatIndexValue(v: number | null): string {
  return formatNumber(v, 1);
}

export interface ChangeText {
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  /** For screen readers: "up 0.2 points". */
  label: string;
}

/** The arrow follows the rounded figure, so a change of +0.04 reads "0.0", not "▲ +0.0". */
export function formatChange(change: number | null): ChangeText {
  if (change === null) return { text: NO_DATA, direction: 'none', label: t('analyst.change.none') };
  const rounded = Math.round(change * 10) / 10;
  const n = formatNumber(Math.abs(rounded), 1);
  if (rounded > 0) return { text: `▲ +${n}`, direction: 'up', label: t('analyst.change.up', { n }) };
  if (rounded < 0) return { text: `▼ −${n}`, direction: 'down', label: t('analyst.change.down', { n }) };
  return { text: `= ${n}`, direction: 'flat', label: t('analyst.change.flat') };
}

export function formatMetric(name: IndexName, v: number | null): string {
  if (name === 'composite') return ''; // a weighted mean of indices has no metric of its own
  if (v === null) return NO_DATA;
  switch (name) {
    case 'volume':
    case 'rural_volume':
      return t('analyst.unit.parcelsPerDay', { n: formatNumber(v, 0) });
    case 'staffing':
      return t('analyst.unit.staffPerDay', { n: formatNumber(v, 1) });
    default:
      return t('analyst.unit.pct', { n: formatShare(v) });
  }
}

/** The scope in the UI language (the server names it in English): "central region" / 中部地区, a site's
 * name (in English with its Chinese name beside it, as the registry writes both). */
export function scopeName(scope: Scope, sites: readonly SiteInfo[]): string {
  if (scope.kind === 'all') return t('analyst.allSites');
  const region = regions.find((r) => r === scope.id);
  if (scope.kind === 'region' && region) return t(`region.${region}`);
  const site = sites.find((s) => s.id === scope.id);
  return site ? siteName(site, lang() === 'en') : scope.name;
}
