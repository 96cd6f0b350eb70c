import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import type { RunningService } from '../shared/http-server.ts';
import { createPrivateJwks, demoClients, silentLogger } from '../test-support/stack-fixture.ts';
import { startAuthz } from './start-authz.ts';

// Behind a TLS-terminating proxy the provider sees plain http; it must still advertise the
// public https issuer, from the forwarded scheme and host. No database is needed for discovery.
const issuer = 'https://id.example.test';
let dir: string;
let authz: RunningService;
let base: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'identity-discovery-'));
  writeFileSync(join(dir, 'cookie_keys'), `${'k'.repeat(43)}\n`);
  writeFileSync(join(dir, 'jwks'), JSON.stringify(await createPrivateJwks()));
  writeFileSync(join(dir, 'demo_client_secret'), 'secret');
  writeFileSync(join(dir, 'probe_client_secret'), 'secret');
  writeFileSync(join(dir, 'db'), 'unused');
  writeFileSync(join(dir, 'clients.json'), JSON.stringify(demoClients(dir)));
  authz = await startAuthz(
    {
      IDENTITY_ISSUER: issuer,
      RS_AUDIENCE: `${issuer}/api`,
      PORT: '0',
      PGPORT: '1',
      PGPASSWORD_FILE: join(dir, 'db'),
      COOKIE_KEYS_FILE: join(dir, 'cookie_keys'),
      JWKS_FILE: join(dir, 'jwks'),
      CLIENTS_FILE: join(dir, 'clients.json'),
    },
    silentLogger,
  );
  base = `http://127.0.0.1:${authz.port}`;
});
after(async () => {
  await authz.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('discovery lists only https endpoints under the public issuer behind the proxy', async () => {
  const response = await fetch(`${base}/.well-known/openid-configuration`, {
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'id.example.test' },
  });
  const metadata = (await response.json()) as Record<string, unknown>;
  assert.equal(metadata['issuer'], issuer);
  const endpoints = Object.entries(metadata).filter(
    ([key]) => key.endsWith('_endpoint') || key === 'jwks_uri',
  );
  assert.ok(endpoints.length >= 6);
  for (const [key, value] of endpoints) {
    assert.ok(String(value).startsWith(`${issuer}/`), `${key} is ${value}`);
  }
});

test('discovery offers only the code flow, S256 PKCE and the product scopes', async () => {
  const metadata = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
  assert.deepEqual(metadata.response_types_supported, ['code']);
  assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(metadata.grant_types_supported, [
    'authorization_code',
    'refresh_token',
    'client_credentials',
  ]);
  assert.deepEqual(metadata.scopes_supported, [
    'openid',
    'profile',
    'email',
    'offline_access',
    'items:read',
    'items:write',
    'health',
  ]);
});

test('publishes public keys only, with their kids', async () => {
  const jwks = await (await fetch(`${base}/jwks`)).json();
  assert.deepEqual(
    jwks.keys.map((key: { kid: string }) => key.kid),
    ['test-es256', 'test-rs256'],
  );
  for (const key of jwks.keys) assert.equal(key.d, undefined);
});

test('is live but not ready without its database', async () => {
  assert.equal((await fetch(`${base}/livez`)).status, 200);
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 503);
  const body = await ready.json();
  assert.match(
    body.checks.database,
    /^error: database identity_app@127.0.0.1:1\/identity is not reachable/,
  );
});
