// One site on the network overview: a link to its operator view showing vehicles per minute, the 10 s gate SLA
// share, staff on site, load rate, active alerts and how fresh its data is. Updated in place (text only).
import type { SiteInfo } from '../../../shared/sites/registry';
import { lang, t } from '../../i18n/i18n';
import { el, setText } from '../dom';
import { formatAge, formatNumber, formatShare, NO_DATA } from '../format';
import { siteName } from '../site-name';
import type { TileFigures } from './network-figures';

/** Below this share of vehicle scans within 10 s the tile marks the SLA figure. */
const SLA_WARN = 0.9;

export interface SiteTile {
  element: HTMLElement;
  update(f: TileFigures): void;
}

function figure(name: string, label: string): { element: HTMLElement; value: HTMLElement } {
  const value = el('span', { class: 'net-value', 'data-testid': `tile-${name}` });
  return {
    element: el('div', { class: `net-figure net-${name}` }, el('span', { class: 'net-label' }, label), value),
    value,
  };
}

export function operatorHref(site: string): string {
  return `/?site=${encodeURIComponent(site)}&lang=${lang()}`;
}

export function createSiteTile(site: SiteInfo): SiteTile {
  const vehicles = figure('vehicles', t('net.vehicles'));
  const sla = figure('sla', t('net.sla'));
  const staff = figure('staff', t('net.staff'));
  const load = figure('load', t('net.load'));
  const alerts = el('span', { class: 'net-alerts', 'data-testid': 'tile-alerts' });
  const age = el('span', { class: 'net-age', 'data-testid': 'tile-age' });
  const name = siteName(site);
  const element = el(
    'a',
    {
      class: 'net-tile',
      href: operatorHref(site.id),
      'data-site': site.id,
      'data-testid': 'net-tile',
      title: t('net.open', { site: name }),
    },
    el('div', { class: 'net-name' }, el('span', { class: 'net-site' }, name), alerts),
    el('div', { class: 'net-figures' }, vehicles.element, sla.element, staff.element, load.element),
    age,
  );
  return {
    element,
    update(f) {
      setText(
        vehicles.value,
        f.vehiclesPerMin === null ? NO_DATA : `${formatNumber(f.vehiclesPerMin)}${t('unit.perMin')}`,
      );
      setText(sla.value, f.slaShare === null ? NO_DATA : `${formatShare(f.slaShare)} %`);
      sla.element.classList.toggle('is-low', f.slaShare !== null && f.slaShare < SLA_WARN);
      setText(staff.value, formatNumber(f.staffOnSite));
      setText(load.value, f.loadRate === null ? NO_DATA : `${formatShare(f.loadRate)} %`);
      const active = f.alerts.warning + f.alerts.critical;
      setText(alerts, active === 0 ? '' : `⚠ ${active}`);
      alerts.dataset.count = String(active);
      alerts.dataset.critical = String(f.alerts.critical);
      element.dataset.alert = f.alerts.critical > 0 ? 'critical' : active > 0 ? 'warning' : 'none';
      element.dataset.freshness = f.freshness;
      setText(
        age,
        f.ageMs === undefined
          ? t('net.noData')
          : f.freshness === 'stale'
            ? `⚠ ${t('net.stale', { age: formatAge(f.ageMs) })}`
            : t('net.fresh', { age: formatAge(f.ageMs) }),
      );
    },
  };
}
