import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isIgnored, listContextFiles, parseDockerignore } from './context-files.ts';

describe('dockerignore rules', () => {
  it('ignores a folder with everything in it, and re-includes with !', () => {
    const rules = parseDockerignore('# deps\nnode_modules\n**/*.test.ts\n!keep.test.ts\n/dist/\n');
    assert.equal(isIgnored('node_modules/x/index.js', rules), true);
    assert.equal(isIgnored('rs/api.test.ts', rules), true);
    assert.equal(isIgnored('keep.test.ts', rules), false);
    assert.equal(isIgnored('dist/app.js', rules), true);
    assert.equal(isIgnored('rs/api.ts', rules), false);
  });
});

describe('listContextFiles', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'identity-context-'));
    const files = {
      '.dockerignore': 'node_modules\n*.log\n',
      'package.json': '{}',
      'rs/main.ts': '',
      'node_modules/dep/index.js': '',
      'debug.log': '',
    };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), content);
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the files a build would send, sorted, without the ignored ones', async () => {
    assert.deepEqual(await listContextFiles(dir), ['.dockerignore', 'package.json', 'rs/main.ts']);
  });

  it("uses the Dockerfile's own ignore file instead of the context's when given", async () => {
    const own = join(dir, 'own.dockerignore');
    await writeFile(own, 'rs\nown.dockerignore\n');
    assert.deepEqual(await listContextFiles(dir, own), [
      '.dockerignore',
      'debug.log',
      'node_modules/dep/index.js',
      'package.json',
    ]);
  });
});
