// A test-only live hub for browser soak tests: answers the page's /api/live WebSocket itself (playwright's
// routeWebSocket) with valid protocol messages whose clock runs as fast as the test wants, so days of live
// data can be replayed into a wall view in minutes. Messages are built from the shared types, and every KPI
// column has a generator of its own kind (see shared/live/kpi-columns.ts): whole counts, shares within 0..1,
// milliseconds, so the tiles read like a real site's ("31 /min", "96.2 %", "2 trucks").
import type { WebSocketRoute } from 'playwright-core';
import type { PortEvent } from '../../shared/events/event';
import type { Alert } from '../../shared/live/alerts';
import { type Channel, parseChannel } from '../../shared/live/channels';
import { type KpiColumn, kpiColumns } from '../../shared/live/kpi-columns';
import type { KpiFrame, ServerMessage } from '../../shared/live/messages';
import { MAX_CHANNELS_PER_MESSAGE } from '../../shared/live/protocol';
import type { SiteInfo } from '../../shared/sites/registry';

const DAY_S = 86_400;
/** Hub time between two alerts raised (and how long each stays active before it clears). */
const ALERT_EVERY_S = 600;
const ALERT_HOLD_S = 1800;
/** One gate or weighbridge event per this many hub seconds; a departure per DEPARTURE_EVERY_S. */
const EVENT_EVERY_S = 10;
const DEPARTURE_EVERY_S = 1200;

/** lo..hi along a sine of the given period (seconds). */
const wave = (s: number, period: number, lo: number, hi: number) =>
  lo + ((hi - lo) * (1 + Math.sin((2 * Math.PI * s) / period))) / 2;
const share = (v: number) => Math.round(v * 10_000) / 10_000;

/** One generator per KPI column (a new column without one is a type error), by epoch second. */
const kpiGenerators: Record<KpiColumn, (s: number) => number> = {
  vehicles_in_per_min: (s) => Math.round(wave(s, DAY_S, 2, 30)),
  vehicles_out_per_min: (s) => Math.round(wave(s + 3600, DAY_S, 2, 28)),
  parcels_per_min: (s) => 40 * Math.round(wave(s, DAY_S, 2, 30)), // gate parcels: ~40 a truck
  processing_p50_ms: (s) => Math.round(wave(s, 5400, 3500, 6000)),
  processing_p95_ms: (s) => Math.round(wave(s, 5400, 7000, 14_000)),
  sla_share: (s) => share(wave(s, 5400, 0.8, 1)),
  staff_on_site: (s) => Math.round(wave(s, DAY_S, 12, 64)),
  load_rate_1h: (s) => share(wave(s, 7200, 0.62, 0.97)),
  departures_24h: (s) => Math.round(wave(s, DAY_S, 18, 36)),
  on_time_share_24h: (s) => share(wave(s, 43_200, 0.8, 1)),
  overweight_24h: (s) => Math.floor(wave(s, DAY_S, 0, 6.99)),
};

function kpiRows(fromS: number, toS: number): KpiFrame {
  const t: number[] = [];
  for (let s = fromS; s <= toS; s++) t.push(s);
  return { t, values: kpiColumns.map((c) => t.map(kpiGenerators[c])) };
}

/** The n-th event of a site at `time`: mostly gate scans, every third a weighing (some overweight, some an
 * empty truck leaving), and a departure for airport sites now and then. */
function event(site: SiteInfo, n: number, time: number): PortEvent {
  const plate = `浙A${String((n * 7919) % 100_000).padStart(5, '0')}`;
  if (site.airport && n % Math.round(DEPARTURE_EVERY_S / EVENT_EVERY_S) === 0) {
    const delayMin = (n * 13) % 40;
    return {
      measurement: 'flight_departure',
      time,
      site: site.id,
      airport: site.airport,
      carrier: 'CZ',
      destination: 'FRA',
      flight_no: `CZ${(n % 9000) + 1000}`,
      sobt: time - delayMin * 60_000,
      aobt: time,
      cargo_kg: 40_000,
      capacity_kg: 60_000,
      parcels: 5000,
    };
  }
  if (n % 3 === 0) {
    const leaving = n % 4 === 0;
    const gross = leaving ? 9000 : 22_000 + (n % 20) * 170; // 3 axles: limit 25 t, the heaviest are over
    return {
      measurement: 'weighbridge',
      time,
      site: site.id,
      bridge: 'WB1',
      direction: leaving ? 'out' : 'in',
      plate,
      axles: 3,
      gross_kg: gross,
      tare_kg: 9000,
      net_kg: gross - 9000,
      rated_payload_kg: 16_000,
      stable: true,
    };
  }
  return {
    measurement: 'gate_scan',
    time,
    site: site.id,
    gate: 'G1',
    lane: `L${n % 4}`,
    direction: n % 2 ? 'in' : 'out',
    subject: 'vehicle',
    result: 'released',
    rural: n % 7 === 0,
    plate,
    badge: '',
    processing_ms: 3000 + (n % 9) * 1000,
    parcels: 40,
  };
}

