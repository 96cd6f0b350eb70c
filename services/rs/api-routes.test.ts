import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';

import { exportJWK, generateKeyPair, type CryptoKey, type JWK, SignJWT } from 'jose';

import type { RunningService } from '../shared/http-server.ts';
import {
  silentLogger,
  startStackFixture,
  type StackFixture,
} from '../test-support/stack-fixture.ts';
import { startRs } from './start-rs.ts';

const issuer = 'http://127.0.0.1:8480';
const audience = `${issuer}/api`;

let fixture: StackFixture;
let rs: RunningService;
let jwksServer: Server;
let jwksFetches = 0;
let published: JWK[] = [];
let signingKey: CryptoKey;
let api: string;
const cooldownMs = 1_000;

// Stands in for authz's /jwks: serves whatever `published` holds and counts fetches.
async function startJwksServer(): Promise<string> {
  jwksServer = createServer((_req, res) => {
    jwksFetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  jwksServer.listen(0, '127.0.0.1');
  await once(jwksServer, 'listening');
  const address = jwksServer.address() as { port: number };
  return `http://127.0.0.1:${address.port}/jwks`;
}

async function addKey(kid: string): Promise<CryptoKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  published.push({ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'ES256' });
  return privateKey;
}

type TokenOptions = {
  key?: CryptoKey;
  kid?: string;
  claims?: Record<string, unknown>;
  typ?: string;
};

async function token(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: issuer,
    aud: audience,
    sub: 'user-1',
    client_id: 'spa',
    scope: 'items:read',
    iat: now,
    exp: now + 600,
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: options.typ ?? 'at+jwt', kid: options.kid ?? 'k1' })
    .sign(options.key ?? signingKey);
}

async function get(path: string, authorization?: string) {
  const response = await fetch(`${api}${path}`, {
    headers: authorization ? { authorization } : {},
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.json(),
  };
}

before(async () => {
  fixture = await startStackFixture();
  signingKey = await addKey('k1');
  const jwksUri = await startJwksServer();
  const env = {
    ...fixture.env,
    PORT: '0',
    IDENTITY_ISSUER: issuer,
    RS_AUDIENCE: audience,
    JWKS_URI: jwksUri,
    JWKS_COOLDOWN_MS: String(cooldownMs),
  };
  rs = await startRs(env, silentLogger);
  api = `http://127.0.0.1:${rs.port}`;
});
after(async () => {
  await rs.stop();
  jwksServer.close();
  await fixture.stop();
});

describe('rs', () => {
  test('answers /api/me with the token subject, client and scope', async () => {
    assert.deepEqual(await get('/api/me', `Bearer ${await token()}`), {
      status: 200,
      challenge: null,
      body: { sub: 'user-1', client_id: 'spa', scope: 'items:read' },
    });
  });

  test('answers /api/items from the database with items:read', async () => {
    const result = await get('/api/items', `Bearer ${await token()}`);
    assert.equal(result.status, 200);
    assert.deepEqual(
      result.body.items.map((item: { name: string }) => item.name),
      ['Notebook', 'Fountain pen', 'Desk lamp'],
    );
  });

  test('rejects a request without a token with 401 and a bare challenge', async () => {
    assert.deepEqual(await get('/api/me'), {
      status: 401,
      challenge: 'Bearer realm="identity"',
      body: { error: 'missing_token', error_description: 'a bearer access token is required' },
    });
  });

  test('rejects an expired token with invalid_token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await token({ claims: { iat: past - 600, exp: past } });
    assert.deepEqual(await get('/api/me', `Bearer ${expired}`), {
      status: 401,
      challenge:
        'Bearer realm="identity", error="invalid_token", error_description="access token expired"',
      body: { error: 'invalid_token', error_description: 'access token expired' },
    });
  });

  for (const [claim, value] of [
    ['aud', 'http://127.0.0.1:8480/other'],
    ['iss', 'http://evil.example.test'],
  ] as const) {
    test(`rejects a token with a foreign ${claim}`, async () => {
      const result = await get('/api/me', `Bearer ${await token({ claims: { [claim]: value } })}`);
      assert.equal(result.status, 401);
      assert.deepEqual(result.body, {
        error: 'invalid_token',
        error_description: `access token ${claim} claim is invalid`,
      });
    });
  }

  test('rejects an ID token (typ JWT) presented as an access token', async () => {
    const result = await get('/api/me', `Bearer ${await token({ typ: 'JWT' })}`);
    assert.deepEqual(result.body, {
      error: 'invalid_token',
      error_description: 'access token typ claim is invalid',
    });
  });

  test('rejects a token with a bad signature', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const result = await get('/api/me', `Bearer ${await token({ key: privateKey })}`);
    assert.deepEqual(result.body, {
      error: 'invalid_token',
      error_description: 'access token signature is invalid',
    });
  });

  test('rejects a malformed authorization header with 400 invalid_request', async () => {
    const result = await get('/api/me', 'Basic dXNlcjpwYXNz');
    assert.equal(result.status, 400);
    assert.equal(result.body.error, 'invalid_request');
  });

  test('answers 403 insufficient_scope naming the scope', async () => {
    const result = await get(
      '/api/items',
      `Bearer ${await token({ claims: { scope: 'openid' } })}`,
    );
    assert.deepEqual(result, {
      status: 403,
      challenge:
        'Bearer realm="identity", error="insufficient_scope", ' +
        'error_description="access token lacks scope items:read", scope="items:read"',
      body: {
        error: 'insufficient_scope',
        error_description: 'access token lacks scope items:read',
        scope: 'items:read',
      },
    });
  });

  test('refetches the key set once for an unknown kid, then waits for the cooldown', async () => {
    const rotatedKey = await addKey('k2');
    await new Promise((resolve) => setTimeout(resolve, cooldownMs + 100));
    const before = jwksFetches;
    const first = await get('/api/me', `Bearer ${await token({ key: rotatedKey, kid: 'k2' })}`);
    assert.equal(first.status, 200);
    assert.equal(jwksFetches, before + 1);

    // A forged kid right after: no new fetch inside the cooldown, and a clean 401.
    const forged = await get('/api/me', `Bearer ${await token({ kid: 'k-forged' })}`);
    assert.equal(forged.status, 401);
    assert.equal(forged.body.error_description, 'access token signing key is unknown');
    assert.equal(jwksFetches, before + 1);
  });

  test('is ready with the database and the key set reachable', async () => {
    const response = await fetch(`${api}/readyz`);
    assert.deepEqual([response.status, await response.json()], [200, { status: 'ready' }]);
  });
});
