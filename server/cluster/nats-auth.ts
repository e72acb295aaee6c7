// How a node authenticates to the NATS brokers: a token (PORTPULSE_NATS_TOKEN), a user and password
// (PORTPULSE_NATS_USER + PORTPULSE_NATS_PASSWORD) or a JWT .creds file (PORTPULSE_NATS_CREDS, read at start),
// at most one of them; none for brokers without authorization. The secrets go to nats.js only, never to a log.
import { readFileSync } from 'node:fs';
import { type ConnectionOptions, credsAuthenticator } from '@nats-io/transport-node';
import { ConfigError } from '../../shared/config-error';

export type NatsAuth =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | { kind: 'user'; user: string; pass: string }
  | { kind: 'creds'; path: string; creds: Uint8Array };

export interface NatsAuthEnv {
  PORTPULSE_NATS_TOKEN?: string | undefined;
  PORTPULSE_NATS_USER?: string | undefined;
  PORTPULSE_NATS_PASSWORD?: string | undefined;
  PORTPULSE_NATS_CREDS?: string | undefined;
}

const CREDS_SECTIONS = /-----BEGIN NATS USER JWT-----[\s\S]+-----BEGIN USER NKEY SEED-----/;

export function natsAuthFrom(e: NatsAuthEnv): NatsAuth {
  const user = e.PORTPULSE_NATS_USER !== undefined || e.PORTPULSE_NATS_PASSWORD !== undefined;
  const methods = [
    e.PORTPULSE_NATS_TOKEN !== undefined && 'PORTPULSE_NATS_TOKEN',
    user && 'PORTPULSE_NATS_USER/PORTPULSE_NATS_PASSWORD',
    e.PORTPULSE_NATS_CREDS !== undefined && 'PORTPULSE_NATS_CREDS',
  ].filter((m): m is string => m !== false);
  if (methods.length > 1)
    throw new ConfigError(
      `${methods.join(' and ')} are both set: the brokers take one way to log in, set only one`,
    );
  if (e.PORTPULSE_NATS_TOKEN !== undefined) return { kind: 'token', token: e.PORTPULSE_NATS_TOKEN };
  if (user) {
    if (e.PORTPULSE_NATS_USER === undefined || e.PORTPULSE_NATS_PASSWORD === undefined)
      throw new ConfigError(
        `${e.PORTPULSE_NATS_USER === undefined ? 'PORTPULSE_NATS_PASSWORD' : 'PORTPULSE_NATS_USER'} is set without ${e.PORTPULSE_NATS_USER === undefined ? 'PORTPULSE_NATS_USER' : 'PORTPULSE_NATS_PASSWORD'}: set both PORTPULSE_NATS_USER and PORTPULSE_NATS_PASSWORD`,
      );
    return { kind: 'user', user: e.PORTPULSE_NATS_USER, pass: e.PORTPULSE_NATS_PASSWORD };
  }
  if (e.PORTPULSE_NATS_CREDS !== undefined) {
    const path = e.PORTPULSE_NATS_CREDS;
    let creds: Buffer;
    try {
      creds = readFileSync(path);
    } catch (err) {
      throw new ConfigError(`PORTPULSE_NATS_CREDS: cannot read ${path}: ${(err as Error).message}`);
    }
    if (!CREDS_SECTIONS.test(creds.toString()))
      throw new ConfigError(
        `PORTPULSE_NATS_CREDS: ${path} is not a NATS .creds file (no "BEGIN NATS USER JWT" and "BEGIN USER NKEY SEED" sections)`,
      );
    return { kind: 'creds', path, creds: new Uint8Array(creds) };
  }
  return { kind: 'none' };
}

/** The nats.js connect options that log in this way. */
export function natsAuthOptions(auth: NatsAuth): Partial<ConnectionOptions> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'token':
      return { token: auth.token };
    case 'user':
      return { user: auth.user, pass: auth.pass };
    case 'creds':
      return { authenticator: credsAuthenticator(auth.creds) };
  }
}

/** Which setting to check when the brokers refuse this login (no secret in it). */
export function natsAuthSetting(auth: NatsAuth): string {
  switch (auth.kind) {
    case 'none':
      return 'the brokers require credentials: set PORTPULSE_NATS_TOKEN, PORTPULSE_NATS_USER + PORTPULSE_NATS_PASSWORD or PORTPULSE_NATS_CREDS';
    case 'token':
      return 'check PORTPULSE_NATS_TOKEN';
    case 'user':
      return `check PORTPULSE_NATS_USER (${auth.user}) and PORTPULSE_NATS_PASSWORD`;
    case 'creds':
      return `check PORTPULSE_NATS_CREDS (${auth.path})`;
  }
}