/** The events of a site in (fromMs, toMs], one per EVENT_EVERY_S on a fixed grid. */
function eventsBetween(site: SiteInfo, fromMs: number, toMs: number): PortEvent[] {
  const step = EVENT_EVERY_S * 1000;
  const out: PortEvent[] = [];
  for (let n = Math.floor(fromMs / step) + 1; n * step <= toMs; n++) out.push(event(site, n, n * step));
  return out;
}

/** The overweight alert raised at the n-th alert slot; cleared ALERT_HOLD_S later. */
function alert(site: string, n: number, clearedAt: number | null): Alert {
  const startedAt = n * ALERT_EVERY_S * 1000;
  return {
    id: `overweight:${site}:P${n}:${startedAt}`,
    site,
    kind: 'overweight',
    severity: n % 3 ? 'warning' : 'critical',
    startedAt,
    updatedAt: clearedAt ?? startedAt,
    clearedAt,
    plate: `浙B${String(n % 100_000).padStart(5, '0')}`,
    bridge: 'WB1',
    axles: 3,
    grossKg: 26_000,
    limitKg: 25_000,
  };
}

/** The alerts raised or cleared in (fromMs, toMs], as their newest states. */
function alertChanges(site: string, fromMs: number, toMs: number): Alert[] {
  const step = ALERT_EVERY_S * 1000;
  const out: Alert[] = [];
  for (let n = Math.floor(fromMs / step) + 1; n * step <= toMs; n++) {
    out.push(alert(site, n, null));
    const ended = n - ALERT_HOLD_S / ALERT_EVERY_S;
    out.push(alert(site, ended, n * step));
  }
  return out;
}

function alertSnapshot(site: string, nowMs: number): { active: Alert[]; recent: Alert[] } {
  const step = ALERT_EVERY_S * 1000;
  const last = Math.floor(nowMs / step);
  const held = ALERT_HOLD_S / ALERT_EVERY_S;
  const active = Array.from({ length: held }, (_, i) => alert(site, last - i, null));
  const recent = Array.from({ length: 10 }, (_, i) => alert(site, last - held - i, (last - i) * step));
  return { active, recent };
}

export interface FakeHub {
  /** Advances the hub clock by `seconds` and sends every subscribed channel its append, plus a status. */
  advance(seconds: number): void;
  readonly nowMs: number;
  /** Messages sent so far (the page's connection counts the same as received). */
  readonly sent: number;
  /** Messages heard from the page so far (subscribe, unsubscribe). */
  readonly received: number;
  /** Snapshots sent (one per channel subscribed: a rotating wall subscribes a site's three on each turn). */
  readonly snapshots: number;
}

export function fakeLiveHub(ws: WebSocketRoute, sites: SiteInfo[], startMs: number): FakeHub {
  let nowMs = startMs;
  let sent = 0;
  let received = 0;
  let snapshots = 0;
  const subscribed = new Set<Channel>();
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const send = (m: ServerMessage) => {
    sent++;
    ws.send(JSON.stringify(m));
  };
  const snapshot = (channel: Channel) => {
    const { kind, site } = parseChannel(channel);
    const info = siteById.get(site);
    if (!info) return;
    snapshots++;
    const nowS = Math.floor(nowMs / 1000);
    if (kind === 'kpi') send({ type: 'snapshot', channel, kind, frame: kpiRows(nowS - 3599, nowS) });
    else if (kind === 'events')
      send({ type: 'snapshot', channel, kind, events: eventsBetween(info, nowMs - 1_500_000, nowMs) });
    else send({ type: 'snapshot', channel, kind, ...alertSnapshot(site, nowMs) });
  };
  const limits = { snapshotSeconds: 3600, maxChannels: MAX_CHANNELS_PER_MESSAGE };
  send({ type: 'hello', serverTime: nowMs, version: 'soak', sites, kpiColumns: [...kpiColumns], limits });
  ws.onMessage((raw) => {
    received++;
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
    get received() {
      return received;
    },
    get snapshots() {
      return snapshots;
    },
    advance(seconds) {
      const fromMs = nowMs;
      nowMs += seconds * 1000;
      for (const channel of subscribed) {
        const { kind, site } = parseChannel(channel);
        const info = siteById.get(site);
        if (!info) continue;
        if (kind === 'kpi') {
          const frame = kpiRows(Math.floor(fromMs / 1000) + 1, Math.floor(nowMs / 1000));
          send({ type: 'append', channel, kind, frame });
        } else if (kind === 'events') {
          const events = eventsBetween(info, fromMs, nowMs);
          if (events.length > 0) send({ type: 'append', channel, kind, events });
        } else {
          const alerts = alertChanges(site, fromMs, nowMs);
          if (alerts.length > 0) send({ type: 'append', channel, kind, alerts });
        }
      }
      const lastEventAt = Object.fromEntries(
        sites.map((s) => [s.id, Math.floor(nowMs / (EVENT_EVERY_S * 1000)) * EVENT_EVERY_S * 1000]),
      );
      send({ type: 'status', serverTime: nowMs, lastEventAt, influxLagEvents: 0, storage: 'embedded' });
    },
  };
}
