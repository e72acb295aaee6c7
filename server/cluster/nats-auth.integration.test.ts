// Nodes log in to the brokers, against real nats-server brokers that require a token (nats-server --auth): with
// the brokers' token a node starts and its writes are stored (204); with a wrong token, or none, its start fails
// at once with an error naming the broker URLs and the setting to check, instead of retrying for ever. Brokers
// that require a user and password take a node with them and refuse one with the wrong password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateScan } from '../../shared/events/testing/event-builders';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';
import { startNatsCluster } from './testing/nats-cluster';

let cluster: TestCluster<RunningServer>;

beforeAll(async () => {
  cluster = await startInProcessCluster({ nodes: 1, name: 'nats-auth' });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

/** Starts a second node with node 0's settings but these login settings; resolves to its start error. */
async function refusedStart(
  login: Record<string, string>,
  on: TestCluster<RunningServer> = cluster,
): Promise<Error> {
  const dir = tempDir('portpulse-nats-auth-refused-');
  try {
    const {
      PORTPULSE_NATS_TOKEN: _,
      PORTPULSE_NATS_USER: __,
      PORTPULSE_NATS_PASSWORD: ___,
      ...env
    } = on.nodeEnv(0);
    const started = startServer(
      testConfig(dir.path, { ...env, PORTPULSE_NODE_ID: 'intruder', ...login }),
      silentLogger,
    );
    const error = await started.then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: Error) => e,
    );
    expect(error, 'the node started with wrong credentials').toBeInstanceOf(Error);
    return error!;
  } finally {
    dir.remove();
  }
}

describe('cluster: nodes log in to the brokers', () => {
  it('stores the writes of a node with the brokers’ token', async () => {
    expect(cluster.brokers.login.PORTPULSE_NATS_TOKEN).toMatch(/^[\w-]{20,}$/);
    const res = await fetch(`${cluster.nodes[0]!.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([gateScan({ site: 'hgh-xiasha', time: Date.now() - 1000, plate: '浙A12345' })]),
    });
    expect(res.status).toBe(204);
  });

  it('refuses to start a node with a wrong token, naming the brokers and PORTPULSE_NATS_TOKEN', async () => {
    const e = await refusedStart({ PORTPULSE_NATS_TOKEN: 'not-the-token' });
    expect(e.message).toMatch(
      /^nats: authorization violation for nats:\/\/127\.0\.0\.1:\d+(,nats:\/\/127\.0\.0\.1:\d+)*: check PORTPULSE_NATS_TOKEN$/,
    );
    expect(e.message).not.toContain('not-the-token');
  });

  it('refuses to start a node without credentials, saying the brokers require them', async () => {
    const e = await refusedStart({});
    expect(e.message).toMatch(
      /^nats: authorization violation for nats:\/\/.*: the brokers require credentials/,
    );
  });

  it('refuses a user and password the brokers do not know, naming the user but not the password', async () => {
    const e = await refusedStart({ PORTPULSE_NATS_USER: 'pp', PORTPULSE_NATS_PASSWORD: 'hunter2' });
    expect(e.message).toMatch(/: check PORTPULSE_NATS_USER \(pp\) and PORTPULSE_NATS_PASSWORD$/);
    expect(e.message).not.toContain('hunter2');
  });

  it('takes a node with the user and password its brokers require, and refuses a wrong password', async () => {
    const users = await startInProcessCluster({
      nodes: 1,
      name: 'nats-auth-user',
      brokers: await startNatsCluster({ user: { user: 'portpulse', pass: 'right-password' } }),
    });
    try {
      expect(users.nodeEnv(0)).toMatchObject({ PORTPULSE_NATS_USER: 'portpulse' });
      const res = await fetch(`${users.nodes[0]!.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([gateScan({ site: 'hgh-xiasha', time: Date.now() - 1000, plate: '浙A54321' })]),
      });
      expect(res.status).toBe(204);
      const e = await refusedStart(
        { PORTPULSE_NATS_USER: 'portpulse', PORTPULSE_NATS_PASSWORD: 'wrong' },
        users,
      );
      expect(e.message).toMatch(
        /^nats: authorization violation for .*: check PORTPULSE_NATS_USER \(portpulse\)/,
      );
    } finally {
      await users.stop();
    }
  }, 180_000);
});
