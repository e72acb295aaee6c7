// Why an index figure is missing, in the UI language. The server explains a null value or change in English
// (shared/indices: metrics.ts, monthly.ts, composite.ts); the known sentences are matched here and told in
// the UI's words, with the month formatted for the locale; an unknown one reads as the server wrote it in
// English and as a generic note in Chinese, so no English is left on a Chinese wall.
import { lang, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages-en';
import { formatMonth } from '../format';

const MONTH = '(\\d{4}-\\d{2})';
const known: { pattern: RegExp; key: MessageKey }[] = [
  { pattern: new RegExp(`^no data in base month ${MONTH}`), key: 'idx.reason.noBase' },
  { pattern: new RegExp(`^the metric is 0 in base month ${MONTH}`), key: 'idx.reason.zeroBase' },
  { pattern: new RegExp(`^no data in ${MONTH}`), key: 'idx.reason.noData' },
  { pattern: new RegExp(`^change unknown: no value for ${MONTH}`), key: 'idx.reason.noPrevious' },
  { pattern: /^no weighted sub-index has a value/, key: 'idx.reason.noSubIndex' },
];

export function indexReasonText(reason: string | null): string {
  if (reason === null) return '';
  for (const { pattern, key } of known) {
    const m = pattern.exec(reason);
    if (m) return t(key, { month: m[1] ? formatMonth(m[1]) : '' });
  }
  // An unknown sentence: in English the server's own words explain best; elsewhere a generic note.
  return lang() === 'en' ? reason : t('idx.reason.other');
}
