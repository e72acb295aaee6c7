// Header: site picker, time-range picker, language switch, connection state and the age of the newest data.
import type { SiteInfo } from '../../../shared/sites/registry';
import { t } from '../../i18n/i18n';
import type { ConnectionState } from '../../live/connection';
import { el, setText } from '../dom';
import { formatAge } from '../format';
import { siteName } from '../site-name';

export interface Header {
  element: HTMLElement;
  setSites(sites: readonly SiteInfo[], current: string | undefined): void;
  setConnection(state: ConnectionState, retryInMs: number | undefined): void;
  setDataAge(ageMs: number | undefined, stale: boolean, timeZone: string | undefined): void;
}

const stateKey = { connecting: 'conn.connecting', open: 'conn.open', closed: 'conn.closed' } as const;

export function createHeader(onSiteChange: (site: string) => void, ...controls: HTMLElement[]): Header {
  const picker = el('select', { 'data-testid': 'site-picker', id: 'site-picker' });
  picker.addEventListener('change', () => onSiteChange(picker.value));
  const connection = el('span', {
    class: 'conn',
    'data-testid': 'connection-state',
    'data-state': 'connecting',
  });
  const age = el('span', { class: 'age', 'data-testid': 'data-age' }, t('age.none'));
  const zone = el('span', { class: 'zone', 'data-testid': 'time-zone' });
  const element = el(
    'header',
    { class: 'top' },
    el('h1', {}, 'portpulse', el('span', { class: 'subtitle' }, ` · ${t('app.operator')}`)),
    el(
      'label',
      { class: 'site', for: 'site-picker' },
      el('span', { class: 'label' }, t('header.site')),
      picker,
    ),
    ...controls,
    el('div', { class: 'status' }, connection, age, zone),
  );
  return {
    element,
    setSites(sites, current) {
      const options = sites.map((s) => {
        const o = el('option', { value: s.id }, siteName(s, true));
        o.selected = s.id === current;
        return o;
      });
      picker.replaceChildren(...options);
      if (current !== undefined) picker.value = current;
    },
    setConnection(state, retryInMs) {
      connection.dataset.state = state;
      const text = t(stateKey[state]);
      const retry = state === 'closed' && retryInMs !== undefined;
      setText(connection, retry ? t('conn.retry', { state: text, s: Math.ceil(retryInMs / 1000) }) : text);
    },
    setDataAge(ageMs, stale, timeZone) {
      age.classList.toggle('is-stale', stale);
      age.dataset.stale = String(stale);
      const text = ageMs === undefined ? t('age.none') : t('age.newest', { age: formatAge(ageMs) });
      setText(age, stale ? `⚠ ${text} · ${t('age.stale')}` : text);
      setText(zone, timeZone ? t('zone.times', { zone: timeZone }) : '');
    },
  };
}
