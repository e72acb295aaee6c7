// Flow per gate lane over the last 15 minutes (polled: it moves slowly): vehicles per minute in and out and
// the share within the 10 s SLA, flagged with a word when below target. Lane ids are device text.

import { GATE_SLA_MS } from '../../../shared/events/gate-scan';
import type { LaneFlow } from '../../../shared/live/lane-flows';
import { fetchLaneFlows } from '../../api/lanes';
import { t } from '../../i18n/i18n';
import { log } from '../../log';
import { el } from '../dom';
import { formatNumber, formatShare } from '../format';
import { createBoardTable } from './board-table';

const REFRESH_MS = 10_000;
/** The share a lane should keep within the SLA; below it the row says so. */
const LANE_TARGET = 0.9;

function row(l: LaneFlow): HTMLTableRowElement {
  const low = l.slaShare < LANE_TARGET;
  return el(
    'tr',
    { 'data-testid': 'lane-row', 'data-lane': `${l.gate}/${l.lane}`, class: low ? 'is-delayed' : undefined },
    el('td', {}, l.gate),
    el('td', {}, l.lane),
    el('td', { class: 'num', 'data-raw': String(l.inPerMin) }, formatNumber(l.inPerMin, 1)),
    el('td', { class: 'num' }, formatNumber(l.outPerMin, 1)),
    el('td', { class: 'num' }, formatNumber(l.scans)),
    el('td', { class: 'num' }, `${formatShare(l.slaShare)} %${low ? ` ⚠ ${t('lanes.low')}` : ''}`),
  );
}

export function createLanePanel(site: () => string | undefined): {
  element: HTMLElement;
  refresh(): void;
  destroy(): void;
} {
  const table = createBoardTable(
    'lane-panel',
    [t('lanes.title', { min: 15, s: GATE_SLA_MS / 1000 })],
    [
      { heading: t('lanes.gate') },
      { heading: t('lanes.lane') },
      { heading: t('lanes.in'), numeric: true },
      { heading: t('lanes.out'), numeric: true },
      { heading: t('lanes.scans'), numeric: true },
      { heading: t('lanes.sla'), numeric: true },
    ],
  );
  let loading: AbortController | undefined;
  const refresh = () => {
    const id = site();
    if (id === undefined) return;
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    fetchLaneFlows(id, controller.signal)
      .then((r) => {
        if (r.site === site()) table.show(r.lanes.map(row), t('lanes.empty'));
      })
      .catch(
        (e: unknown) =>
          controller.signal.aborted || log('warn', 'lane flows unavailable', { error: String(e) }),
      );
  };
  const timer = setInterval(refresh, REFRESH_MS);
  table.show([], t('lanes.empty'));
  return {
    element: table.element,
    refresh,
    destroy() {
      clearInterval(timer);
      loading?.abort();
    },
  };
}
