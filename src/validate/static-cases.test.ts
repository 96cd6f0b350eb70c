import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bundlePath, repoRoot } from '../paths.ts';
import type { Finding } from './finding.ts';
import { validateFiles } from './validate-files.ts';

const fixtures = join(repoRoot, 'test', 'fixtures', 'validate');

async function findingsFor(
  fixture: string,
  options: { profile?: string; scale?: Record<string, number>; alone?: boolean } = {},
): Promise<Finding[]> {
  const profile = options.profile ?? 'demo';
  const files = options.alone === true ? [] : [bundlePath(profile)];
  const report = await validateFiles({
    files: [...files, join(fixtures, fixture)],
    profile,
    scale: options.scale,
    useDocker: false,
  });
  return report.findings.filter((finding) => finding.rule !== 'secret-file-missing');
}

function only(findings: Finding[], rule: string): Finding {
  const matching = findings.filter((finding) => finding.rule === rule);
  assert.equal(
    matching.length,
    1,
    `expected one ${rule}, got ${JSON.stringify(findings, null, 2)}`,
  );
  return matching[0]!;
}

describe('K01 healthcheck probes', () => {
  it('rejects a probe of localhost, naming the service, the probe and the fix', async () => {
    const finding = only(
      await findingsFor('k01-healthcheck-localhost.yml'),
      'healthcheck-localhost',
    );
    assert.equal(finding.severity, 'error');
    assert.equal(finding.service, 'authz');
    assert.equal(finding.field, 'healthcheck.test');
    assert.match(finding.message, /http:\/\/localhost:3000\/readyz/);
    assert.match(finding.fix, /127\.0\.0\.1/);
  });

  it('rejects a probe with a binary the app image lacks', async () => {
    const finding = only(
      await findingsFor('k01-healthcheck-curl.yml'),
      'healthcheck-binary-missing',
    );
    assert.equal(finding.service, 'rs');
    assert.match(finding.message, /runs "curl", which the identity app image does not contain/);
    assert.match(finding.fix, /node/);
  });
});

describe('K02 one-shot jobs', () => {
  it('rejects a migrate job that no service awaits with service_completed_successfully', async () => {
    const finding = only(
      await findingsFor('k02-migrate-not-awaited.yml'),
      'one-shot-without-dependant',
    );
    assert.equal(finding.service, 'migrate');
    assert.match(finding.fix, /condition: service_completed_successfully/);
  });

  it('rejects a job awaited only from outside its profile', async () => {
    const findings = await findingsFor('k02-job-in-other-profile.yml');
    assert.equal(only(findings, 'one-shot-without-dependant').service, 'reindex');
    const inactive = only(findings, 'depends-on-inactive-profile');
    assert.equal(inactive.service, 'spa');
    assert.match(inactive.message, /runs only with profiles tools/);
  });
});

describe('K03 fixed names on scaled services', () => {
  it('rejects container_name with 3 replicas, naming the service, the name and the count', async () => {
    const finding = only(
      await findingsFor('k03-container-name-scaled.yml'),
      'container-name-scaled',
    );
    assert.equal(finding.service, 'authz');
    assert.match(finding.message, /container_name "identity-authz" and 3 replicas/);
    assert.match(finding.fix, /drop container_name/);
  });

  it('allows container_name with one replica', async () => {
    assert.deepEqual(await findingsFor('k03-container-name-single.yml'), []);
  });

  it('rejects container_name when the replicas come from a scale spec', async () => {
    const findings = await findingsFor('k03-container-name-single.yml', { scale: { authz: 3 } });
    assert.match(only(findings, 'container-name-scaled').message, /3 replicas/);
  });
});

describe('K04 host ports', () => {
  it('rejects a fixed host port on a scaled service and points at the proxy', async () => {
    const finding = only(await findingsFor('k04-fixed-host-port.yml'), 'host-port-scaled');
    assert.equal(finding.service, 'rs');
    assert.match(finding.message, /host port 8080 with 3 replicas/);
    assert.match(finding.fix, /proxy/);
  });

  it('rejects a port published on every host interface', async () => {
    const finding = only(await findingsFor('k04-all-interfaces.yml'), 'port-not-loopback');
    assert.equal(finding.service, 'spa');
    assert.match(finding.fix, /127\.0\.0\.1:3003:3003/);
  });
});

