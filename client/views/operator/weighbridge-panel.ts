// Latest weighbridge readings: gross against the GB 1589 limit for the axle count; an overweight row is
// coloured AND labelled "OVERWEIGHT", so colour is never the only signal. The direction tells a loaded truck
// coming in from an empty one leaving (net 0.0 t, load 0 %), which is not bad data.
import {
  isOverweight,
  legalGrossLimitKg,
  loadRate,
  type Weighbridge,
} from '../../../shared/events/weighbridge';
import { t } from '../../i18n/i18n';
import { el, setText } from '../dom';
import { formatNumber, formatShare, formatTime, formatTonnes } from '../format';
import { createBoardTable } from './board-table';

const MAX_ROWS = 12;

export interface WeighbridgePanel {
  element: HTMLElement;
  update(readings: readonly Weighbridge[], timeZone: string, now: number): void;
}

function row(w: Weighbridge, timeZone: string, now: number): HTMLTableRowElement {
  const over = w.stable && isOverweight(w);
  const rate = loadRate(w);
  const status = !w.stable
    ? el('span', { class: 'badge badge-muted' }, t('wb.unstable'))
    : over
      ? el(
          'span',
          { class: 'badge badge-alert' },
          t('wb.overweight', { over: formatTonnes(w.gross_kg - legalGrossLimitKg(w.axles)) }),
        )
      : el('span', { class: 'badge badge-ok' }, t('wb.ok'));
  return el(
    'tr',
    {
      'data-testid': 'weighbridge-row',
      'data-overweight': String(over),
      class: over ? 'is-overweight' : w.stable ? undefined : 'is-unstable',
    },
    el('td', { class: 'time' }, formatTime(w.time, timeZone, now, true)),
    el('td', { class: 'plate', title: w.plate }, w.plate),
    el(
      'td',
      { class: 'direction', 'data-direction': w.direction },
      t(w.direction === 'in' ? 'wb.in' : 'wb.out'),
    ),
    el('td', { class: 'num' }, String(w.axles)),
    el('td', { class: 'num' }, `${formatTonnes(w.gross_kg)} / ${formatTonnes(legalGrossLimitKg(w.axles))}`),
    el('td', { class: 'num' }, formatTonnes(w.net_kg)),
    el('td', { class: 'num' }, rate === undefined ? '—' : `${formatShare(rate)} %`),
    el('td', {}, status),
  );
}

export function createWeighbridgePanel(staleTag?: HTMLElement): WeighbridgePanel {
  const count = el('span', { class: 'panel-count' });
  const table = createBoardTable(
    'weighbridge-panel',
    [t('wb.title'), count, staleTag ?? null],
    [
      { heading: t('wb.time') },
      { heading: t('wb.plate') },
      { heading: t('wb.direction') },
      { heading: t('wb.axles'), numeric: true },
      { heading: t('wb.grossLimit'), numeric: true },
      { heading: t('wb.net'), numeric: true },
      { heading: t('wb.load'), numeric: true },
      { heading: t('wb.status') },
    ],
  );
  return {
    element: table.element,
    update(readings, timeZone, now) {
      const shown = readings.slice(0, MAX_ROWS);
      const over = shown.filter((w) => w.stable && isOverweight(w)).length;
      setText(count, over > 0 ? t('wb.overweightShown', { n: formatNumber(over) }) : '');
      table.show(
        shown.map((w) => row(w, timeZone, now)),
        t('wb.empty'),
      );
    },
  };
}
