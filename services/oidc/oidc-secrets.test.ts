import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { exportJWK, generateKeyPair } from 'jose';

import { createPrivateJwks } from '../test-support/stack-fixture.ts';
import { loadCookieKeys, loadSigningKeys } from './oidc-secrets.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-oidc-secrets-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

test('reads cookie keys one a line, first first', () => {
  const a = 'a'.repeat(43);
  const b = 'b'.repeat(43);
  const path = file('cookie_keys', `${a}\n\n${b}\n`);
  assert.deepEqual(loadCookieKeys({ COOKIE_KEYS_FILE: path }), [a, b]);
});

test('rejects a cookie key shorter than 32 characters, naming the line', () => {
  const path = file('short_keys', `${'a'.repeat(40)}\nshort\n`);
  assert.throws(() => loadCookieKeys({ COOKIE_KEYS_FILE: path }), {
    message: `COOKIE_KEYS_FILE=${path} line 2 has a key shorter than 32 characters`,
  });
});

test('reads a private JWK Set with an ES256 and an RS256 key', async () => {
  const jwks = await createPrivateJwks();
  const path = file('jwks', JSON.stringify(jwks));
  const keys = loadSigningKeys({ JWKS_FILE: path });
  assert.deepEqual(
    keys.map((key) => key.kid),
    ['test-es256', 'test-rs256'],
  );
});

test('rejects a public key, naming its kid', async () => {
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const path = file(
    'public_jwks',
    JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] }),
  );
  assert.throws(() => loadSigningKeys({ JWKS_FILE: path }), {
    message: `JWKS_FILE=${path} keys[0] (kid k1) is a public key, expected a private key`,
  });
});

test('rejects a key set without a P-256 key', async () => {
  const jwks = await createPrivateJwks();
  const path = file('rsa_only', JSON.stringify({ keys: jwks.keys.slice(1) }));
  assert.throws(() => loadSigningKeys({ JWKS_FILE: path }), {
    message: `JWKS_FILE=${path} has no P-256 key, access tokens are signed ES256`,
  });
});

test('rejects a file that is not JSON', () => {
  const path = file('garbage', 'not json');
  assert.throws(() => loadSigningKeys({ JWKS_FILE: path }), {
    message: `JWKS_FILE=${path} is not JSON`,
  });
});
