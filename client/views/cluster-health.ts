// Cluster mode on the operator view: which node the page is on and the cluster's health (nodes up, stream lag,
// InfluxDB shipping lag), from the live status messages; hidden on a single process.
import type { ClusterLiveStatus } from '../../shared/live/messages';
import { t } from '../i18n/i18n';
import { el, setText } from './dom';

export function createClusterHealth() {
  const element = el('span', { class: 'cluster-node', 'data-testid': 'cluster-node', hidden: '' });
  return {
    element,
    update(cluster: ClusterLiveStatus | undefined, shippingLagEvents: number | undefined): void {
      element.hidden = !cluster;
      if (!cluster) return;
      element.dataset.node = cluster.node;
      const health = t('cluster.health', {
        node: cluster.node,
        up: cluster.nodesUp.length,
        lag: Math.max(0, cluster.streamSeq - cluster.appliedSeq),
      });
      setText(
        element,
        shippingLagEvents === undefined
          ? health
          : `${health} · ${t('cluster.shippingLag', { lag: shippingLagEvents })}`,
      );
    },
  };
}
