import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkSecrets } from './check-secrets.ts';
import { initSecrets } from './init-secrets.ts';
import { SecretsError } from './secrets-error.ts';

const demoSet = [
  'postgres_password',
  'db_app_password',
  'cookie_keys',
  'jwks',
  'demo_client_secret',
  'probe_client_secret',
];

async function secretsDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
}

for (const profile of ['demo', 'dev', 'ci'] as const) {
  test(`creates the ${profile} secrets and nothing for TLS`, async () => {
    const dir = await secretsDir();
    const result = await initSecrets({ dir, profile });
    assert.deepEqual(result.created, demoSet);
    assert.deepEqual(result.kept, []);
    assert.deepEqual((await readdir(dir)).sort(), [...demoSet].sort());
  });
}

test('creates the prod secrets without the demo client secret, with TLS', async () => {
  const dir = await secretsDir();
  const result = await initSecrets({ dir, profile: 'prod' });
  assert.deepEqual(result.created.sort(), [
    'ca_cert',
    'cookie_keys',
    'db_app_password',
    'jwks',
    'postgres_password',
    'probe_client_secret',
    'proxy_tls',
  ]);
  assert.equal((await checkSecrets({ dir, profile: 'prod' })).ok, true);
});

test('creates the folder 0700 and every file 0444, and the result passes the check', async () => {
  const dir = await secretsDir();
  const result = await initSecrets({ dir, profile: 'demo' });
  assert.equal(result.folder, 'created');
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  for (const name of demoSet) assert.equal((await stat(join(dir, name))).mode & 0o777, 0o444);
  assert.equal((await checkSecrets({ dir, profile: 'demo' })).ok, true);
});

test('a second run keeps every file byte for byte', async () => {
  const dir = await secretsDir();
  await initSecrets({ dir, profile: 'demo' });
  const before = await Promise.all(demoSet.map((name) => readFile(join(dir, name), 'utf8')));
  const again = await initSecrets({ dir, profile: 'demo' });
  const after = await Promise.all(demoSet.map((name) => readFile(join(dir, name), 'utf8')));
  assert.deepEqual(again.created, []);
  assert.deepEqual(again.kept, demoSet);
  assert.equal(again.folder, 'existing');
  assert.deepEqual(after, before);
});

test('creates only what is missing and reports the rest as kept', async () => {
  const dir = await secretsDir();
  await initSecrets({ dir, profile: 'demo' });
  await rm(join(dir, 'jwks'), { force: true });
  const result = await initSecrets({ dir, profile: 'demo' });
  assert.deepEqual(result.created, ['jwks']);
  assert.equal(result.kept.length, demoSet.length - 1);
});

test('refuses to complete a TLS pair whose other half exists', async () => {
  const dir = await secretsDir();
  await initSecrets({ dir, profile: 'prod' });
  await rm(join(dir, 'proxy_tls'));
  await assert.rejects(initSecrets({ dir, profile: 'prod' }), (error: SecretsError) => {
    assert.equal(error.code, 'incomplete-pair');
    assert.match(error.message, /proxy_tls is missing while ca_cert exists/);
    assert.equal(error.hint, 'run `identity secrets rotate proxy_tls` to issue both anew');
    return true;
  });
});
