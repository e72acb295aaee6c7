// Header: site picker, connection state and the age of the newest data (a stale-data indicator).
import type { SiteInfo } from '../../../shared/sites/registry';
import type { ConnectionState } from '../../live/connection';
import { el, setText } from '../dom';
import { formatAge } from '../format';

/** Newest event older than this is flagged stale. */
export const STALE_AFTER_MS = 120_000;

export interface Header {
  element: HTMLElement;
  setSites(sites: readonly SiteInfo[], current: string | undefined): void;
  setConnection(state: ConnectionState, retryInMs: number | undefined): void;
  setDataAge(ageMs: number | undefined, timeZone: string | undefined): void;
}

const stateText: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  closed: 'Disconnected',
};

export function createHeader(onSiteChange: (site: string) => void): Header {
  const picker = el('select', { 'data-testid': 'site-picker', id: 'site-picker' });
  picker.addEventListener('change', () => onSiteChange(picker.value));
  const connection = el('span', {
    class: 'conn',
    'data-testid': 'connection-state',
    'data-state': 'connecting',
  });
  const age = el('span', { class: 'age', 'data-testid': 'data-age' }, 'No data yet');
  const zone = el('span', { class: 'zone', 'data-testid': 'time-zone' });
  const element = el(
    'header',
    { class: 'top' },
    el('h1', {}, 'portpulse', el('span', { class: 'subtitle' }, ' · operator')),
    el('label', { class: 'site', for: 'site-picker' }, el('span', { class: 'label' }, 'Site'), picker),
    el('div', { class: 'status' }, connection, age, zone),
  );
  return {
    element,
    setSites(sites, current) {
      const options = sites.map((s) => {
        const o = el('option', { value: s.id }, s.name_zh ? `${s.name} · ${s.name_zh}` : s.name);
        o.selected = s.id === current;
        return o;
      });
      picker.replaceChildren(...options);
      if (current !== undefined) picker.value = current;
    },
    setConnection(state, retryInMs) {
      connection.dataset.state = state;
      const retry =
        state === 'closed' && retryInMs !== undefined ? ` · retry in ${Math.ceil(retryInMs / 1000)} s` : '';
      setText(connection, `${stateText[state]}${retry}`);
    },
    setDataAge(ageMs, timeZone) {
      const stale = ageMs !== undefined && ageMs > STALE_AFTER_MS;
      age.classList.toggle('is-stale', stale);
      age.dataset.stale = String(stale);
      setText(
        age,
        ageMs === undefined
          ? 'No events yet'
          : `Newest event ${formatAge(ageMs)} ago${stale ? ' · STALE' : ''}`,
      );
      setText(zone, timeZone ? `Times: ${timeZone}` : '');
    },
  };
}
