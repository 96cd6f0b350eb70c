import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { secretsDir } from '../../src/paths.ts';
import { loginAs } from '../../src/smoke/login-flow.ts';
import { type RunningStack, startStack, stopStack } from '../support/demo-stack.ts';
import { demoUser } from '../support/login-flow.ts';
import {
  fetchInside,
  hostnamesOf,
  projectReplicas,
  replicaHeader,
  replicasAnswering,
} from '../support/replicas.ts';

// K08: an authorization server scaled to 3 behind round robin, with no sticky sessions, must
// not fail logins at random: every replica shares cookie keys, signing keys and the store.
const project = 'identity-e2e-k08';
const logins = 20;

interface Step {
  method: string;
  path: string;
  status: number;
  replica: string | null;
}

// A fetch for the relying party that notes which replica served each request.
function recordingFetch(steps: Step[]) {
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(url, init);
    steps.push({
      method: init?.method ?? 'GET',
      path: new URL(url).pathname,
      status: response.status,
      replica: response.headers.get(replicaHeader),
    });
    return response;
  };
}

function isIdpStep(step: Step): boolean {
  return step.path.startsWith('/interaction/');
}

async function demoServiceToken(issuer: string): Promise<Response> {
  const secret = (await readFile(`${secretsDir}/demo_client_secret`, 'utf8')).trim();
  return fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`demo-service:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'items:read' }),
  });
}

// Asks for tokens until every authz replica has issued one (round robin needs as many requests
// as replicas; the bound only stops a broken stack from looping).
async function tokenFromEveryReplica(
  replicas: string[],
  issue: () => Promise<{ replica: string; token: string }>,
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let sent = 0; sent < replicas.length * 5 && tokens.size < replicas.length; sent += 1) {
    const { replica, token } = await issue();
    if (!tokens.has(replica)) tokens.set(replica, token);
  }
  assert.deepEqual([...tokens.keys()].sort(), replicas, 'authz replicas that issued a token');
  return tokens;
}

describe('K08 replicas that do not share state', { timeout: 900_000 }, () => {
  let stack: RunningStack | undefined;

  before(async () => {
    stack = await startStack(project, 'demo', ['--scale', 'authz=3,idp=3,rs=3']);
  });

  after(async () => {
    await stopStack(stack, project);
  });

  it(`completes ${logins} full logins whichever authz and idp replica serves each step`, async () => {
    const authz = await hostnamesOf(project, 'authz');
    const idp = await hostnamesOf(project, 'idp');
    assert.equal(authz.length, 3);
    const servedBy = { authz: new Set<string>(), idp: new Set<string>() };

    for (let login = 1; login <= logins; login += 1) {
      const steps: Step[] = [];
      const { tokens } = await loginAs(stack!.issuer, demoUser, recordingFetch(steps));
      assert.ok(tokens.id_token, `login ${login}: an ID token`);
      assert.ok(tokens.claims()?.sub, `login ${login}: a subject`);

      const unanswered = steps.filter((step) => step.replica === null);
      assert.deepEqual(unanswered, [], `login ${login}: every step answered by a replica`);
      const authzSteps = steps.filter((step) => !isIdpStep(step));
      const idpSteps = steps.filter(isIdpStep);
      assert.ok(authzSteps.some((step) => step.path === '/token' && step.status === 200));
      assert.ok(
        idpSteps.some((step) => step.method === 'POST'),
        `login ${login}: login form`,
      );
      for (const step of authzSteps) servedBy.authz.add(step.replica!);
      for (const step of idpSteps) servedBy.idp.add(step.replica!);
      // Round robin sends consecutive requests of one login to different replicas.
      const replicasOfLogin = new Set(authzSteps.map((step) => step.replica));
      assert.ok(replicasOfLogin.size > 1, `login ${login} stayed on one authz replica`);
    }

    assert.deepEqual([...servedBy.authz].sort(), authz);
    assert.deepEqual([...servedBy.idp].sort(), idp);
  });

  it('verifies user and client tokens from every authz replica at every rs replica', async () => {
    const issuer = stack!.issuer;
    const api = `${issuer}/api`;
    const authz = await hostnamesOf(project, 'authz');
    const rs = await projectReplicas(project, 'rs');
    assert.equal(rs.length, 3);

    // User tokens for the API: refreshing with resource=<api>, each refresh on the next replica.
    const steps: Step[] = [];
    const { config, tokens } = await loginAs(issuer, demoUser, recordingFetch(steps));
    let refreshToken = tokens.refresh_token!;
    const userTokens = await tokenFromEveryReplica(authz, async () => {
      const refreshed = await client.refreshTokenGrant(config, refreshToken, { resource: api });
      refreshToken = refreshed.refresh_token!;
      const step = steps.at(-1)!;
      assert.equal(step.path, '/token');
      return { replica: step.replica!, token: refreshed.access_token };
    });
    const clientTokens = await tokenFromEveryReplica(authz, async () => {
      const response = await demoServiceToken(issuer);
      assert.equal(response.status, 200);
      const { access_token: token } = (await response.json()) as { access_token: string };
      return { replica: response.headers.get(replicaHeader)!, token };
    });

    const sub = tokens.claims()!.sub;
    for (const [kind, byReplica, expected] of [
      ['user', userTokens, { sub, client_id: 'spa' }],
      ['client', clientTokens, { sub: 'demo-service', client_id: 'demo-service' }],
    ] as const) {
      for (const [issuedBy, token] of byReplica) {
        for (const replica of rs) {
          // The token reaches the replica on stdin: it never shows in a process list.
          const reply = await fetchInside(replica.id, 'http://127.0.0.1:3002/api/me', token);
          const what = `${kind} token from authz ${issuedBy} at ${replica.name}`;
          assert.equal(reply.status, 200, `${what}: ${reply.body}`);
          const me = JSON.parse(reply.body) as { sub: string; client_id: string };
          assert.deepEqual({ sub: me.sub, client_id: me.client_id }, expected, what);
        }
      }
    }
  });

  it('publishes the same JWKS from every authz replica', async () => {
    const authz = await projectReplicas(project, 'authz');
    const direct = await Promise.all(
      authz.map((replica) => fetchInside(replica.id, 'http://127.0.0.1:3000/jwks')),
    );
    for (const reply of direct) assert.equal(reply.status, 200);
    const [first, ...others] = direct.map((reply) => JSON.parse(reply.body) as unknown);
    assert.equal((first as { keys: unknown[] }).keys.length, 2);
    for (const other of others) assert.deepEqual(other, first);

    // And through the proxy, whichever replica answers.
    const bodies = new Set<string>();
    const seen = await replicasAnswering(
      async () => {
        const response = await fetch(`${stack!.issuer}/jwks`);
        bodies.add(JSON.stringify(await response.clone().json()));
        return response;
      },
      authz.map((replica) => replica.hostname),
    );
    assert.equal(seen.size, 3);
    assert.deepEqual([...bodies], [JSON.stringify(first)]);
  });
});
