// Gate processing time, p50 and p95 in seconds, against the 10 s customs release target.
import { GATE_SLA_MS } from '../../shared/events/gate-scan';
import { t } from '../i18n/i18n';
import { palette } from './palette';
import { slaLinePlugin } from './sla-line';
import type { ChartSpec } from './time-series-chart';

export function processingChart(fontPx = 12): ChartSpec {
  return {
    series: [
      { label: 'p50', stroke: palette.p50 },
      { label: 'p95', stroke: palette.p95, dash: [10, 4] },
    ],
    formatY: (ms) => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`,
    // Always keep the SLA line in view, with headroom above the slowest p95.
    yRange: (_min, max) => [0, Math.max((max ?? 0) * 1.15, GATE_SLA_MS * 1.3)],
    plugins: [slaLinePlugin(GATE_SLA_MS, t('series.sla', { s: GATE_SLA_MS / 1000 }), palette.sla, fontPx)],
  };
}
