// The live alert list: active alerts (critical first) with severity word + icon, what happened and since when,
// then the last few cleared ones. Used by the operator view and, larger, by the wall.
import type { Alert } from '../../shared/live/alerts';
import { t } from '../i18n/i18n';
import type { AlertList } from '../live/alert-list';
import type { AlertActions } from './alert-actions';
import { alertText, severityText } from './alert-text';
import { el, setText } from './dom';
import { formatTime } from './format';

export interface AlertPanel {
  element: HTMLElement;
  update(alerts: AlertList, timeZone: string, now: number): void;
}

function ackText(a: Alert, timeZone: string, now: number): string {
  const ack = a.ack!;
  const base = t('alerts.acked', { by: ack.by, at: formatTime(ack.at, timeZone, now) });
  return ack.note ? `${base} — ${ack.note}` : base;
}

function row(a: Alert, timeZone: string, now: number, actions: AlertActions | undefined): HTMLElement {
  const cleared = a.clearedAt !== null;
  const when = cleared
    ? t('alerts.cleared', { at: formatTime(a.clearedAt!, timeZone, now) })
    : t('alerts.since', { at: formatTime(a.startedAt, timeZone, now) });
  const acked = a.ack !== null && a.ack !== undefined;
  const silence = cleared ? undefined : actions?.silencing(a);
  return el(
    'li',
    {
      class: `alert alert-${cleared ? 'cleared' : a.severity}${acked ? ' alert-acked' : ''}`,
      'data-testid': 'alert-row',
      'data-alert-id': a.id,
      'data-kind': a.kind,
      'data-severity': a.severity,
      'data-cleared': String(cleared),
      'data-acked': String(acked),
      'data-silenced': String(silence !== undefined),
    },
    el('span', { class: 'alert-severity' }, severityText(a)),
    el('span', { class: 'alert-text' }, alertText(a, timeZone, now)),
    el('span', { class: 'alert-time' }, when),
    acked ? el('span', { class: 'alert-ack', 'data-testid': 'alert-ack' }, ackText(a, timeZone, now)) : null,
    silence
      ? el(
          'span',
          { class: 'alert-ack', 'data-testid': 'alert-silenced' },
          t('alerts.silencedUntil', {
            at: formatTime(silence.endsAt, timeZone, now),
            reason: silence.reason,
          }),
        )
      : null,
    actions && !cleared && !acked ? actions.controls(a) : null,
    actions && !cleared ? (actions.openForm(a.id) ?? null) : null,
  );
}

/**
 * `active`: most active alerts listed (the rest are counted); `recent`: cleared ones listed; `actions`: the
 * operator's acknowledge and silence buttons (the wall has none, but shows acknowledgements).
 */
export function createAlertPanel(opts: {
  active: number;
  recent: number;
  actions?: AlertActions;
}): AlertPanel {
  const count = el('span', { class: 'panel-count', 'data-testid': 'alert-count' });
  const list = el('ul', { class: 'alert-list' });
  const element = el(
    'section',
    { class: 'panel alert-panel', 'data-testid': 'alert-panel', 'aria-live': 'polite' },
    el('h2', {}, `${t('alerts.title')} `, count),
    list,
    opts.actions?.silences ?? null,
  );
  return {
    element,
    update(alerts, timeZone, now) {
      const active = alerts.active();
      setText(count, active.length > 0 ? t('alerts.activeCount', { n: active.length }) : '');
      const recent = alerts.recent().slice(0, opts.recent);
      const rows = active.slice(0, opts.active).map((a) => row(a, timeZone, now, opts.actions));
      if (active.length > opts.active)
        rows.push(el('li', { class: 'alert-heading' }, t('alerts.more', { n: active.length - opts.active })));
      if (active.length === 0) rows.push(el('li', { class: 'alert alert-none' }, `✓ ${t('alerts.none')}`));
      if (recent.length > 0) {
        rows.push(el('li', { class: 'alert-heading' }, t('alerts.recent')));
        rows.push(...recent.map((a) => row(a, timeZone, now, undefined)));
      }
      list.replaceChildren(...rows);
    },
  };
}
