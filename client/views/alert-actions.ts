// What an operator can do about an alert from the alert list: acknowledge it (name remembered, optional note)
// or silence its kind at its site for a few hours with a reason; plus the list of silences in force with an
// "end" button. One small inline form at a time, kept across the list's re-renders. The wall uses it with
// `ackOnly`: one small acknowledge button per alert (touch or keyboard), no silences.
import { type Silence, silenceMatches } from '../../shared/alerting/silence';
import type { Alert } from '../../shared/live/alerts';
import {
  acknowledge,
  createSilence,
  endSilence,
  fetchSilences,
  rememberedName,
  rememberName,
} from '../api/alerting';
import { t } from '../i18n/i18n';
import { el, setText } from './dom';
import { formatTime } from './format';

export interface AlertActions {
  /** The buttons of an active alert (and its open form, if any). */
  controls(a: Alert): HTMLElement;
  /** The silences in force for the current site. */
  silences: HTMLElement;
  refreshSilences(): void;
  /** The silence in force that keeps this alert from being notified, if any (as last fetched). */
  silencing(a: Alert): Silence | undefined;
  /** The form open for an alert, re-attached when the list is drawn again. */
  openForm(id: string): HTMLFormElement | undefined;
  /** True while a form is open (the wall holds its rotation meanwhile). */
  busy(): boolean;
  destroy(): void;
}

const SILENCE_HOURS = [1, 4, 8, 24];

export function createAlertActions(
  site: () => string | undefined,
  timeZone: () => string,
  regionOf: (site: string) => string,
  onSilencesChanged: () => void,
  options: { ackOnly?: boolean } = {},
): AlertActions {
  let open: { id: string; form: HTMLFormElement } | undefined;
  let inForce: Silence[] = [];
  const silenceList = el('ul', { class: 'silence-list', 'data-testid': 'silence-list' });
  const silences = el('div', { class: 'silences' }, silenceList);

  function close() {
    open?.form.remove();
    open = undefined;
  }

  function field(label: string, input: HTMLElement) {
    return el('label', { class: 'alert-field' }, el('span', {}, label), input);
  }

  function form(a: Alert, kind: 'ack' | 'silence'): HTMLFormElement {
    const name = el('input', { name: 'by', required: '', maxlength: '80', 'data-testid': 'alert-form-name' });
    name.value = rememberedName();
    const text = el('input', {
      name: 'text',
      maxlength: '500',
      'data-testid': 'alert-form-text',
      ...(kind === 'silence' ? { required: '' } : {}),
    });
    const hours = el(
      'select',
      { name: 'hours', 'data-testid': 'alert-form-hours' },
      ...SILENCE_HOURS.map((h) => el('option', { value: String(h) }, t('alerts.hours', { n: h }))),
    );
    const error = el('span', { class: 'alert-form-error', role: 'alert' });
    const f = el(
      'form',
      { class: 'alert-form', 'data-testid': `alert-${kind}-form` },
      field(t('alerts.name'), name),
      kind === 'silence' ? field(t('alerts.duration'), hours) : null,
      field(kind === 'ack' ? t('alerts.note') : t('alerts.reason'), text),
      el('button', { type: 'submit', 'data-testid': 'alert-form-ok' }, t('alerts.ok')),
      el(
        'button',
        { type: 'button', class: 'secondary', 'data-testid': 'alert-form-cancel' },
        t('alerts.cancel'),
      ),
      error,
    );
    f.querySelector('[data-testid="alert-form-cancel"]')!.addEventListener('click', close);
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const by = name.value.trim();
      rememberName(by);
      const done =
        kind === 'ack'
          ? acknowledge(a.id, by, text.value.trim())
          : createSilence({
              matchers: { site: a.site, kind: a.kind },
              durationMinutes: Number(hours.value) * 60,
              reason: text.value.trim(),
              createdBy: by,
            });
      done.then(
        () => {
          close();
          if (kind === 'silence') refreshSilences();
        },
        (e: Error) => setText(error, t('alerts.failed', { why: e.message })),
      );
    });
    return f;
  }

  function button(a: Alert, kind: 'ack' | 'silence', label: string) {
    const b = el(
      'button',
      { type: 'button', class: 'alert-action', 'data-testid': `alert-${kind}-button` },
      label,
    );
    b.addEventListener('click', () => {
      close();
      open = { id: a.id, form: form(a, kind) };
      b.closest('li')?.append(open.form);
      open.form
        .querySelector<HTMLInputElement>(kind === 'ack' && rememberedName() ? '[name="text"]' : '[name="by"]')
        ?.focus();
    });
    return b;
  }

  function silenceRow(s: Silence): HTMLElement {
    const what = s.matchers.kind ? t(`alertKind.${s.matchers.kind}`) : t('alerts.anyKind');
    const end = el(
      'button',
      { type: 'button', class: 'alert-action', 'data-testid': 'silence-end' },
      t('alerts.silenceEnd'),
    );
    end.addEventListener('click', () => {
      endSilence(s.id).then(refreshSilences, () => {});
    });
    return el(
      'li',
      { 'data-testid': 'silence-row' },
      t('alerts.silenceText', {
        what,
        at: formatTime(s.endsAt, timeZone(), Date.now()),
        by: s.createdBy,
        reason: s.reason,
      }),
      ' ',
      end,
    );
  }

  let fetching = 0;
  function refreshSilences() {
    const n = ++fetching;
    fetchSilences().then(
      (list) => {
        if (n !== fetching) return;
        inForce = list;
        onSilencesChanged();
        const here = list.filter((s) => s.matchers.site === undefined || s.matchers.site === site());
        silences.hidden = here.length === 0;
        silenceList.replaceChildren(...here.map(silenceRow));
        const heading = el('li', { class: 'alert-heading' }, t('alerts.silences'));
        if (here.length > 0) silenceList.prepend(heading);
      },
      () => {},
    );
  }
  const timer = options.ackOnly ? undefined : setInterval(refreshSilences, 30_000);
  silences.hidden = true;

  return {
    controls(a) {
      return el(
        'span',
        { class: 'alert-actions' },
        button(a, 'ack', t('alerts.ack')),
        options.ackOnly ? null : button(a, 'silence', t('alerts.silence')),
      );
    },
    silences,
    refreshSilences,
    openForm: (id) => (open?.id === id ? open.form : undefined),
    busy: () => open !== undefined,
    silencing: (a) =>
      inForce.find(
        (s) => Date.now() < s.endsAt && silenceMatches(s.matchers, { ...a, region: regionOf(a.site) }),
      ),
    destroy() {
      clearInterval(timer);
    },
  };
}
