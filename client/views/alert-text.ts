// How an alert reads, in the UI language: one sentence with the figures that matter for its kind.
import type { Alert } from '../../shared/live/alerts';
import { t } from '../i18n/i18n';
import { formatAge, formatNumber, formatShare, formatTime } from './format';

export function alertText(a: Alert, timeZone: string, now: number): string {
  const time = (ms: number) => formatTime(ms, timeZone, now);
  switch (a.kind) {
    case 'gate_sla':
      return t('alert.gate_sla', {
        share: formatShare(a.share),
        min: formatNumber(a.windowMinutes),
        threshold: formatShare(a.threshold),
        scans: formatNumber(a.scans),
      });
    case 'overweight':
      return t('alert.overweight', {
        plate: a.plate,
        gross: formatNumber(a.grossKg / 1000, 1),
        axles: formatNumber(a.axles),
        limit: formatNumber(a.limitKg / 1000, 1),
        over: formatNumber((a.grossKg - a.limitKg) / 1000, 1),
        bridge: a.bridge,
      });
    case 'departure_delay':
      return t('alert.departure_delay', {
        flight: a.flightNo,
        dest: a.destination,
        delay: formatNumber(a.delayMinutes),
        sobt: time(a.sobt),
        aobt: time(a.aobt),
      });
    case 'silent': {
      const params = {
        at: formatTime(a.lastEventAt, timeZone, now, true),
        limit: formatAge(a.limitSeconds * 1000),
      };
      return a.source === 'site'
        ? t('alert.silent.site', params)
        : t('alert.silent.collector', { ...params, source: t(`source.${a.source}`) });
    }
  }
}

/** The severity as a word and an icon, so colour is never the only signal. */
export function severityText(a: Alert): string {
  if (a.clearedAt !== null) return t('sev.cleared');
  return t(a.severity === 'critical' ? 'sev.critical' : 'sev.warning');
}
