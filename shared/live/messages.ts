// The WebSocket protocol of /api/live, defined once and validated at both ends.
// Server → client: hello, snapshot (schema + history), append (new rows/events/alert changes), status, error.
// Client → server: subscribe, unsubscribe, ping.
import { z } from 'zod';
import { eventSchema } from '../events/event';
import { siteInfoSchema } from '../sites/registry';
import { alertSchema } from './alerts';
import { channelSchema } from './channels';
import { kpiColumns, kpiValueSchema } from './kpi-columns';
import { MAX_CHANNELS_PER_MESSAGE } from './protocol';

/** Columnar KPI frame: `t` in epoch seconds, ascending; one array per column, same length as `t`. */
export const kpiFrameSchema = z.object({
  t: z.array(z.number()),
  values: z.array(z.array(kpiValueSchema)).length(kpiColumns.length),
});
export type KpiFrame = z.infer<typeof kpiFrameSchema>;

const helloSchema = z.object({
  type: z.literal('hello'),
  serverTime: z.number(),
  version: z.string(),
  sites: z.array(siteInfoSchema),
  /** Order of the arrays in every KPI frame. */
  kpiColumns: z.array(z.string()),
  /** Server limits the client should respect. */
  limits: z.object({ snapshotSeconds: z.number(), maxChannels: z.number() }),
  /** Cluster mode: the node this connection is on. */
  node: z.string().optional(),
  /**
   * Cluster mode: the stream's identity (its name and creation time). Stream seqs are comparable only within
   * one epoch: a client resumes with the epoch it last saw, and gets snapshots when it differs.
   */
  epoch: z.string().optional(),
  /** Cluster mode: the nodes up now with their public URLs, where a client may reconnect when its node dies. */
  peers: z.array(z.object({ node: z.string(), url: z.string() })).optional(),
});

/** Cluster mode: this node, the cluster's health and where this node is in the stream. */
export const clusterStatusSchema = z.object({
  node: z.string(),
  /** Nodes that reported in the last 10 s (this one included). */
  nodesUp: z.array(z.string()),
  /** The stream's last seq and the seq this node's state reflects. */
  streamSeq: z.number(),
  appliedSeq: z.number(),
  /** The node shipping to InfluxDB (null: none, or no InfluxDB). */
  shipper: z.string().nullable(),
  /** The stream's identity (see hello.epoch) and the nodes up with their public URLs (see hello.peers). */
  epoch: z.string().optional(),
  peers: z.array(z.object({ node: z.string(), url: z.string() })).optional(),
});
export type ClusterLiveStatus = z.infer<typeof clusterStatusSchema>;

const kpiSnapshotSchema = z.object({
  type: z.literal('snapshot'),
  channel: channelSchema,
  kind: z.literal('kpi'),
  frame: kpiFrameSchema,
  /**
   * Cluster mode: the stream seq this frame reflects. Events: every event of this site in stream messages up to
   * `seq` was sent (in this frame or before it). KPI rows: the node's applied seq when they were drawn.
   */
  seq: z.number().int().min(0).optional(),
});
const eventsSnapshotSchema = z.object({
  type: z.literal('snapshot'),
  channel: channelSchema,
  kind: z.literal('events'),
  events: z.array(eventSchema),
  /**
   * Cluster mode: the stream seq this frame reflects. Events: every event of this site in stream messages up to
   * `seq` was sent (in this frame or before it). KPI rows: the node's applied seq when they were drawn.
   */
  seq: z.number().int().min(0).optional(),
});
const kpiAppendSchema = z.object({
  type: z.literal('append'),
  channel: channelSchema,
  kind: z.literal('kpi'),
  frame: kpiFrameSchema,
  /**
   * Cluster mode: the stream seq this frame reflects. Events: every event of this site in stream messages up to
   * `seq` was sent (in this frame or before it). KPI rows: the node's applied seq when they were drawn.
   */
  seq: z.number().int().min(0).optional(),
});
const eventsAppendSchema = z.object({
  type: z.literal('append'),
  channel: channelSchema,
  kind: z.literal('events'),
  events: z.array(eventSchema),
  /**
   * Cluster mode: the stream seq this frame reflects. Events: every event of this site in stream messages up to
   * `seq` was sent (in this frame or before it). KPI rows: the node's applied seq when they were drawn.
   */
  seq: z.number().int().min(0).optional(),
});
/** Alerts channel: the snapshot holds the active and the recently cleared alerts of the site. */
const alertsSnapshotSchema = z.object({
  type: z.literal('snapshot'),
  channel: channelSchema,
  kind: z.literal('alerts'),
  active: z.array(alertSchema),
  recent: z.array(alertSchema),
});
/** Alerts raised, updated or cleared since the last tick (the newest state of each; upsert by id). */
const alertsAppendSchema = z.object({
  type: z.literal('append'),
  channel: channelSchema,
  kind: z.literal('alerts'),
  alerts: z.array(alertSchema),
});
const statusSchema = z.object({
  type: z.literal('status'),
  serverTime: z.number(),
  /** Epoch ms of the newest event per site (null: none yet). */
  lastEventAt: z.record(z.string(), z.number().nullable()),
  /** Events accepted but not yet in InfluxDB (0 on the embedded store). */
  influxLagEvents: z.number(),
  storage: z.enum(['embedded', 'influxdb']),
  cluster: clusterStatusSchema.optional(),
});
const errorSchema = z.object({ type: z.literal('error'), code: z.string(), message: z.string() });

export const serverMessageSchema = z.union([
  helloSchema,
  kpiSnapshotSchema,
  eventsSnapshotSchema,
  kpiAppendSchema,
  eventsAppendSchema,
  alertsSnapshotSchema,
  alertsAppendSchema,
  statusSchema,
  errorSchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type HelloMessage = z.infer<typeof helloSchema>;
export type Peer = NonNullable<HelloMessage['peers']>[number];
export type StatusMessage = z.infer<typeof statusSchema>;

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    channels: z.array(channelSchema).min(1).max(MAX_CHANNELS_PER_MESSAGE),
    /**
     * Send the snapshot of channels already subscribed again (the client's copy has a gap). Without it, a
     * channel already subscribed is left as it is: no second snapshot.
     */
    resync: z.boolean().optional(),
    /**
     * Cluster mode, after a reconnect: the last stream seq seen per events channel, in the stream epoch of the
     * last hello. The server sends only the events after it (no snapshot) when it still holds them all, and the
     * full snapshot otherwise (another epoch, or a gap older than its buffer).
     */
    resume: z
      .object({
        epoch: z.string(),
        after: z
          .array(z.object({ channel: channelSchema, seq: z.number().int().min(0) }))
          .max(MAX_CHANNELS_PER_MESSAGE),
      })
      .optional(),
  }),
  z.object({
    type: z.literal('unsubscribe'),
    channels: z.array(channelSchema).min(1).max(MAX_CHANNELS_PER_MESSAGE),
  }),
  z.object({ type: z.literal('ping'), id: z.number().optional() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
