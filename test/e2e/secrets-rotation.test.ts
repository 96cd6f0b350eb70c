import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { generateKeyPair, SignJWT } from 'jose';
import * as client from 'openid-client';
import { secretsDir } from '../../src/paths.ts';
import { startAvailabilityProbe } from '../support/availability-probe.ts';
import { explain, runCli } from '../support/cli.ts';
import { type RunningStack, startStack, stopStack } from '../support/demo-stack.ts';
import { type LoginResult, loginAsDemoUser } from '../support/login-flow.ts';
import { createOwnSecrets, type OwnSecrets } from '../support/own-secrets.ts';
import { projectReplicas, type Replica } from '../support/replicas.ts';

// `identity secrets rotate <name> --project P` on a running demo stack with one replica of each
// service: signing keys, cookie keys and the database password change while a probe keeps asking
// every service through the proxy, and no request fails. The suite keeps its secrets in a folder
// of its own.
// A name of its own per run: another checkout running the same suite at the same time (a
// shared CI host) must not tear this stack down when it clears its own leftovers.
const project = `identity-e2e-rotation-${randomBytes(3).toString('hex')}`;

interface RotateJson {
  name: string;
  added: string[];
  kept: number;
  project: string;
  steps: { service: string; replica: string; action: string }[];
}

function kidOf(jwt: string): string {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8'));
  return (header as { kid: string }).kid;
}

// A JWT for the rs: the code exchange buys a userinfo token, a refresh with the API as resource
// buys an access token for it (RFC 8707).
async function apiTokenOf(login: LoginResult, issuer: string): Promise<string> {
  const refreshed = await client.refreshTokenGrant(login.config, login.tokens.refresh_token!, {
    resource: `${issuer}/api`,
  });
  return refreshed.access_token;
}

