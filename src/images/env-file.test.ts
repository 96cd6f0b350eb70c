import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readEnvFile, updateEnvFile, updateEnvText } from './env-file.ts';

describe('updateEnvText', () => {
  it('changes only the given keys and keeps comments, order and other keys', () => {
    const before = '# ports\nPORT=9000\nIDENTITY_POSTGRES_IMAGE=postgres:17-trixie\nOTHER="a b"\n';
    const after = updateEnvText(before, {
      IDENTITY_POSTGRES_IMAGE: 'identity-offline/postgres:17',
    });
    assert.equal(
      after,
      '# ports\nPORT=9000\nIDENTITY_POSTGRES_IMAGE=identity-offline/postgres:17\nOTHER="a b"\n',
    );
  });

  it('appends keys the file does not have yet', () => {
    assert.equal(updateEnvText('A=1', { B: '2' }), 'A=1\nB=2\n');
    assert.equal(updateEnvText('', { B: '2' }), 'B=2\n');
  });

  it('rewrites an exported or spaced assignment of a managed key', () => {
    assert.equal(updateEnvText('export  KEY = old\n', { KEY: 'new' }), 'KEY=new\n');
  });
});

describe('updateEnvFile', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('creates the file, reports no change on a second write, and reads values back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'identity-env-'));
    dirs.push(dir);
    const path = join(dir, '.env');
    await writeFile(path, "KEEP='quoted value'\n");

    assert.deepEqual(await updateEnvFile(path, { IMAGE: 'x:1' }), { changed: true });
    assert.deepEqual(await updateEnvFile(path, { IMAGE: 'x:1' }), { changed: false });
    assert.equal(await readFile(path, 'utf8'), "KEEP='quoted value'\nIMAGE=x:1\n");
    assert.deepEqual(
      [...(await readEnvFile(path))],
      [
        ['KEEP', 'quoted value'],
        ['IMAGE', 'x:1'],
      ],
    );
  });

  it('reads a missing file as empty', async () => {
    assert.equal((await readEnvFile(join(tmpdir(), 'identity-no-such-dir', '.env'))).size, 0);
  });
});
