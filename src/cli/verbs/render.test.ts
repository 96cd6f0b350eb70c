import assert from 'node:assert/strict';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bundleDir, repoRoot } from '../../paths.ts';
import { runCliSync } from '../../../test/support/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'identity-render-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const identity = runCliSync;

function listFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    // Never read secret files into a test: a failed assertion would print them.
    if (path.includes('/secrets/') || entry.name === '.env') continue;
    files[path.slice(dir.length + 1)] = readFileSync(path, 'utf8');
  }
  return files;
}

// A second checkout at another path: the sources the renderer needs, the same node_modules.
function copyCheckout(target: string): string {
  for (const part of ['bin', 'src', 'scripts', 'package.json', '.node-version']) {
    cpSync(join(repoRoot, part), join(target, part), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(target, 'node_modules'));
  symlinkSync(join(repoRoot, '.tools'), join(target, '.tools'));
  return join(target, 'bin', 'identity');
}

describe('identity render', () => {
  it('gives the same bytes from two checkouts at different paths and environments', () => {
    const first = join(scratch, 'first');
    const second = join(scratch, 'second');
    const otherBin = copyCheckout(join(scratch, 'checkout with space'));
    assert.equal(identity(['render', '--out', first]).code, 0);
    const other = identity(['render', '--out', second], {
      bin: otherBin,
      cwd: tmpdir(),
      env: {
        TZ: 'Pacific/Kiritimati',
        LANG: 'tr_TR.UTF-8',
        LC_ALL: 'tr_TR.UTF-8',
        HOME: scratch,
        USER: 'someone',
      },
    });
    assert.equal(other.code, 0, other.stderr);
    assert.deepEqual(listFiles(second), listFiles(first));
  });

  it('matches the committed bundles', () => {
    const result = identity(['render', '--check']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /files in deployments\/compose match the model/);
  });

  it('exits 7 with a readable diff when a committed file differs', () => {
    const dir = join(scratch, 'drift');
    assert.equal(identity(['render', '--profile', 'demo', '--out', dir]).code, 0);
    const path = join(dir, 'identity-demo.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('replicas: 1', 'replicas: 4'));

    const result = identity(['render', '--profile', 'demo', '--out', dir, '--check']);
    assert.equal(result.code, 7);
    assert.match(result.stdout, /^--- committed\/identity-demo\.yml$/m);
    assert.match(result.stdout, /^-      replicas: 4$/m);
    assert.match(result.stdout, /^\+      replicas: 1$/m);
    assert.match(result.stderr, /1 of 4 rendered files differ/);
    assert.match(result.stderr, /changed: identity-demo\.yml/);
  });

  it('writes a scaled bundle into --out and reports it as JSON', () => {
    const dir = join(scratch, 'scaled');
    const result = identity([
      'render',
      '--profile',
      'dev',
      '--scale',
      'authz=3',
      '--out',
      dir,
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.ok(report.files.some((f: { path: string }) => f.path === 'identity-dev.yml'));
    assert.match(readFileSync(join(dir, 'identity-dev.yml'), 'utf8'), /scale: 3x2x2x2/);
  });

  it('exits 2 naming the wrong part of a bad scale spec', () => {
    const result = identity(['render', '--profile', 'demo', '--scale', '3x2', '--out', scratch]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /scale spec "3x2" has 2 parts, expected 4 \(authz x idp x rs x spa\)/,
    );
  });

  it('refuses to overwrite the committed bundles with a customised render', () => {
    const result = identity(['render', '--scale', '2x2x2x2']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /pass --out DIR/);
  });

  it('exits 2 for an unknown profile', () => {
    assert.equal(identity(['render', '--profile', 'staging']).code, 2);
  });

  it('leaves the committed bundle folder untouched when checking', () => {
    const before = listFiles(bundleDir);
    identity(['render', '--check']);
    assert.deepEqual(listFiles(bundleDir), before);
  });
});
