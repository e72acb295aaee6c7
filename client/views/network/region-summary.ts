// The regional totals across the top of the network overview: per region its sites, vehicles per minute,
// staff on site, the lowest 10 s SLA share, active alerts and the sites whose data is stale.
import type { Region } from '../../../shared/sites/regions';
import { t } from '../../i18n/i18n';
import { el, setText } from '../dom';
import { formatNumber, formatShare, NO_DATA } from '../format';
import type { RegionTotals } from './network-figures';

export function createRegionSummary(): { element: HTMLElement; update(totals: RegionTotals[]): void } {
  const element = el('section', { class: 'net-summary', 'data-testid': 'net-summary' });
  const cards = new Map<Region, { card: HTMLElement; fields: Record<string, HTMLElement> }>();
  const row = (label: string, value: HTMLElement) =>
    el('div', { class: 'net-sum-row' }, el('span', { class: 'net-label' }, label), value);
  function card(region: Region) {
    let c = cards.get(region);
    if (c) return c;
    const fields = Object.fromEntries(
      ['sites', 'vehicles', 'staff', 'sla', 'alerts', 'stale'].map((k) => [
        k,
        el('span', { class: 'net-value', 'data-testid': `sum-${k}` }),
      ]),
    ) as Record<string, HTMLElement>;
    const element = el(
      'div',
      { class: 'net-sum-card', 'data-region': region, 'data-testid': 'region-total' },
      el('h2', {}, t(`region.${region}`), ' ', fields.sites!),
      row(t('net.vehicles'), fields.vehicles!),
      row(t('net.staff'), fields.staff!),
      row(t('net.lowestSla'), fields.sla!),
      row(t('net.alerts'), fields.alerts!),
      row(t('net.staleSites'), fields.stale!),
    );
    c = { card: element, fields };
    cards.set(region, c);
    return c;
  }
  return {
    element,
    update(totals) {
      const shown = totals.map((r) => {
        const { card: element, fields } = card(r.region);
        setText(fields.sites!, `· ${t(r.sites === 1 ? 'net.oneSite' : 'net.sites', { n: r.sites })}`);
        setText(
          fields.vehicles!,
          r.vehiclesPerMin === null ? NO_DATA : `${formatNumber(r.vehiclesPerMin)}${t('unit.perMin')}`,
        );
        setText(fields.staff!, formatNumber(r.staffOnSite));
        setText(fields.sla!, r.lowestSla === null ? NO_DATA : `${formatShare(r.lowestSla)} %`);
        const active = r.alerts.warning + r.alerts.critical;
        setText(
          fields.alerts!,
          active === 0 ? t('net.noAlerts') : t('net.alertCount', { n: active, critical: r.alerts.critical }),
        );
        setText(fields.stale!, formatNumber(r.notFresh));
        element.dataset.alert = r.alerts.critical > 0 ? 'critical' : active > 0 ? 'warning' : 'none';
        return element;
      });
      if (shown.some((c, i) => element.children[i] !== c) || element.children.length !== shown.length)
        element.replaceChildren(...shown);
    },
  };
}
