// Finds the secret a request presents, the ways InfluxDB clients send it: `Authorization: Token <t>` or
// `Bearer <t>` everywhere; for the 1.x `/write` endpoint also Basic auth and the `u`/`p` query parameters
// (the password is the token, as in InfluxDB 2.x's 1.x compatibility API); a one-time `ticket` for /api/live.

export type Credential =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | { kind: 'ticket'; ticket: string }
  | { kind: 'malformed'; why: string };

export interface CredentialRules {
  /** Accept Basic auth and `?p=` (InfluxDB 1.x write API). */
  v1: boolean;
  /** Accept `?ticket=` (the live WebSocket, where browsers cannot set headers). */
  ticket: boolean;
}

function fromAuthorization(header: string, v1: boolean): Credential {
  const m = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!m) return { kind: 'malformed', why: 'Authorization header: expected "Token <token>"' };
  const scheme = m[1]!.toLowerCase();
  const value = m[2]!.trim();
  if (scheme === 'token' || scheme === 'bearer') return { kind: 'token', token: value };
  if (scheme === 'basic' && v1) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'malformed', why: 'Basic auth: expected user:password' };
    return { kind: 'token', token: decoded.slice(colon + 1) };
  }
  return {
    kind: 'malformed',
    why: `Authorization scheme "${m[1]}" is not accepted here; use "Token <token>" or "Bearer <token>"`,
  };
}

export function credentialOf(req: Request, rules: CredentialRules): Credential {
  const header = req.headers.get('authorization');
  if (header !== null) return fromAuthorization(header, rules.v1);
  if (!rules.v1 && !rules.ticket) return { kind: 'none' };
  const query = new URL(req.url).searchParams;
  if (rules.v1) {
    const p = query.get('p');
    if (p !== null) return { kind: 'token', token: p };
  }
  if (rules.ticket) {
    const ticket = query.get('ticket');
    if (ticket !== null) return { kind: 'ticket', ticket };
  }
  return { kind: 'none' };
}