describe('K06 _FILE variables', () => {
  it('rejects a database secret that no POSTGRES_PASSWORD_FILE reads', async () => {
    const findings = await findingsFor('k06-standalone-no-password-file.yml', { alone: true });
    const finding = only(findings, 'secret-unread');
    assert.equal(finding.service, 'db');
    assert.match(finding.message, /mounts secret db_password at \/run\/secrets\/db_password/);
  });

  it('reports a misspelled _FILE variable with the likely name', async () => {
    const findings = await findingsFor('k06-misspelled-file-variable.yml');
    const finding = only(findings, 'file-var-misspelled');
    assert.equal(finding.service, 'postgres');
    assert.match(finding.message, /did you mean POSTGRES_PASSWORD_FILE\?/);
  });

  it('rejects both X and X_FILE', async () => {
    const findings = await findingsFor('k06-both-value-and-file.yml');
    assert.match(
      only(findings, 'file-var-and-value').message,
      /both POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE/,
    );
    assert.equal(only(findings, 'env-secret-value').field, 'environment.POSTGRES_PASSWORD');
  });

  it('rejects a _FILE path that is not mounted and lists the mounted secrets', async () => {
    const findings = await findingsFor('k06-file-not-mounted.yml');
    const finding = only(findings, 'file-var-unmounted');
    assert.equal(finding.field, 'environment.JWKS_FILE');
    assert.match(finding.message, /\/run\/secrets\/cookie_keys, \/run\/secrets\/jwks/);
    // The jwks secret is now mounted but read by no _FILE variable.
    assert.equal(only(findings, 'secret-unread').service, 'authz');
  });
});

describe('K09 telemetry endpoints', () => {
  it('rejects OTLP endpoints at localhost, also hidden in a default', async () => {
    const findings = (await findingsFor('k09-otlp-localhost.yml')).filter(
      (finding) => finding.rule === 'otlp-endpoint-localhost',
    );
    assert.deepEqual(
      findings.map((finding) => [finding.service, finding.field]),
      [
        ['authz', 'environment.OTEL_EXPORTER_OTLP_ENDPOINT'],
        ['rs', 'environment.OTEL_EXPORTER_OTLP_ENDPOINT'],
      ],
    );
    assert.match(findings[0]!.fix, /http:\/\/otel-collector:4318/);
  });

  it('rejects the product bundle when IDENTITY_OTLP_ENDPOINT points at localhost', async () => {
    const saved = process.env['IDENTITY_OTLP_ENDPOINT'];
    process.env['IDENTITY_OTLP_ENDPOINT'] = 'http://localhost:4318';
    try {
      const report = await validateFiles({
        files: [bundlePath('demo')],
        profile: 'demo',
        useDocker: false,
      });
      const findings = report.findings.filter((f) => f.rule === 'otlp-endpoint-localhost');
      assert.deepEqual(
        findings.map((f) => f.service),
        ['migrate', 'authz', 'idp', 'rs', 'spa'],
      );
      assert.match(findings[0]!.message, /which is http:\/\/localhost:4318 here/);
    } finally {
      if (saved === undefined) delete process.env['IDENTITY_OTLP_ENDPOINT'];
      else process.env['IDENTITY_OTLP_ENDPOINT'] = saved;
    }
  });

  it('rejects collector receivers that listen on loopback', async () => {
    const findings = (await findingsFor('k09-collector-loopback.yml')).filter(
      (finding) => finding.rule === 'otlp-receiver-loopback',
    );
    assert.equal(findings.length, 2);
    assert.equal(findings[0]!.service, 'otel-collector');
  });
});

describe('product bundles', () => {
  for (const profile of ['demo', 'dev', 'ci', 'prod']) {
    it(`${profile} passes the schema and every policy rule`, async () => {
      const report = await validateFiles({
        files: [bundlePath(profile)],
        profile,
        useDocker: false,
      });
      const problems = report.findings.filter((finding) => finding.rule !== 'secret-file-missing');
      assert.deepEqual(problems, []);
    });
  }
});
