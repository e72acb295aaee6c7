// Departures board: cargo flights off-block against schedule (A-CDM), on time when AOBT − SOBT < 15 min;
// the status is a word and an icon, not only a colour.
import { delayMinutes, type FlightDeparture, isOnTime } from '../../../shared/events/flight-departure';
import { t } from '../../i18n/i18n';
import { el } from '../dom';
import { formatDelay, formatNumber, formatTime } from '../format';
import { createBoardTable } from './board-table';

const MAX_ROWS = 12;

export interface DeparturesBoard {
  element: HTMLElement;
  update(departures: readonly FlightDeparture[], timeZone: string, now: number, hasAirport: boolean): void;
}

function row(f: FlightDeparture, timeZone: string, now: number): HTMLTableRowElement {
  const onTime = isOnTime(f);
  return el(
    'tr',
    {
      'data-testid': 'departure-row',
      'data-on-time': String(onTime),
      class: onTime ? undefined : 'is-delayed',
    },
    el('td', { class: 'flight' }, f.flight_no),
    el('td', {}, f.destination),
    el('td', { class: 'time' }, formatTime(f.sobt, timeZone, now)),
    el('td', { class: 'time' }, formatTime(f.aobt, timeZone, now)),
    el('td', { class: 'num' }, formatDelay(delayMinutes(f))),
    el('td', { class: 'num' }, formatNumber(f.cargo_kg)),
    el(
      'td',
      {},
      onTime
        ? el('span', { class: 'badge badge-ok' }, t('dep.onTime'))
        : el('span', { class: 'badge badge-warn' }, t('dep.delayed')),
    ),
  );
}

export function createDeparturesBoard(staleTag?: HTMLElement): DeparturesBoard {
  const table = createBoardTable(
    'departures-board',
    [`${t('dep.title')} `, staleTag ?? null],
    [
      { heading: t('dep.flight') },
      { heading: t('dep.dest') },
      { heading: t('dep.sobt') },
      { heading: t('dep.aobt') },
      { heading: t('dep.delay'), numeric: true },
      { heading: t('dep.cargo'), numeric: true },
      { heading: t('dep.status') },
    ],
  );
  return {
    element: table.element,
    update(departures, timeZone, now, hasAirport) {
      table.show(
        departures.slice(0, MAX_ROWS).map((f) => row(f, timeZone, now)),
        hasAirport ? t('dep.empty') : t('dep.noAirport'),
      );
    },
  };
}
