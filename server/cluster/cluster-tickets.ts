// Cluster mode: live WebSocket tickets in a JetStream KV bucket (`<stream>-tickets`, replicated, entries
// expire with the ticket's TTL), so a ticket issued by one node is accepted by any other (the balancer may send
// the WebSocket elsewhere than the POST), still once. Keys are the ticket's SHA-256, never the ticket itself.
// A redeem writes the entry marked used with `Nats-Msg-Id: redeem.<key>`: the stream's duplicate detection
// stores the first and answers every other `duplicate: true`, so exactly one redeem wins even when all nodes
// try in the same instant. (A compare-and-set on the entry's revision did not hold on nats-server 2.9.10: the
// R3 stream leader accepted two of them proposed together; the duplicate window, min(2 min, the bucket's
// 30 s TTL), outlasts the ticket, and a later redeem finds the entry used.)
import { randomBytes } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { TICKET_TTL_MS, type Tickets, ticketKey } from '../auth/tickets';
import type { Scope } from '../auth/token-config';
import type { Principal } from '../auth/token-store';

interface StoredTicket {
  id: string;
  scopes: Scope[];
  expires: number;
  used?: boolean;
}

export class ClusterTickets implements Tickets {
  constructor(
    private readonly kv: KV,
    private readonly js: JetStreamClient,
    /** The KV bucket's name (its entries are the stream subjects `$KV.<bucket>.<key>`). */
    private readonly bucket: string,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(principal: Principal): Promise<{ ticket: string; expiresAt: number }> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + TICKET_TTL_MS;
    const stored: StoredTicket = { id: principal.id, scopes: [...principal.scopes], expires: expiresAt };
    await this.kv.create(ticketKey(ticket), JSON.stringify(stored));
    return { ticket, expiresAt };
  }

  async redeem(ticket: string): Promise<Principal | undefined> {
    const key = ticketKey(ticket);
    const entry = await this.kv.get(key).catch(() => null);
    if (entry?.operation !== 'PUT') return undefined;
    const stored = JSON.parse(entry.string()) as StoredTicket;
    if (stored.used || stored.expires <= this.now()) return undefined;
    // One message id per ticket: the stream stores the first redeem, every other one is a duplicate.
    const used = JSON.stringify({ ...stored, used: true });
    const won = await this.js.publish(`$KV.${this.bucket}.${key}`, used, { msgID: `redeem.${key}` }).then(
      (ack) => !ack.duplicate,
      () => false,
    );
    return won ? { id: stored.id, scopes: new Set(stored.scopes) } : undefined;
  }
}
