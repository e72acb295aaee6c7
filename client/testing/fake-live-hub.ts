// A test-only live hub for browser soak tests: answers the page's /api/live WebSocket itself (playwright's
// routeWebSocket) with valid protocol messages whose clock runs as fast as the test wants, so a day of live
// data can be replayed into a wall view in under a minute. Messages are built from the shared types.
import type { WebSocketRoute } from 'playwright-core';
import type { PortEvent } from '../../shared/events/event';
import type { Alert } from '../../shared/live/alerts';
import { type Channel, parseChannel } from '../../shared/live/channels';
import { kpiColumns } from '../../shared/live/kpi-columns';
import type { KpiFrame, ServerMessage } from '../../shared/live/messages';
import type { SiteInfo } from '../../shared/sites/registry';

const wave = (t: number, period: number, lo: number, hi: number) =>
  lo + ((hi - lo) * (1 + Math.sin((2 * Math.PI * t) / period))) / 2;

function kpiRows(fromS: number, toS: number): KpiFrame {
  const t: number[] = [];
  for (let s = fromS; s <= toS; s++) t.push(s);
  const gen: Record<string, (s: number) => number> = {
    vehicles_in_per_min: (s) => Math.round(wave(s, 86_400, 2, 30)),
    vehicles_out_per_min: (s) => Math.round(wave(s + 3600, 86_400, 2, 28)),
    parcels_per_min: (s) => Math.round(wave(s, 7200, 500, 4000)),
    processing_p50_ms: (s) => wave(s, 5400, 3500, 6000),
    processing_p95_ms: (s) => wave(s, 5400, 7000, 14_000),
    sla_share: (s) => wave(s, 5400, 0.8, 0.99),
  };
  return { t, values: kpiColumns.map((c) => t.map((s) => gen[c]?.(s) ?? wave(s, 10_000, 0, 1))) };
}

function events(site: string, atMs: number, n: number, seq: number): PortEvent[] {
  return Array.from({ length: n }, (_, i): PortEvent => {
    const time = atMs - (n - i) * 1000;
    const plate = `浙A${String((seq * 31 + i) % 100_000).padStart(5, '0')}`;
    if (i % 3 === 0)
      return {
        measurement: 'weighbridge',
        time,
        site,
        bridge: 'WB1',
        direction: 'in',
        plate,
        axles: 3,
        gross_kg: 24_000 + (i % 5) * 800,
        tare_kg: 9000,
        net_kg: 15_000 + (i % 5) * 800,
        rated_payload_kg: 16_000,
        stable: true,
      };
    return {
      measurement: 'gate_scan',
      time,
      site,
      gate: 'G1',
      lane: `L${i % 4}`,
      direction: i % 2 ? 'in' : 'out',
      subject: 'vehicle',
      result: 'released',
      rural: i % 7 === 0,
      plate,
      badge: '',
      processing_ms: 3000 + (i % 9) * 1000,
      parcels: 40,
    };
  });
}

function alert(site: string, n: number, startedAt: number, clearedAt: number | null): Alert {
  return {
    id: `overweight:${site}:P${n}:${startedAt}`,
    site,
    kind: 'overweight',
    severity: n % 3 ? 'warning' : 'critical',
    startedAt,
    updatedAt: clearedAt ?? startedAt,
    clearedAt,
    plate: `浙B${n}`,
    bridge: 'WB1',
    axles: 3,
    grossKg: 26_000,
    limitKg: 25_000,
  };
}

export interface FakeHub {
  /** Advances the hub clock by `seconds` and sends every subscribed channel its append, plus a status. */
  advance(seconds: number): void;
  readonly nowMs: number;
  readonly sent: number;
}

export function fakeLiveHub(ws: WebSocketRoute, sites: SiteInfo[], startMs: number): FakeHub {
  let nowMs = startMs;
  let seq = 0;
  let sent = 0;
  const subscribed = new Set<Channel>();
  const send = (m: ServerMessage) => {
    sent++;
    ws.send(JSON.stringify(m));
  };
  const snapshot = (channel: Channel) => {
    const { kind, site } = parseChannel(channel);
    const nowS = Math.floor(nowMs / 1000);
    if (kind === 'kpi') send({ type: 'snapshot', channel, kind, frame: kpiRows(nowS - 3599, nowS) });
    else if (kind === 'events')
      send({ type: 'snapshot', channel, kind, events: events(site, nowMs, 150, seq++) });
    else
      send({
        type: 'snapshot',
        channel,
        kind,
        active: [alert(site, seq, nowMs - 60_000, null)],
        recent: [alert(site, seq + 1, nowMs - 600_000, nowMs - 300_000)],
      });
  };
  const limits = { snapshotSeconds: 3600, maxChannels: 64 };
  send({ type: 'hello', serverTime: nowMs, version: 'soak', sites, kpiColumns: [...kpiColumns], limits });
  ws.onMessage((raw) => {
    const m = JSON.parse(String(raw)) as { type: string; channels?: Channel[] };
    for (const c of m.channels ?? []) {
      if (m.type === 'subscribe') {
        subscribed.add(c);
        snapshot(c);
      } else subscribed.delete(c);
    }
  });
  return {
    get nowMs() {
      return nowMs;
    },
    get sent() {
      return sent;
    },
    advance(seconds) {
      const fromS = Math.floor(nowMs / 1000) + 1;
      nowMs += seconds * 1000;
      seq++;
      for (const channel of subscribed) {
        const { kind, site } = parseChannel(channel);
        if (kind === 'kpi')
          send({ type: 'append', channel, kind, frame: kpiRows(fromS, Math.floor(nowMs / 1000)) });
        else if (kind === 'events')
          send({ type: 'append', channel, kind, events: events(site, nowMs, 12, seq) });
        else
          send({
            type: 'append',
            channel,
            kind,
            alerts: [alert(site, seq, nowMs, null), alert(site, seq - 5, nowMs - 5 * seconds * 1000, nowMs)],
          });
      }
      const lastEventAt = Object.fromEntries(sites.map((s) => [s.id, nowMs - 1000]));
      send({ type: 'status', serverTime: nowMs, lastEventAt, influxLagEvents: 0, storage: 'embedded' });
    },
  };
}
