// The banner shown when the server wants a read token the page does not have (text only, no markup).
import { el } from './dom';

export function authNotice(): HTMLElement {
  return el(
    'p',
    { class: 'auth-notice', role: 'alert', 'data-testid': 'auth-notice' },
    'This dashboard needs a read token. Open it once as ',
    el('code', {}, `${location.origin}${location.pathname}${location.search}#token=<your read token>`),
    ' (kept for this browser tab only).',
  );
}
