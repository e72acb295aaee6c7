// Bootstraps the dashboard: the analyst view (?view=analyst), the network overview (?view=network), or the live views — language, mode (?mode=wall or
// the operator view), the live connection and the site feed, which outlive the view so a language switch
// re-renders without losing data or the socket.
import { log } from './log';
import './zod-csp';
import './styles.css';
import type { SiteInfo } from '../shared/sites/registry';
import { adoptTokenFromUrl, liveUrlWithTicket, onAuthRequired } from './api/auth';
import { authorizeApiLinks } from './api/authorized-links';
import { fetchSites } from './api/sites';
import { initLang, onLangChange, t } from './i18n/i18n';
import { LiveConnection, liveUrl } from './live/connection';
import { SiteFeed } from './live/site-feed';
import { mountAnalystView } from './views/analyst/analyst-view';
import { authNotice } from './views/auth-notice';
import { mountNetworkView } from './views/network/network-view';
import { type MountedView, mountOperatorView } from './views/operator';
import { isAnalystUrl, isNetworkUrl, viewNav } from './views/view-nav';
import { readViewParams } from './views/view-params';
import { mountWallView } from './views/wall';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

// A read token given as #token= (or ?token=) is kept for this tab and taken out of the URL before anything else
// reads it.
adoptTokenFromUrl();
authorizeApiLinks();
const stopAuthNotice = onAuthRequired(() => {
  stopAuthNotice();
  document.body.prepend(authNotice());
});

initLang();
if (isAnalystUrl()) startAnalystView(root);
else if (isNetworkUrl()) startNetworkView(root);
else startLiveViews(root);

/** The analyst view holds no live state: a language switch simply mounts it again. */
function startAnalystView(root: HTMLElement): void {
  let view = mountAnalystView(root);
  onLangChange(() => {
    view.destroy();
    view = mountAnalystView(root);
  });
}

/** The network overview polls its own data: a language switch mounts it again. */
function startNetworkView(root: HTMLElement): void {
  const params = readViewParams(location.search);
  const wall = params.mode === 'wall';
  const mount = () => {
    document.title = `portpulse · ${t('app.network')}`;
    document.body.classList.toggle('is-wall', wall);
    return mountNetworkView(root, {
      wall,
      staleAfterMs: params.staleAfterMs,
      rotateSeconds: params.rotateSeconds,
    });
  };
  let view = mount();
  onLangChange(() => {
    view.destroy();
    view = mount();
  });
  Object.assign(window, { portpulse: { network: () => view.debug() } });
}

function startLiveViews(root: HTMLElement): void {
  const params = readViewParams(location.search);
  const connection = new LiveConnection({
    url: () => liveUrlWithTicket(liveUrl(location)),
    // Cluster mode: another node straight away when ours died (the page's CSP lists the nodes up at load).
    peerUrl: (peer) => liveUrlWithTicket(`${peer.url.replace(/^http/, 'ws')}/api/live`),
  });
  const feed = new SiteFeed(connection);
  let sites: readonly SiteInfo[] = [];
  let view: MountedView | undefined;

  function mount(): void {
    view?.destroy();
    const ctx = { connection, feed, sites, staleAfterMs: params.staleAfterMs, range: params.range };
    document.title = `portpulse · ${t(params.mode === 'wall' ? 'app.wall' : 'app.operator')}`;
    document.body.classList.toggle('is-wall', params.mode === 'wall');
    view =
      params.mode === 'wall'
        ? mountWallView(root, { ...ctx, rotateSeconds: params.rotateSeconds })
        : mountOperatorView(root, ctx);
    if (params.mode === 'operator') root.querySelector('header h1')?.after(viewNav('operator'));
  }

  function setSites(list: readonly SiteInfo[]): void {
    sites = list;
    view?.setSites(list);
  }

  mount();
  onLangChange(mount);
  connection.onMessage((m) => {
    if (m.type === 'hello' && m.sites.length > 0 && sites.length === 0) setSites(m.sites);
  });
  fetchSites()
    .then(setSites)
    .catch((e: unknown) =>
      log('warn', 'site list unavailable, waiting for the live hello', { error: String(e) }),
    );
  connection.start();

  // Lets a console or a browser test look at the connection counters, the feed and the view.
  Object.assign(window, { portpulse: { connection, feed, view: () => view } });
}
