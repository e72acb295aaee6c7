// Links between the operator, network (?view=network) and analyst (?view=analyst) views, in each view's header.
import './view-nav.css';
import { t } from '../i18n/i18n';
import { el } from './dom';

export type ViewName = 'operator' | 'network' | 'analyst';

export function isAnalystUrl(loc: Pick<Location, 'search'> = location): boolean {
  return new URLSearchParams(loc.search).get('view') === 'analyst';
}

export function isNetworkUrl(loc: Pick<Location, 'search'> = location): boolean {
  return new URLSearchParams(loc.search).get('view') === 'network';
}

export function viewNav(current: ViewName): HTMLElement {
  const link = (name: ViewName, href: string, text: string) =>
    el(
      'a',
      { href, 'data-testid': `nav-${name}`, 'aria-current': name === current ? 'page' : undefined },
      text,
    );
  return el(
    'nav',
    { class: 'view-nav', 'aria-label': t('nav.aria') },
    link('operator', '/', t('nav.operator')),
    link('network', '/?view=network', t('nav.network')),
    link('analyst', '/?view=analyst', t('nav.analyst')),
  );
}
