import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../paths.ts';
import { runCliSync } from '../../../test/support/cli.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'validate');
const dockerPresent = spawnSync('docker', ['compose', 'version']).status === 0;

const identity = runCliSync;

describe('identity validate', () => {
  it('accepts every product bundle', () => {
    const result = identity(['validate', '--no-docker']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    for (const profile of ['demo', 'dev', 'ci', 'prod']) {
      assert.match(result.stdout, new RegExp(`^valid  identity-${profile}\\.yml: 0 errors`, 'm'));
    }
  });

  it('exits 7 on an override with a localhost probe and names service, probe and fix', () => {
    const result = identity([
      'validate',
      '--no-docker',
      '-f',
      join(fixtures, 'k01-healthcheck-localhost.yml'),
    ]);
    assert.equal(result.code, 7);
    assert.match(
      result.stdout,
      /error \[healthcheck-localhost\] authz healthcheck\.test: .*localhost:3000/,
    );
    assert.match(result.stdout, /fix: probe 127\.0\.0\.1 instead of localhost/);
    assert.match(result.stderr, /validation failed: 1 error, 0 warnings/);
  });

  it('reports findings as JSON with rule, service, field and fix', () => {
    const result = identity([
      '--json',
      'validate',
      '--no-docker',
      '-f',
      join(fixtures, 'k04-fixed-host-port.yml'),
    ]);
    assert.equal(result.code, 7);
    const report = JSON.parse(result.stdout);
    const finding = report.reports[0].findings.find(
      (f: { rule: string }) => f.rule === 'host-port-scaled',
    );
    assert.deepEqual(Object.keys(finding).sort(), [
      'field',
      'fix',
      'message',
      'rule',
      'service',
      'severity',
    ]);
    assert.equal(finding.service, 'rs');
    assert.equal(report.errors, 1);
  });

  it('fails on warnings only with --strict', () => {
    const args = ['validate', '--no-docker', '-f', join(fixtures, 'warning-only.yml')];
    assert.equal(identity(args).code, 0);
    const strict = identity([...args, '--strict']);
    assert.equal(strict.code, 7);
    assert.match(strict.stderr, /\(--strict\)/);
  });

  it('takes the profile from a product bundle given with -f', () => {
    const result = identity([
      'validate',
      '--no-docker',
      '-f',
      join(repoRoot, 'deployments', 'compose', 'identity-prod.yml'),
      '-f',
      join(fixtures, 'prod-demo-material.yml'),
    ]);
    assert.equal(result.code, 7);
    assert.match(result.stdout, /identity-prod\.yml \+ prod-demo-material\.yml/);
    assert.match(result.stdout, /\[prod-demo-material\] migrate environment\.SEED_DEMO/);
  });

  it('exits 2 for a bad scale spec', () => {
    const result = identity(['validate', '--scale', '0x1x1x1']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /authz count 0 is out of range, expected 1 to 50/);
  });

  it(
    'runs docker compose config on the merged files',
    { skip: !dockerPresent && 'no docker' },
    () => {
      const ok = identity(['validate', '--profile', 'demo']);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /compose config passed/);
      const bad = identity(['validate', '-f', join(fixtures, 'k03-container-name-scaled.yml')]);
      assert.equal(bad.code, 7);
      assert.match(bad.stdout, /\[compose-config\] .*container_name/);
    },
  );
});
