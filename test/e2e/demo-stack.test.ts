import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar';
import { explain, runCli } from '../support/cli.ts';
import { after, before, describe, it } from 'node:test';
import { secretsDir } from '../../src/paths.ts';
import * as client from 'openid-client';
import { logout } from '../../src/smoke/login-flow.ts';
import { type RunningStack, startStack, stopStack } from '../support/demo-stack.ts';
import { withBrowser } from '../support/browser.ts';
import { demoUser, loginAsDemoUser } from '../support/login-flow.ts';

const project = 'identity-e2e-demo';

async function clientCredentials(issuer: string, scope?: string): Promise<Response> {
  const secret = (await readFile(`${secretsDir}/demo_client_secret`, 'utf8')).trim();
  const body = new URLSearchParams({ grant_type: 'client_credentials', resource: `${issuer}/api` });
  if (scope !== undefined) body.set('scope', scope);
  return fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`demo-service:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
  });
}

describe('demo stack', { timeout: 900_000 }, () => {
  let stack: RunningStack | undefined;

  before(async () => {
    stack = await startStack(project, 'demo');
  });

  after(async () => {
    await stopStack(stack, project);
  });

  it('serves discovery under the public issuer through the proxy', async () => {
    const response = await fetch(`${stack!.issuer}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const discovery = (await response.json()) as Record<string, unknown>;
    assert.equal(discovery['issuer'], stack!.issuer);
    assert.equal(discovery['token_endpoint'], `${stack!.issuer}/token`);
    assert.deepEqual(discovery['code_challenge_methods_supported'], ['S256']);
  });

  it('publishes a JWKS with an ES256 and an RS256 public key and no private parts', async () => {
    const response = await fetch(`${stack!.issuer}/jwks`);
    assert.equal(response.status, 200);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    assert.deepEqual(keys.map((key) => key['alg']).sort(), ['ES256', 'RS256']);
    for (const key of keys) {
      assert.equal(key['d'], undefined);
      assert.ok(key['kid']);
    }
  });

  it('answers the items API with a client_credentials token that has items:read', async () => {
    const token = await clientCredentials(stack!.issuer, 'items:read');
    assert.equal(token.status, 200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const response = await fetch(`${stack!.issuer}/api/items`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    assert.equal(response.status, 200);
  });

  it('answers 401 with a WWW-Authenticate challenge without a token', async () => {
    const response = await fetch(`${stack!.issuer}/api/items`);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
  });

  it('answers 403 insufficient_scope for a token without items:read', async () => {
    const token = await clientCredentials(stack!.issuer);
    assert.equal(token.status, 200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const response = await fetch(`${stack!.issuer}/api/items`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    assert.equal(response.status, 403);
    assert.match(response.headers.get('www-authenticate') ?? '', /insufficient_scope/);
  });

  it("hides the services' health endpoints from outside", async () => {
    for (const path of ['/livez', '/readyz']) {
      const response = await fetch(`${stack!.issuer}${path}`);
      assert.equal(response.status, 404, path);
    }
  });

  it('logs in with code + PKCE, calls the rs, rotates the refresh token and logs out', async () => {
    const issuer = stack!.issuer;
    const { config, tokens, session } = await loginAsDemoUser(issuer);
    assert.equal(tokens.claims()?.sub !== undefined, true);
    assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');

    // Without a resource the code buys an opaque token for userinfo (OIDC); the refresh with
    // resource=<api> buys a JWT for the rs (RFC 8707) and rotates the refresh token.
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    assert.equal(userinfo.sub, tokens.claims()!.sub);
    assert.equal(userinfo['email'], 'demo@example.test');

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, {
      resource: `${issuer}/api`,
    });
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    const items = await fetch(`${issuer}/api/items`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    assert.equal(items.status, 200);
    const me = await fetch(`${issuer}/api/me`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    assert.equal(((await me.json()) as { sub: string }).sub, tokens.claims()!.sub);
    await assert.rejects(
      client.refreshTokenGrant(config, tokens.refresh_token!),
      (error: client.ResponseBodyError) => error.error === 'invalid_grant',
    );

    assert.equal(await logout({ config, tokens, session }, issuer), `${issuer}/app/`);
  });

  it('signs the demo user in and out of the SPA in a real browser, through the proxy', async () => {
    const issuer = stack!.issuer;
    await withBrowser(async (context) => {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));

      await page.goto(`${issuer}/app/`);
      await page.locator('#status', { hasText: 'Signed out' }).waitFor();
      await page.click('#login');
      await page.waitForURL(/\/interaction\//);
      await page.fill('#username', demoUser.username);
      await page.fill('#password', demoUser.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Allow', exact: true }).click();

      await page.waitForURL(`${issuer}/app/`);
      await page.locator('#status', { hasText: 'Signed in as demo' }).waitFor();
      const claims = JSON.parse((await page.textContent('#claims')) ?? '{}') as { iss: string };
      assert.equal(claims.iss, issuer);
      await page.click('#call-items');
      await page.locator('#api', { hasText: '200 /items' }).waitFor();

      await page.click('#logout');
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${issuer}/app/`);
      await page.locator('#status', { hasText: 'Signed out' }).waitFor();
      assert.deepEqual(pageErrors, []);
    });
  });

  it('passes identity smoke: tokens, API, login, userinfo, refresh, logout', async () => {
    const run = await runCli(['smoke', '--project', project, '--json'], stack!.env);
    assert.equal(run.exitCode, 0, explain(run));
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: { name: string; status: string }[];
    };
    assert.deepEqual(
      report.checks.map((check) => `${check.name}:${check.status}`),
      [
        'discovery',
        'jwks',
        'token',
        'rs',
        'spa',
        'rs-without-token',
        'login',
        'userinfo',
        'refresh',
        'logout',
      ].map((name) => `${name}:pass`),
    );
  });

  it('fails identity smoke with exit 5 when the password is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'identity-smoke-'));
    try {
      await writeFile(join(dir, 'password'), 'not-the-password');
      const run = await runCli(
        [
          'smoke',
          '--project',
          project,
          '--user',
          'demo',
          '--password-file',
          join(dir, 'password'),
          '--json',
        ],
        stack!.env,
      );
      assert.equal(run.exitCode, 5, explain(run));
      const report = JSON.parse(run.stdout) as {
        checks: { name: string; status: string; detail: string }[];
      };
      const login = report.checks.find((check) => check.name === 'login');
      assert.equal(login?.status, 'fail');
      assert.match(login?.detail ?? '', /refused the password of demo/);
      assert.ok(
        !run.stdout.includes('not-the-password') && !run.stderr.includes('not-the-password'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes a support bundle in which no secret value appears', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'identity-support-test-'));
    try {
      const file = join(dir, 'bundle.tar.gz');
      const run = await runCli(['support-bundle', '--project', project, '--out', file], stack!.env);
      assert.equal(run.exitCode, 0, explain(run));
      await extract({ file, cwd: dir });
      const folder = join(dir, `identity-support-${project}`);
      const names = await readdir(folder);
      for (const expected of [
        'logs.txt',
        'inspect.json',
        'health.json',
        'doctor.json',
        'identity-demo.yml',
      ]) {
        assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
      }
      const contents = await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')));
      assert.match(contents[names.indexOf('logs.txt')]!, /authz/);
      for (const secret of await secretValues()) {
        for (const [i, text] of contents.entries()) {
          assert.ok(!text.includes(secret.value), `${secret.file} appears in ${names[i]}`);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts again over a replica that exited, with a new container and the same port', async () => {
    const { execa } = await import('execa');
    const filter = ['--filter', `label=com.docker.compose.project=${project}`];
    const authz = ['--filter', 'label=com.docker.compose.service=authz'];
    const before = String((await execa('docker', ['ps', '-q', ...filter, ...authz])).stdout).trim();
    await execa('docker', ['stop', before]);

    // From a shell without the suite's IDENTITY_HTTP_PORT: the running project keeps its own.
    const run = await runCli(['start', '--project', project, '--progress', 'plain']);
    assert.equal(run.exitCode, 0, explain(run));
    assert.match(run.stderr, /removing 1 stopped containers of an earlier run/);
    assert.match(
      run.stderr,
      new RegExp(`keeping IDENTITY_HTTP_PORT=${stack!.env['IDENTITY_HTTP_PORT']}`),
    );
    assert.match(run.stdout, new RegExp(`issuer +${stack!.issuer}\\n`));
    const after = String((await execa('docker', ['ps', '-q', ...filter, ...authz])).stdout).trim();
    assert.ok(after !== '' && after !== before, `authz is ${after || 'missing'}`);
  });
});

// Every generated value, read straight from the files: whole contents, and the private parts of
// the signing keys.
async function secretValues(): Promise<{ file: string; value: string }[]> {
  const values: { file: string; value: string }[] = [];
  for (const file of await readdir(secretsDir)) {
    const text = (await readFile(join(secretsDir, file), 'utf8')).trim();
    if (file === 'jwks') {
      for (const key of (JSON.parse(text) as { keys: Record<string, string>[] }).keys) {
        for (const member of ['d', 'p', 'q'])
          if (key[member]) values.push({ file, value: key[member] });
      }
    } else {
      for (const line of text.split('\n'))
        if (line.length >= 16) values.push({ file, value: line });
    }
  }
  assert.ok(values.length >= 6);
  return values;
}
