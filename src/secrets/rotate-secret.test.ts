import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkSecrets } from './check-secrets.ts';
import { parseCookieKeys } from './cookie-keys.ts';
import { initSecrets } from './init-secrets.ts';
import { parseJwks } from './jwks.ts';
import { certificates } from './pem.ts';
import { rotateSecret } from './rotate-secret.ts';
import { SecretsError } from './secrets-error.ts';

async function initialised(profile: 'demo' | 'prod' = 'demo'): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  await initSecrets({ dir, profile });
  return dir;
}

test('rotates jwks in place: new keys first, previous kept, same inode and mode', async () => {
  const dir = await initialised();
  const path = join(dir, 'jwks');
  const before = parseJwks(await readFile(path, 'utf8')).keys.map((key) => key.kid);
  const inode = (await stat(path)).ino;

  const result = await rotateSecret({ dir, name: 'jwks' });

  const after = parseJwks(await readFile(path, 'utf8')).keys.map((key) => key.kid);
  assert.deepEqual(after, [...result.added, ...before]);
  assert.equal(result.kept, 2);
  assert.equal((await stat(path)).ino, inode);
  assert.equal((await stat(path)).mode & 0o777, 0o444);
  assert.deepEqual(result.usedBy, ['authz', 'idp']);
  assert.equal((await checkSecrets({ dir, profile: 'demo' })).ok, true);
});

test('rotates cookie keys with the new key first and the old one kept', async () => {
  const dir = await initialised();
  const path = join(dir, 'cookie_keys');
  const [old] = parseCookieKeys(await readFile(path, 'utf8'));
  await rotateSecret({ dir, name: 'cookie_keys' });
  const keys = parseCookieKeys(await readFile(path, 'utf8'));
  assert.equal(keys.length, 2);
  assert.equal(keys[1], old);
});

test('rotates the proxy certificate with a new CA and keeps the old CA in ca_cert', async () => {
  const dir = await initialised('prod');
  const [oldCa] = certificates(await readFile(join(dir, 'ca_cert'), 'utf8'));
  const oldLeaf = certificates(await readFile(join(dir, 'proxy_tls'), 'utf8'))[0];

  const result = await rotateSecret({ dir, name: 'ca_cert' });

  const cas = certificates(await readFile(join(dir, 'ca_cert'), 'utf8'));
  assert.equal(result.name, 'proxy_tls');
  assert.equal(cas.length, 2);
  assert.equal(cas[1], oldCa);
  assert.notEqual(certificates(await readFile(join(dir, 'proxy_tls'), 'utf8'))[0], oldLeaf);
  assert.equal((await checkSecrets({ dir, profile: 'prod' })).ok, true);
});

test('rotates a client secret in place', async () => {
  const dir = await initialised();
  const path = join(dir, 'probe_client_secret');
  const old = await readFile(path, 'utf8');
  await rotateSecret({ dir, name: 'probe_client_secret' });
  assert.notEqual(await readFile(path, 'utf8'), old);
  assert.deepEqual((await readdir(dir)).length, 6);
});

test('refuses to rotate a database password and leaves the file as it was', async () => {
  const dir = await initialised();
  const path = join(dir, 'db_app_password');
  const old = await readFile(path, 'utf8');
  await assert.rejects(rotateSecret({ dir, name: 'db_app_password' }), {
    code: 'needs-stack',
  });
  assert.equal(await readFile(path, 'utf8'), old);
});

test('rejects an unknown secret name, listing the known ones', async () => {
  const dir = await initialised();
  await assert.rejects(rotateSecret({ dir, name: 'jwk' }), (error: SecretsError) => {
    assert.equal(error.code, 'unknown-secret');
    assert.match(error.hint!, /^expected one of postgres_password, db_app_password, /);
    return true;
  });
});

test('refuses to rotate a jwks that does not parse, since its keys would be lost', async () => {
  const dir = await initialised();
  const path = join(dir, 'jwks');
  await chmod(path, 0o644);
  await writeFile(path, '{"keys": [');
  await chmod(path, 0o444);
  await assert.rejects(rotateSecret({ dir, name: 'jwks' }), (error: SecretsError) => {
    assert.equal(error.code, 'invalid');
    assert.equal(
      error.message,
      `cannot rotate ${path}: rotation keeps its keys, but the file is not valid JSON`,
    );
    return true;
  });
  assert.equal(await readFile(path, 'utf8'), '{"keys": [');
});

test('refuses to run while another rotation holds the lock', async () => {
  const dir = await initialised();
  await writeFile(join(dir, '.rotate.lock'), '1\n');
  await assert.rejects(rotateSecret({ dir, name: 'jwks' }), { code: 'busy' });
});

test('lets one of two concurrent rotations through and keeps every key of the winner', async () => {
  const dir = await initialised();
  const results = await Promise.allSettled([
    rotateSecret({ dir, name: 'cookie_keys' }),
    rotateSecret({ dir, name: 'cookie_keys' }),
  ]);
  const fulfilled = results.filter((result) => result.status === 'fulfilled');
  assert.ok(fulfilled.length >= 1);
  const keys = parseCookieKeys(await readFile(join(dir, 'cookie_keys'), 'utf8'));
  assert.equal(keys.length, 1 + fulfilled.length);
});
