import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundlePath, repoRoot } from '../paths.ts';
import { validateFiles } from './validate-files.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'validate');

async function rulesFor(fixture: string, profile = 'demo'): Promise<string[]> {
  const report = await validateFiles({
    files: [bundlePath(profile), join(fixtures, fixture)],
    profile,
    useDocker: false,
  });
  return report.findings.map((f) => f.rule).filter((rule) => rule !== 'secret-file-missing');
}

describe('policy rules beyond the field cases', () => {
  it('warns of an absolute bind source and rejects a missing relative one', async () => {
    const report = await validateFiles({
      files: [bundlePath('demo'), join(fixtures, 'paths-absolute-and-missing.yml')],
      profile: 'demo',
      useDocker: false,
    });
    const found = report.findings
      .filter((f) => f.rule !== 'secret-file-missing')
      .map((f) => `${f.rule}:${f.severity}`);
    assert.deepEqual(found, ['path-absolute:warning', 'bind-source-missing:error']);
  });

  it('rejects a secret-looking environment value', async () => {
    assert.deepEqual(await rulesFor('env-secret-value.yml'), ['env-secret-value']);
  });

  it('rejects a dependency on a service of a profile that is off', async () => {
    assert.deepEqual(await rulesFor('depends-on-observability.yml'), [
      'depends-on-inactive-profile',
    ]);
  });

  it('rejects demo material merged into prod', async () => {
    const rules = await rulesFor('prod-demo-material.yml', 'prod');
    assert.deepEqual(
      rules.filter((rule) => rule === 'prod-demo-material'),
      ['prod-demo-material', 'prod-demo-material'],
    );
  });

  it('reports a key the Compose schema does not know, with the file and service', async () => {
    const report = await validateFiles({
      files: [bundlePath('demo'), join(fixtures, 'schema-unknown-key.yml')],
      useDocker: false,
    });
    const schema = report.findings.filter((f) => f.rule === 'compose-schema');
    assert.equal(schema.length, 1);
    assert.equal(schema[0]!.service, 'authz');
    assert.match(schema[0]!.message, /schema-unknown-key\.yml: .*"helthcheck"/);
  });

  it('warns that it does not apply a Compose !override tag, without a raw YAML warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const report = await validateFiles({
        files: [bundlePath('demo'), join(fixtures, 'yaml-override-tag.yml')],
        profile: 'demo',
        useDocker: false,
      });
      const found = report.findings.find((f) => f.rule === 'yaml-tag-unsupported');
      assert.equal(found?.severity, 'warning');
      assert.match(found?.message ?? '', /uses !override/);
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });
});
