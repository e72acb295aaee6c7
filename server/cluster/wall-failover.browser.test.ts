// Test (d) of cluster mode: Chromium shows the wall view through HAProxy (docs/haproxy.cfg) in front of two
// portpulse node processes on three real brokers, while trucks are written through the balancer. The node
// holding the page's WebSocket is killed with SIGKILL: the page reconnects through the balancer to the other
// node, without a reload, and its gate-flow chart goes on with no gap, no duplicate row and no blank.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchChromium, screenshot } from '../../client/testing/chromium';
import { chartData, connectionStats, timeline, waitForState } from '../../client/testing/live-page';
import { gateScan } from '../../shared/events/testing/event-builders';
import type { ServerProcess } from '../testing/server-process';
import { type ProcessCluster, startProcessCluster } from './testing/cluster-nodes';
import { type Balancer, startHaproxy } from './testing/haproxy';

const SITE = 'can-baiyun';
let cluster: ProcessCluster;
let nodes: ServerProcess[] = [];
let lb: Balancer;
let browser: Browser;
let n = 0;
let pumping = false;

const scan = (time: number) => gateScan({ time, site: SITE, plate: `粤A${String(n++).padStart(5, '0')}` });
const post = (events: unknown[]) =>
  fetch(`${lb.url}/api/events`, { method: 'POST', body: JSON.stringify(events) }).then(
    (r) => r.status,
    () => 0,
  );
const pump = setInterval(() => {
  if (pumping) post([scan(Date.now())]);
}, 400);

beforeAll(async () => {
  cluster = await startProcessCluster({
    nodes: 2,
    name: 'wall-failover',
    env: () => ({ PORTPULSE_BROADCAST_MS: '250' }),
  });
  nodes = cluster.nodes;
  lb = await startHaproxy(nodes.map((p) => p.url.replace('http://', '')));
  // Ten minutes of trucks, so the chart is full before the page opens.
  const now = Date.now();
  const seed = [];
  for (let t = now - 600_000; t < now; t += 400) seed.push(scan(t));
  expect(await post(seed)).toBe(204);
  pumping = true;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  clearInterval(pump);
  await browser?.close();
  await lb?.stop();
  await cluster?.stop();
});

async function liveClientsOf(node: ServerProcess): Promise<number> {
  const text = await fetch(`${node.url}/metrics`).then(
    (r) => r.text(),
    () => '',
  );
  return Number(/^portpulse_ws_clients (\d+)/m.exec(text)?.[1] ?? 0);
}

describe('cluster: the wall view through the balancer when its node dies', () => {
  it('reconnects to another node and the chart goes on with no gap and no blank', async () => {
    const { page } = browser;
    await page.goto(`${lb.url}/?mode=wall&site=${SITE}&range=15m`);
    await waitForState(page, 'open');
    await expect
      .poll(async () => (await chartData(page, 'gate-flow'))?.[0]?.length ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(550);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const before = await connectionStats(page);
    // The wall says which node it is on (and the node's own count of live clients agrees).
    const nodeBadge = page.locator('[data-testid="cluster-node"]');
    await expect.poll(() => nodeBadge.getAttribute('data-node'), { timeout: 20_000 }).toMatch(/^node-\d$/);
    expect(await nodeBadge.textContent()).toMatch(/^Node node-\d · 2 nodes up · stream lag \d+$/);
    const shownNode = (await nodeBadge.getAttribute('data-node'))!;
    const victim = nodes[Number(shownNode.slice('node-'.length))]!;
    expect(await liveClientsOf(victim)).toBeGreaterThan(0);
    await screenshot(page, 'cluster-wall-before-kill');

    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    await expect
      .poll(async () => (await connectionStats(page)).reconnects, { timeout: 30_000 })
      .toBeGreaterThan(before.reconnects);
    await waitForState(page, 'open');
    const resumedMs = Date.now() - killedAt;
    const survivor = nodes.find((p) => p !== victim)!;
    expect(await liveClientsOf(survivor)).toBeGreaterThan(0);
    await expect
      .poll(() => nodeBadge.getAttribute('data-node'), { timeout: 20_000 })
      .toBe(`node-${nodes.indexOf(survivor)}`);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    // The events board resumed from its last stream seq on the new node: no snapshot, no frame twice.
    const after = await connectionStats(page);
    expect(after.resumed).toBeGreaterThan(before.resumed);
    expect(after.resumeSnapshots).toBe(before.resumeSnapshots);
    expect(after.duplicateFrames).toBe(0);
    // Rows keep coming after the kill, one per second, none twice, none missing, none blank.
    await expect
      .poll(
        async () => {
          const [t, flow] = (await chartData(page, 'gate-flow'))!;
          const { ascending, maxGap } = timeline(t);
          const newest = t.at(-1)! * 1000;
          const recent = flow!.slice(-60);
          return ascending && maxGap <= 3 && newest > killedAt + 5000 && recent.every((v) => v !== null);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await screenshot(page, 'cluster-wall-after-kill');
    // The operator view says the same: the node it is on and the cluster's health, now one node up.
    await page.goto(`${lb.url}/?site=${SITE}`);
    const opBadge = page.locator('[data-testid="cluster-node"]');
    await expect
      .poll(() => opBadge.textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`^Node node-${nodes.indexOf(survivor)} · 1 nodes up · stream lag \\d+$`));
    await screenshot(page, 'cluster-operator-after-kill');
    console.log(`wall failover: reconnected and open ${resumedMs} ms after the node was killed`);
    expect(
      browser.pageErrors.filter((e) => !/WebSocket|ERR_CONNECTION|Failed to load resource/.test(e)),
    ).toEqual([]);
  });
});
