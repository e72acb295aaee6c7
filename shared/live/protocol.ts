// Facts of the /api/live protocol that the server and the client both rely on, written once: close codes,
// limits, and the shape of site ids and channel ids (like centrifuge-js's codes.ts).

/** WebSocket close codes; 1000–1015 are the standard ones, 4000–4999 are ours. */
export const closeCodes = {
  /** The client stopped on purpose. */
  normal: 1000,
  /** The server is shutting down; reconnect later. */
  shutdown: 1001,
  /** The client gave up on a connection (silent, broken) and reconnects at once. */
  clientRetry: 4000,
  /** The client read too slowly: its send queue went over the limit. */
  slowConsumer: 4008,
  /** The server holds as many live clients as it allows. */
  tooManyClients: 4009,
  /** This IP address holds as many live connections as it may. */
  tooManyFromIp: 4029,
} as const;

/** Channels one subscribe or unsubscribe message may name (announced to the client in hello). */
export const MAX_CHANNELS_PER_MESSAGE = 64;

/** A site id: letters, digits, "_", "." or "-", starting with a letter or digit, at most 64 characters. */
export const SITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const SITE_ID_MAX_LENGTH = 64;
export const SITE_ID_RULE = 'use letters, digits, "_", "." or "-" (no spaces)';

/** The kinds of live channel; a channel id is `<kind>/<site id>`. */
export const CHANNEL_KINDS = ['kpi', 'events', 'alerts'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
