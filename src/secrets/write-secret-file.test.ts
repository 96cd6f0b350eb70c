import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SecretsError } from './secrets-error.ts';
import { createSecretFile, ensureSecretsDir, rewriteSecretFile } from './write-secret-file.ts';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'identity-secrets-'));
}

test('creates the folder with mode 0700 even under a umask of 0077 or 0', async () => {
  for (const mask of [0o077, 0o000]) {
    const previous = process.umask(mask);
    try {
      const dir = join(await tempDir(), 'secrets');
      assert.equal(await ensureSecretsDir(dir), 'created');
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
    } finally {
      process.umask(previous);
    }
  }
});

test('refuses a folder that other users can reach, naming the chmod that fixes it', async () => {
  const dir = join(await tempDir(), 'secrets');
  await mkdir(dir, { mode: 0o755 });
  await chmod(dir, 0o755);
  await assert.rejects(ensureSecretsDir(dir), (error: SecretsError) => {
    assert.equal(error.code, 'folder-unsafe');
    assert.match(error.message, /has mode 0755, so other host users can reach the secrets/);
    assert.equal(error.hint, `chmod 0700 ${dir}`);
    return true;
  });
  assert.equal((await stat(dir)).mode & 0o777, 0o755);
});

test('creates a secret file with mode 0444 under a umask of 0077', async () => {
  const dir = await tempDir();
  const previous = process.umask(0o077);
  try {
    assert.equal(await createSecretFile(join(dir, 'jwks'), 'value'), 'created');
  } finally {
    process.umask(previous);
  }
  assert.equal((await stat(join(dir, 'jwks'))).mode & 0o777, 0o444);
  assert.deepEqual(await readdir(dir), ['jwks']);
});

test('never overwrites an existing file', async () => {
  const dir = await tempDir();
  const path = join(dir, 'db_app_password');
  await writeFile(path, 'mine', { mode: 0o600 });
  assert.equal(await createSecretFile(path, 'theirs'), 'kept');
  assert.equal(await readFile(path, 'utf8'), 'mine');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['db_app_password']);
});

test('rewrites in place, keeping the inode and mode that a bind mount depends on', async () => {
  const dir = await tempDir();
  const path = join(dir, 'cookie_keys');
  await createSecretFile(path, 'a much longer old content\n');
  const before = await stat(path);
  await rewriteSecretFile(path, 'cookie_keys', 'new\n');
  const after = await stat(path);
  assert.equal(await readFile(path, 'utf8'), 'new\n');
  assert.equal(after.ino, before.ino);
  assert.equal(after.mode & 0o777, 0o444);
  assert.deepEqual(await readdir(dir), ['cookie_keys']);
});
