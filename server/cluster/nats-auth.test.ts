// Broker login settings through the config schema: one method at most, user and password together, a .creds
// file read at start (a real one: a user JWT signed by an account nkey) or refused naming its path and the OS error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Authenticator, type JwtAuth, nkeys } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { tempDir } from '../testing/test-config';
import { natsAuthOptions } from './nats-auth';

const base = { PORTPULSE_NATS_URL: 'nats://127.0.0.1:4222', PORTPULSE_NODE_ID: 'node-1' };
const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const b64url = (x: string | Uint8Array) => Buffer.from(x).toString('base64url');

/** A .creds file as `nsc generate creds` writes it: a user JWT (signed by its account) and the user's seed. */
function credsFile(): { path: string; userPublicKey: string; jwt: string } {
  const account = nkeys.createAccount();
  const user = nkeys.createUser();
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }));
  const claims = b64url(
    JSON.stringify({
      jti: 'TEST',
      iat: Math.floor(Date.now() / 1000),
      iss: account.getPublicKey(),
      sub: user.getPublicKey(),
      name: 'portpulse',
      nats: { type: 'user', version: 2, pub: {}, sub: {} },
    }),
  );
  const jwt = `${header}.${claims}.${b64url(account.sign(Buffer.from(`${header}.${claims}`)))}`;
  const seed = new TextDecoder().decode(user.getSeed());
  const d = tempDir('portpulse-creds-');
  dirs.push(d);
  const path = join(d.path, 'node.creds');
  writeFileSync(
    path,
    `-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n\n************************* IMPORTANT *************************\nNKEY Seed printed below can be used to sign and prove identity.\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n\n*************************************************************\n`,
  );
  return { path, userPublicKey: user.getPublicKey(), jwt };
}

describe('NATS broker login', () => {
  it('logs in without credentials by default, with a token, or with a user and password', () => {
    expect(loadConfig(base).cluster?.auth).toEqual({ kind: 'none' });
    const token = loadConfig({ ...base, PORTPULSE_NATS_TOKEN: 's3cret' }).cluster!.auth;
    expect(natsAuthOptions(token)).toEqual({ token: 's3cret' });
    const user = loadConfig({ ...base, PORTPULSE_NATS_USER: 'pp', PORTPULSE_NATS_PASSWORD: 'pw' }).cluster!
      .auth;
    expect(natsAuthOptions(user)).toEqual({ user: 'pp', pass: 'pw' });
  });

  it('refuses a user without a password and a password without a user, naming both', () => {
    for (const one of [{ PORTPULSE_NATS_USER: 'pp' }, { PORTPULSE_NATS_PASSWORD: 'pw' }])
      expect(() => loadConfig({ ...base, ...one })).toThrow(
        /set both PORTPULSE_NATS_USER and PORTPULSE_NATS_PASSWORD/,
      );
  });

  it('refuses two login methods at once, naming them, and credentials without a broker URL', () => {
    expect(() =>
      loadConfig({
        ...base,
        PORTPULSE_NATS_TOKEN: 't',
        PORTPULSE_NATS_USER: 'u',
        PORTPULSE_NATS_PASSWORD: 'p',
      }),
    ).toThrow(/PORTPULSE_NATS_TOKEN and PORTPULSE_NATS_USER\/PORTPULSE_NATS_PASSWORD are both set/);
    expect(() =>
      loadConfig({ ...base, PORTPULSE_NATS_TOKEN: 't', PORTPULSE_NATS_CREDS: '/x.creds' }),
    ).toThrow(/PORTPULSE_NATS_TOKEN and PORTPULSE_NATS_CREDS/);
    expect(() => loadConfig({ PORTPULSE_NATS_TOKEN: 't' })).toThrow(/without PORTPULSE_NATS_URL/);
  });

  it('reads a .creds file at start and signs the broker’s nonce with its user key', () => {
    const creds = credsFile();
    const auth = loadConfig({ ...base, PORTPULSE_NATS_CREDS: creds.path }).cluster!.auth;
    expect(auth).toMatchObject({ kind: 'creds', path: creds.path });
    const login = natsAuthOptions(auth).authenticator as Authenticator;
    const answer = login('nonce-from-the-broker') as JwtAuth;
    expect(answer.jwt).toBe(creds.jwt);
    expect(answer.nkey).toBe(creds.userPublicKey);
    const verifier = nkeys.fromPublic(creds.userPublicKey);
    expect(verifier.verify(Buffer.from('nonce-from-the-broker'), Buffer.from(answer.sig!, 'base64url'))).toBe(
      true,
    );
  });

  it('refuses a missing or unreadable .creds file naming its path and the OS error, and a file that is not one', () => {
    const d = tempDir('portpulse-creds-');
    dirs.push(d);
    const missing = join(d.path, 'missing.creds');
    expect(() => loadConfig({ ...base, PORTPULSE_NATS_CREDS: missing })).toThrow(
      new RegExp(`PORTPULSE_NATS_CREDS: cannot read ${missing}: ENOENT`),
    );
    expect(() => loadConfig({ ...base, PORTPULSE_NATS_CREDS: d.path })).toThrow(/cannot read .*: EISDIR/);
    const bogus = join(d.path, 'bogus.creds');
    writeFileSync(bogus, 'token=abc\n');
    expect(() => loadConfig({ ...base, PORTPULSE_NATS_CREDS: bogus })).toThrow(
      /bogus.creds is not a NATS .creds file/,
    );
  });
});
