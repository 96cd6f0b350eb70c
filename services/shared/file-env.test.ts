import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { readFileEnv, requireFileEnv } from './file-env.ts';
import { ServiceError } from './service-error.ts';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-file-env-'));
  chmodSync(dir, 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function secret(name: string, content: string, mode = 0o444): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

function errorOf(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ServiceError);
    return error;
  }
  assert.fail('expected an error');
}

describe('readFileEnv', () => {
  test('reads the file named by X_FILE without its trailing newline', () => {
    const path = secret('ok', 's3cret-value\n');
    assert.equal(readFileEnv('PGPASSWORD', { PGPASSWORD_FILE: path }), 's3cret-value');
  });

  test('reads X when only X is set', () => {
    assert.equal(readFileEnv('PGPASSWORD', { PGPASSWORD: 'direct' }), 'direct');
  });

  test('returns undefined when neither is set', () => {
    assert.equal(readFileEnv('PGPASSWORD', {}), undefined);
  });

  test('rejects X and X_FILE set together, naming both', () => {
    const path = secret('both', 'x');
    const error = errorOf(() =>
      readFileEnv('PGPASSWORD', { PGPASSWORD: 'a', PGPASSWORD_FILE: path }),
    );
    assert.equal(
      error.message,
      `both PGPASSWORD and PGPASSWORD_FILE=${path} are set, expected only one`,
    );
    assert.equal(error.code, 'config_conflict');
  });

  test('rejects a missing file, naming the variable and the path', () => {
    const path = join(dir, 'absent');
    const error = errorOf(() => readFileEnv('PGPASSWORD', { PGPASSWORD_FILE: path }));
    assert.equal(error.message, `PGPASSWORD_FILE=${path} does not exist`);
    assert.equal(error.code, 'secret_missing');
  });

  test('rejects an empty file instead of starting with an empty value', () => {
    const path = secret('empty', '\n');
    const error = errorOf(() => readFileEnv('PGPASSWORD', { PGPASSWORD_FILE: path }));
    assert.equal(error.message, `PGPASSWORD_FILE=${path} is empty`);
  });

  test('rejects an empty X_FILE value', () => {
    const error = errorOf(() => readFileEnv('PGPASSWORD', { PGPASSWORD_FILE: '' }));
    assert.equal(error.message, 'PGPASSWORD_FILE is set but empty');
  });

  test('rejects a folder', () => {
    const path = join(dir, 'folder');
    mkdirSync(path);
    const error = errorOf(() => readFileEnv('PGPASSWORD', { PGPASSWORD_FILE: path }));
    assert.equal(error.message, `PGPASSWORD_FILE=${path} is a directory, expected a file`);
  });
});

describe('requireFileEnv', () => {
  test('names the _FILE variable when nothing is set', () => {
    const error = errorOf(() => requireFileEnv('COOKIE_KEYS', {}));
    assert.equal(error.message, 'COOKIE_KEYS_FILE is not set');
  });
});

// Root reads any file, so the unreadable case runs in a child process as the image's uid 10001.
describe(
  'unreadable secret file',
  { skip: process.getuid?.() !== 0 && 'needs root to switch uid' },
  () => {
    test('names the variable, path, uid, mode and owner', () => {
      const path = secret('private', 'hidden', 0o600);
      const module = fileURLToPath(new URL('./file-env.ts', import.meta.url));
      const script =
        `import('${module}').then((m) => m.readFileEnv('PGPASSWORD', process.env))` +
        `.catch((e) => { console.log(e.message); process.exit(3); });`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        uid: 10001,
        gid: 10001,
        env: { PGPASSWORD_FILE: path },
        encoding: 'utf8',
      });
      assert.equal(child.status, 3, child.stderr);
      assert.equal(
        child.stdout.trim(),
        `PGPASSWORD_FILE=${path} cannot be read by uid 10001: permission denied (mode 0600, owner uid 0)`,
      );
    });
  },
);
