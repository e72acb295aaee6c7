// Cluster mode: live WebSocket tickets in a JetStream KV bucket (`<stream>-tickets`, replicated, entries
// expire with the ticket's TTL), so a ticket issued by one node is accepted by any other (the balancer may send
// the WebSocket elsewhere than the POST), still once: a redeem marks the entry used by compare-and-set on its
// revision. Keys are the ticket's SHA-256, never the ticket itself. Limitation seen on nats-server 2.9.10: two
// nodes redeeming one ticket in the same few milliseconds both won the compare-and-set (the R3 stream leader
// checked both proposals before applying either); sequential reuse, on any node, is refused.
import { randomBytes } from 'node:crypto';
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
    // Only one redeem wins the compare-and-set; the other finds the revision moved on.
    const won = await this.kv.update(key, JSON.stringify({ ...stored, used: true }), entry.revision).then(
      () => true,
      () => false,
    );
    return won ? { id: stored.id, scopes: new Set(stored.scopes) } : undefined;
  }
}
