// The site's alert history over the last 24 h (GET /api/alerts/history, polled): what was raised, escalated
// and cleared, who acknowledged, where notifications went, silences; newest first, with a CSV download.

import type { HistoryEntry } from '../../../shared/alerting/history';
import { downloadHistoryCsv, fetchAlertHistory } from '../../api/alerting';
import { t } from '../../i18n/i18n';
import { log } from '../../log';
import { alertText } from '../alert-text';
import { el } from '../dom';
import { formatTime } from '../format';
import { createBoardTable } from './board-table';

const REFRESH_MS = 15_000;
const DAY_MS = 86_400_000;
const MAX_ROWS = 100;

function what(e: HistoryEntry, timeZone: string, now: number): [string, string] {
  switch (e.type) {
    case 'alert':
      return [t(`history.${e.transition}`), alertText(e.alert, timeZone, now)];
    case 'ack':
      return [t('history.ack', { by: e.ack.by }), e.ack.note ?? ''];
    case 'notification':
      return [t(`history.${e.outcome}`, { channel: e.channel }), e.detail ?? ''];
    case 'silence':
      return e.silence.endedAt !== null
        ? [t('history.silenceEnded', { by: e.silence.createdBy }), '']
        : [
            t('history.silence', {
              by: e.silence.createdBy,
              at: formatTime(e.silence.endsAt, timeZone, now),
              reason: e.silence.reason,
            }),
            '',
          ];
  }
}

export function createAlertHistoryPanel(
  site: () => string | undefined,
  timeZone: () => string,
): { element: HTMLElement; refresh(): void; refreshSoon(): void; destroy(): void } {
  const csv = el(
    'button',
    { type: 'button', class: 'alert-action', 'data-testid': 'history-csv' },
    t('history.csv'),
  );
  const table = createBoardTable(
    'alert-history',
    [`${t('history.title')} `, csv],
    [{ heading: t('history.time') }, { heading: t('history.event') }, { heading: t('history.detail') }],
  );
  csv.addEventListener('click', () => {
    const id = site();
    if (id)
      downloadHistoryCsv(id, Date.now() - DAY_MS).catch((e) =>
        log('warn', 'alert history CSV failed', { error: String(e) }),
      );
  });
  let n = 0;
  let last = 0;
  let soon: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    last = Date.now();
    const id = site();
    if (id === undefined) return;
    const mine = ++n;
    fetchAlertHistory(id, Date.now() - DAY_MS)
      .then((r) => {
        if (mine !== n || r.site !== site()) return;
        const now = Date.now();
        const rows = r.entries
          .slice(-MAX_ROWS)
          .reverse()
          .map((e) => {
            const [event, detail] = what(e, timeZone(), now);
            return el(
              'tr',
              { 'data-testid': 'history-row', 'data-type': e.type },
              el('td', {}, formatTime(e.at, timeZone(), now)),
              el('td', {}, event),
              el('td', {}, detail),
            );
          });
        table.show(rows, t('history.empty'));
      })
      .catch((e: unknown) => log('warn', 'alert history unavailable', { error: String(e) }));
  };
  const timer = setInterval(refresh, REFRESH_MS);
  table.show([], t('history.empty'));
  return {
    element: table.element,
    refresh,
    /** After an alert changed: at most one fetch every 2 s. */
    refreshSoon() {
      soon ??= setTimeout(
        () => {
          soon = undefined;
          refresh();
        },
        Math.max(0, last + 2000 - Date.now()),
      );
    },
    destroy() {
      clearInterval(timer);
      clearTimeout(soon);
    },
  };
}
