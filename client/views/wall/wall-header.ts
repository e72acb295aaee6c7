// The wall's top bar: what is shown (site or index summary), a large clock with its time zone and UTC offset,
// the connection, the age of the newest data, and where the rotation stands.

import type { ClusterLiveStatus } from '../../../shared/live/messages';
import { t } from '../../i18n/i18n';
import type { ConnectionState } from '../../live/connection';
import { el, setText } from '../dom';
import { formatAge, formatDate, formatTime, formatUtcOffset } from '../format';

export interface WallHeaderState {
  title: string;
  timeZone: string;
  now: number;
  connection: ConnectionState;
  dataAgeMs: number | undefined;
  stale: boolean;
  page: { n: number; total: number; nextInS: number } | undefined;
  /** Cluster mode: which node the wall is on and how the cluster is. */
  cluster?: ClusterLiveStatus | undefined;
}

const stateKey = { connecting: 'conn.connecting', open: 'conn.open', closed: 'conn.closed' } as const;

export function createWallHeader(): { element: HTMLElement; update(s: WallHeaderState): void } {
  const title = el('h1', { class: 'wall-title', 'data-testid': 'wall-title' });
  const conn = el('span', { class: 'conn', 'data-testid': 'connection-state' });
  const age = el('span', { class: 'age', 'data-testid': 'data-age' });
  const page = el('span', { class: 'wall-page', 'data-testid': 'wall-page' });
  const node = el('span', { class: 'wall-node', 'data-testid': 'cluster-node' });
  const clock = el('span', { class: 'wall-clock', 'data-testid': 'wall-clock' });
  const date = el('span', { class: 'wall-date' });
  const zone = el('span', { class: 'wall-zone', 'data-testid': 'time-zone' });
  const element = el(
    'header',
    { class: 'wall-top' },
    el('div', { class: 'wall-what' }, title, el('div', { class: 'wall-status' }, conn, age, page, node)),
    el('div', { class: 'wall-time', 'aria-label': t('wall.clock') }, clock, el('div', {}, date, zone)),
  );
  return {
    element,
    update(s) {
      setText(title, s.title);
      conn.dataset.state = s.connection;
      setText(conn, t(stateKey[s.connection]));
      age.classList.toggle('is-stale', s.stale);
      age.dataset.stale = String(s.stale);
      const ageText =
        s.dataAgeMs === undefined ? t('age.none') : `${t('wall.dataAge')} ${formatAge(s.dataAgeMs)}`;
      setText(age, s.stale ? `⚠ ${ageText} · ${t('age.stale')}` : ageText);
      setText(page, s.page ? `${t('wall.page', s.page)} · ${t('wall.nextIn', { s: s.page.nextInS })}` : '');
      node.hidden = !s.cluster;
      if (s.cluster) {
        node.dataset.node = s.cluster.node;
        setText(
          node,
          t('cluster.health', {
            node: s.cluster.node,
            up: s.cluster.nodesUp.length,
            lag: Math.max(0, s.cluster.streamSeq - s.cluster.appliedSeq),
          }),
        );
      }
      setText(clock, formatTime(s.now, s.timeZone, s.now, true));
      setText(date, formatDate(s.now, s.timeZone));
      setText(zone, ` · ${s.timeZone} (${formatUtcOffset(s.now, s.timeZone)})`);
    },
  };
}
