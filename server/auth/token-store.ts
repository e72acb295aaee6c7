// Checks a presented token against the configured ones in constant time: the SHA-256 of the candidate is
// compared with every configured hash by crypto.timingSafeEqual, without stopping at the first match.
import { timingSafeEqual } from 'node:crypto';
import { hashToken, type Scope, type TokenEntry } from './token-config';

/** Who a request acts as: a configured token (by its log-safe id) and what it may do. */
export interface Principal {
  id: string;
  scopes: ReadonlySet<Scope>;
}

export class TokenStore {
  constructor(private readonly entries: readonly TokenEntry[]) {}

  /** False: no tokens configured, the server is open (and bound to loopback only). */
  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /** True when some token has the scope; without read tokens, reads are open to anyone who can connect. */
  has(scope: Scope): boolean {
    return this.entries.some((e) => e.scopes.has(scope));
  }

  verify(token: string): Principal | undefined {
    const candidate = hashToken(token);
    let found: TokenEntry | undefined;
    for (const e of this.entries) {
      if (timingSafeEqual(candidate, e.hash) && !found) found = e;
    }
    return found ? { id: found.id, scopes: found.scopes } : undefined;
  }
}
