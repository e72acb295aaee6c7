// The thresholds that apply to one site: the PORTPULSE_ALERT_* defaults, then its region's overrides, then its
// own, from the rules file.
import type { SiteInfo } from '../../../shared/sites/registry';
import type { AlertThresholds } from '../alert-rules';
import type { RulesFile, ThresholdOverrides } from './rules-schema';

function apply(t: AlertThresholds, o: ThresholdOverrides | undefined): AlertThresholds {
  if (!o) return t;
  return {
    slaShare: o.sla_share ?? t.slaShare,
    slaWindowMinutes: o.sla_window_min ?? t.slaWindowMinutes,
    slaMinScans: o.sla_min_scans ?? t.slaMinScans,
    delayMinutes: o.delay_min ?? t.delayMinutes,
    silentSeconds: o.silent_seconds ?? t.silentSeconds,
    flightSilentSeconds: o.flight_silent_seconds ?? t.flightSilentSeconds,
    holdMinutes: o.hold_min ?? t.holdMinutes,
  };
}

/** Every site's thresholds, resolved once per (re)load. */
export function siteThresholds(
  defaults: AlertThresholds,
  rules: RulesFile | undefined,
  sites: readonly SiteInfo[],
): Map<string, AlertThresholds> {
  const out = new Map<string, AlertThresholds>();
  for (const s of sites)
    out.set(
      s.id,
      apply(apply(defaults, rules?.thresholds?.regions?.[s.region]), rules?.thresholds?.sites?.[s.id]),
    );
  return out;
}
