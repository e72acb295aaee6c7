// The page-wide banner that says the figures are not live (disconnected, or no new data for too long), in
// words and with an icon; hidden while everything is fresh. Plus the per-panel "STALE" tag.
import { t } from '../i18n/i18n';
import { el, setText } from './dom';
import { formatAge, formatTime } from './format';
import type { BannerState, StreamState } from './staleness';

export interface StaleBanner {
  element: HTMLElement;
  update(state: BannerState, staleAfterMs: number, timeZone: string, now: number): void;
}

export function createStaleBanner(): StaleBanner {
  const element = el('div', { class: 'stale-banner', role: 'alert', 'data-testid': 'stale-banner' });
  element.hidden = true;
  return {
    element,
    update(state, staleAfterMs, timeZone, now) {
      element.hidden = state.kind === 'ok';
      element.dataset.state = state.kind;
      let text = '';
      if (state.kind === 'disconnected')
        text = t('stale.disconnected', { s: Math.ceil((state.retryInMs ?? 0) / 1000) });
      else if (state.kind === 'connecting') text = t('stale.connecting');
      else if (state.kind === 'never') text = t('stale.never');
      else if (state.kind === 'stale')
        text = t('stale.banner', {
          age: formatAge(state.ageMs),
          limit: formatAge(staleAfterMs),
          at: `${formatTime(state.newestAt, timeZone, now, true)} (${timeZone})`,
        });
      setText(element, text);
    },
  };
}

/** A tag for a panel heading; `show` marks the panel stale (text + dimmed + dashed edge) or live. */
export function createStaleTag(stream: string): {
  element: HTMLElement;
  show(panel: HTMLElement, s: StreamState): void;
} {
  const element = el('span', { class: 'stale-tag', 'data-testid': `stale-${stream}` });
  return {
    element,
    show(panel, s) {
      const stale = s.kind === 'stale';
      panel.classList.toggle('is-stale', stale);
      panel.dataset.stale = String(stale);
      setText(element, stale ? t('stale.panel', { age: formatAge(s.ageMs) }) : '');
      element.hidden = !stale;
    },
  };
}
