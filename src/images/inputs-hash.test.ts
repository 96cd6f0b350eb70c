import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashInputs } from './inputs-hash.ts';

describe('hashInputs', () => {
  let dir = '';
  let a = '';
  let b = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'identity-hash-'));
    a = join(dir, 'a');
    b = join(dir, 'b');
    await writeFile(a, 'one');
    await writeFile(b, 'two');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same hash whatever the order of files and values', async () => {
    const first = await hashInputs({
      files: [
        ['a', a],
        ['b', b],
      ],
      values: { X: '1', Y: '2' },
    });
    const second = await hashInputs({
      files: [
        ['b', b],
        ['a', a],
      ],
      values: { Y: '2', X: '1' },
    });
    assert.equal(first, second);
    assert.match(first, /^sha256:[0-9a-f]{64}$/);
  });

  it('changes with a file content, a file name, the exec bit or a value', async () => {
    const base = await hashInputs({ files: [['a', a]], values: { X: '1' } });
    assert.notEqual(await hashInputs({ files: [['renamed', a]], values: { X: '1' } }), base);
    assert.notEqual(await hashInputs({ files: [['a', a]], values: { X: '2' } }), base);
    await chmod(a, 0o755);
    assert.notEqual(await hashInputs({ files: [['a', a]], values: { X: '1' } }), base);
    await chmod(a, 0o644);
    await writeFile(a, 'changed');
    assert.notEqual(await hashInputs({ files: [['a', a]], values: { X: '1' } }), base);
  });

  it('does not depend on where the files are', async () => {
    const copy = join(dir, 'copy-of-b');
    await writeFile(copy, 'two');
    assert.equal(
      await hashInputs({ files: [['b', b]], values: {} }),
      await hashInputs({ files: [['b', copy]], values: {} }),
    );
  });
});
