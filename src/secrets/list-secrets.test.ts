import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { initSecrets } from './init-secrets.ts';
import { formatAge, listSecrets } from './list-secrets.ts';

async function initialised(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  await initSecrets({ dir, profile: 'demo' });
  return dir;
}

test('lists name, file, mode, owner, age and fingerprint of each present secret', async () => {
  const dir = await initialised();
  const listed = await listSecrets({ dir });
  assert.equal(listed.length, 6);
  const jwks = listed.find((secret) => secret.name === 'jwks')!;
  assert.equal(jwks.file, join(dir, 'jwks'));
  assert.equal(jwks.mode, '0444');
  assert.equal(jwks.uid, process.getuid!());
  assert.ok(jwks.ageSeconds! >= 0 && jwks.ageSeconds! < 60);
  assert.match(jwks.fingerprint!, /^ES256:[\w-]{12} RS256:[\w-]{12}$/);
  const password = listed.find((secret) => secret.name === 'db_app_password')!;
  assert.match(password.fingerprint!, /^sha256:[0-9a-f]{12}$/);
});

test('never lists a value', async () => {
  const dir = await initialised();
  const text = JSON.stringify(await listSecrets({ dir, profile: 'prod' }));
  for (const name of ['postgres_password', 'db_app_password', 'demo_client_secret']) {
    assert.ok(!text.includes(await readFile(join(dir, name), 'utf8')));
  }
  const keys = JSON.parse(await readFile(join(dir, 'jwks'), 'utf8')).keys;
  for (const key of keys) assert.ok(!text.includes(key.d));
});

test('lists what a profile needs and is missing as not present', async () => {
  const dir = await initialised();
  const listed = await listSecrets({ dir, profile: 'prod' });
  const missing = listed.filter((secret) => !secret.present).map((secret) => secret.name);
  assert.deepEqual(missing, ['proxy_tls', 'ca_cert']);
});

test('formats ages in their largest whole unit', () => {
  assert.deepEqual([40, 720, 18_000, 259_200].map(formatAge), ['40s', '12m', '5h', '3d']);
});
