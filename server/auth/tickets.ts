// One-time tickets for the live WebSocket: a viewer trades its read token (sent as a header) for a random
// ticket that is valid once, for a few seconds, so no long-lived secret ends up in a URL that proxies log.
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from './token-store';

export const TICKET_TTL_MS = 30_000;
/** Outstanding tickets kept at most; the oldest are forgotten first (a flood cannot grow memory). */
const MAX_TICKETS = 10_000;

/** Where tickets live: this process (TicketBook) or, in cluster mode, the cluster's KV (any node redeems). */
export interface Tickets {
  issue(
    principal: Principal,
  ): { ticket: string; expiresAt: number } | Promise<{ ticket: string; expiresAt: number }>;
  /** The ticket's holder, once: a second redeem (on any node), or one after expiry, gives undefined. */
  redeem(ticket: string): Principal | undefined | Promise<Principal | undefined>;
}

export const ticketKey = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

export class TicketBook implements Tickets {
  private readonly tickets = new Map<string, { principal: Principal; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(principal: Principal): { ticket: string; expiresAt: number } {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + TICKET_TTL_MS;
    if (this.tickets.size >= MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value!);
    this.tickets.set(ticketKey(ticket), { principal, expires: expiresAt });
    return { ticket, expiresAt };
  }

  /** The ticket's holder, once: a second redeem, or one after expiry, gives undefined. */
  redeem(ticket: string): Principal | undefined {
    const k = ticketKey(ticket);
    const entry = this.tickets.get(k);
    this.tickets.delete(k);
    return entry && entry.expires > this.now() ? entry.principal : undefined;
  }
}