async function getApi(issuer: string, path: string, token: string): Promise<number> {
  const response = await fetch(`${issuer}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

// Signs in again with the session cookie alone (prompt=none): works only while the cookie that
// authz set before still verifies.
async function silentSignIn(login: LoginResult, issuer: string): Promise<URL> {
  const redirectUri = `${issuer}/app/callback`;
  const url = client.buildAuthorizationUrl(login.config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
    state: client.randomState(),
    prompt: 'none',
  });
  const page = await login.session.follow(url, redirectUri);
  return new URL(page.headers.get('location') ?? `${issuer}/no-redirect-${page.status}`);
}

// SQL of the test's own (no secret in it) as the superuser over the local socket.
async function psql(sql: string): Promise<void> {
  const [postgres] = await projectReplicas(project, 'postgres');
  await execa('docker', ['exec', '-i', postgres!.id, 'psql', '-U', 'postgres', '-d', 'postgres'], {
    input: `${sql};\n`,
  });
}

function rotate(name: string, env: Record<string, string>) {
  return runCli(['secrets', 'rotate', name, '--project', project, '--json'], env);
}

async function jwksRequestsSince(since: string): Promise<string[]> {
  const logs = await execa('docker', [
    'compose',
    '-p',
    project,
    'logs',
    'authz',
    '--no-color',
    '--no-log-prefix',
    '--since',
    since,
  ]);
  return stripVTControlCharacters(String(logs.stdout))
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { path?: string; time: string })
    .filter((record) => record.path === '/jwks')
    .map((record) => record.time);
}

// Containers that a rotation must leave alone: the same container, started at the same time.
function unchanged(before: Replica[], after: Replica[], services: string[]): void {
  const pick = (replicas: Replica[]) =>
    replicas
      .filter((replica) => services.includes(replica.service))
      .map(({ name, id, startedAt }) => ({ name, id, startedAt }));
  assert.deepEqual(pick(after), pick(before));
}

describe('secrets rotation on a running stack', { timeout: 1_500_000 }, () => {
  let own: OwnSecrets;
  let stack: RunningStack | undefined;
  let env: Record<string, string>;
  let issuer: string;
  let firstLogin: LoginResult;
  let tokenBefore: string;
  let latestToken: string;
  let secondLogin: LoginResult;
  const sharedBefore = new Map<string, string>();

  before(async () => {
    for (const name of ['jwks', 'cookie_keys', 'db_app_password']) {
      sharedBefore.set(name, await readFile(join(secretsDir, name), 'utf8').catch(() => ''));
    }
    own = await createOwnSecrets('demo');
    stack = await startStack(project, 'demo', ['--file', own.overrideFile], own.env);
    env = { ...stack.env, ...own.env };
    issuer = stack.issuer;
    firstLogin = await loginAsDemoUser(issuer);
    tokenBefore = await apiTokenOf(firstLogin, issuer);
    latestToken = tokenBefore;
  });

  after(async () => {
    try {
      await stopStack(stack, project);
    } finally {
      await own?.remove();
    }
  });

  it('rotates jwks: publish, roll, promote, roll, while every request succeeds', async () => {
    const oldKid = kidOf(tokenBefore);
    const others = await projectReplicas(project);
    const probe = startAvailabilityProbe(issuer, () => tokenBefore);

    const run = await rotate('jwks', env);

    const availability = await probe.stop();
    assert.equal(run.exitCode, 0, explain(run));
    assert.deepEqual(availability.failures, []);
    assert.ok(availability.requests > 100, `${availability.requests} requests`);

    const result = JSON.parse(run.stdout) as RotateJson;
    assert.equal(result.added.length, 2);
    assert.deepEqual(
      result.steps.map((step) => `${step.service} ${step.action}`),
      ['authz', 'idp', 'authz', 'idp'].flatMap((service) => [
        `${service} added`,
        `${service} restarted`,
        `${service} removed`,
      ]),
    );
    unchanged(others, await projectReplicas(project), ['postgres', 'proxy', 'rs', 'spa']);

    const keys = JSON.parse(await readFile(join(own.dir, 'jwks'), 'utf8')).keys as {
      kid: string;
      alg: string;
    }[];
    assert.deepEqual(
      keys.slice(0, 2).map((key) => key.kid),
      result.added,
    );
    const published = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    const kids = published.keys.map((key) => key.kid);
    assert.ok(kids.includes(oldKid), 'the key that signed before is still published');
    for (const kid of result.added) assert.ok(kids.includes(kid), `${kid} is published`);
  });

  it('still accepts at the rs a token issued before the rotation', async () => {
    assert.equal(await getApi(issuer, '/api/me', tokenBefore), 200);
    assert.equal(await getApi(issuer, '/api/items', tokenBefore), 200);
  });

  it('signs new tokens with the new key, and the rs accepts them', async () => {
    const keys = JSON.parse(await readFile(join(own.dir, 'jwks'), 'utf8')).keys as {
      kid: string;
      alg: string;
    }[];
    const signing = keys.find((key) => key.alg === 'ES256')!.kid;

    secondLogin = await loginAsDemoUser(issuer);
    latestToken = await apiTokenOf(secondLogin, issuer);

    assert.equal(kidOf(latestToken), signing);
    assert.notEqual(kidOf(latestToken), kidOf(tokenBefore));
    assert.equal(await getApi(issuer, '/api/me', latestToken), 200);
  });

  it('refetches the key set once per cool-down when flooded with unknown kids', async () => {
    // Start after a whole cool-down (30 s) without any fetch of the key set.
    const last = (await jwksRequestsSince('30m')).at(-1);
    if (last !== undefined) await sleep(Math.max(0, Date.parse(last) + 31_000 - Date.now()));
    const since = new Date().toISOString();
    const { privateKey } = await generateKeyPair('ES256');
    const forged = async () => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sub: 'flood', scope: 'items:read', client_id: 'spa' })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: randomUUID() })
        .setIssuer(issuer)
        .setAudience(`${issuer}/api`)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(privateKey);
    };

    const answers: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 25; i += 1) {
          const response = await fetch(`${issuer}/api/me`, {
            headers: { authorization: `Bearer ${await forged()}` },
          });
          const body = (await response.json()) as { error_description?: string };
          answers.push(`${response.status} ${body.error_description}`);
        }
      }),
    );
    await sleep(1_000);

    assert.deepEqual([...new Set(answers)], ['401 access token signing key is unknown']);
    assert.equal(answers.length, 100);
    assert.equal((await jwksRequestsSince(since)).length, 1);
  });

  it('rotates cookie_keys; a session from before still signs in without a password', async () => {
    const [previousKey] = (await readFile(join(own.dir, 'cookie_keys'), 'utf8')).split('\n');
    const others = await projectReplicas(project);
    const probe = startAvailabilityProbe(issuer, () => latestToken);

    const run = await rotate('cookie_keys', env);

    const availability = await probe.stop();
    assert.equal(run.exitCode, 0, explain(run));
    assert.deepEqual(availability.failures, []);
    unchanged(others, await projectReplicas(project), ['postgres', 'proxy', 'rs', 'spa']);

    const keys = (await readFile(join(own.dir, 'cookie_keys'), 'utf8')).split('\n');
    assert.equal(keys[1], previousKey);
    assert.notEqual(keys[0], previousKey);

    const callback = await silentSignIn(secondLogin, issuer);
    assert.equal(callback.searchParams.get('error'), null, callback.href);
    assert.ok(callback.searchParams.get('code'), callback.href);
  });

  it('rotates db_app_password in PostgreSQL and the file; the services reconnect', async () => {
    const before = await readFile(join(own.dir, 'db_app_password'), 'utf8');
    const others = await projectReplicas(project);
    const probe = startAvailabilityProbe(issuer, () => latestToken);

    const run = await rotate('db_app_password', env);

    const availability = await probe.stop();
    assert.equal(run.exitCode, 0, explain(run));
    assert.deepEqual(availability.failures, []);
    assert.notEqual(await readFile(join(own.dir, 'db_app_password'), 'utf8'), before);
    const result = JSON.parse(run.stdout) as RotateJson;
    assert.deepEqual(
      [...new Set(result.steps.map((step) => step.service))],
      ['authz', 'idp', 'rs'],
    );
    unchanged(others, await projectReplicas(project), ['postgres', 'proxy', 'spa']);

    // Every restarted service opens new connections with the new password.
    const login = await loginAsDemoUser(issuer);
    latestToken = await apiTokenOf(login, issuer);
    assert.equal(await getApi(issuer, '/api/items', latestToken), 200);
    const health = await runCli(['health', '--project', project], env);
    assert.equal(health.exitCode, 0, explain(health));
  });

  it('puts the old password back in the file when PostgreSQL refuses the new one', async () => {
    const path = join(own.dir, 'db_app_password');
    const before = await readFile(path, 'utf8');
    // The superuser's sessions become read-only, so its ALTER ROLE fails; the services' role
    // is untouched and keeps working.
    await psql('ALTER ROLE postgres SET default_transaction_read_only = on');
    let run;
    try {
      run = await runCli(['secrets', 'rotate', 'db_app_password', '--project', project], env);
    } finally {
      await psql(
        'SET default_transaction_read_only = off; ' +
          'ALTER ROLE postgres RESET default_transaction_read_only',
      );
    }

    assert.equal(run.exitCode, 5, explain(run));
    assert.match(
      run.stderr,
      /PostgreSQL did not take the new password of role identity_app: .*read-only transaction/,
    );
    assert.match(run.stderr, /db_app_password is back to the previous value/);
    assert.equal(await readFile(path, 'utf8'), before);
    assert.equal(await getApi(issuer, '/api/items', latestToken), 200);
  });

  it('refuses a project that does not run, and a folder the project does not mount', async () => {
    const absent = await runCli(
      ['secrets', 'rotate', 'jwks', '--project', `${project}-absent`],
      own.env,
    );
    assert.equal(absent.exitCode, 5, explain(absent));
    assert.match(absent.stderr, new RegExp(`project "${project}-absent" is not running`));

    const elsewhere = await runCli(['secrets', 'rotate', 'jwks', '--project', project], {
      ...env,
      IDENTITY_SECRETS_DIR: secretsDir,
    });
    assert.equal(elsewhere.exitCode, 2, explain(elsewhere));
    assert.match(elsewhere.stderr, /mounts its secrets from .*, but IDENTITY_SECRETS_DIR is /);
  });

  it('leaves the shared secrets folder alone', async () => {
    for (const [name, content] of sharedBefore) {
      // Another suite may create a missing file meanwhile (init never overwrites one).
      if (content === '') continue;
      assert.equal(await readFile(join(secretsDir, name), 'utf8').catch(() => ''), content, name);
    }
  });
});
