// The operator's controls: the time-range picker (15 min … 24 h) and the language switch (remembered).
import { type HistoryRange, historyRanges } from '../../shared/live/kpi-history';
import { type Lang, lang, langs, setLang, t } from '../i18n/i18n';
import { el } from './dom';

export function createRangePicker(initial: HistoryRange, onChange: (r: HistoryRange) => void): HTMLElement {
  const ranges = Object.keys(historyRanges) as HistoryRange[];
  const buttons = ranges.map((r) => {
    const b = el(
      'button',
      { type: 'button', 'data-range': r, 'aria-pressed': String(r === initial) },
      t(`range.${r}`),
    );
    b.addEventListener('click', () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === b));
      onChange(r);
    });
    return b;
  });
  return el(
    'div',
    { class: 'range-picker', role: 'group', 'aria-label': t('header.range'), 'data-testid': 'range-picker' },
    ...buttons,
  );
}

const langNames: Record<Lang, string> = { en: 'English', zh: '中文' };

export function createLanguageSwitch(): HTMLElement {
  const select = el('select', { 'data-testid': 'lang-switch', 'aria-label': t('lang.label') });
  select.append(
    ...langs.map((l) => el('option', { value: l, lang: l === 'zh' ? 'zh-CN' : 'en' }, langNames[l])),
  );
  select.value = lang();
  select.addEventListener('change', () => setLang(select.value as Lang));
  return el('label', { class: 'lang' }, el('span', { class: 'label' }, t('lang.label')), select);
}
