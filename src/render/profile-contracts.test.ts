import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ComposeFile, ComposeService } from '../model/compose-types.ts';
import { renderBundle } from './render-bundle.ts';

// Each profile's contract, checked on the rendered file as Compose would read it.
function bundle(profile: 'demo' | 'dev' | 'ci' | 'prod'): ComposeFile {
  const file = renderBundle({ profile }).find((f) => f.path === `identity-${profile}.yml`)!;
  return parse(file.content) as ComposeFile;
}

function coreServices(stack: ComposeFile): [string, ComposeService][] {
  return Object.entries(stack.services).filter(([, s]) => s.profiles === undefined);
}

const appNames = ['authz', 'idp', 'rs', 'spa'];

describe('every profile', () => {
  for (const profile of ['demo', 'dev', 'ci', 'prod'] as const) {
    it(`${profile}: publishes only the proxy, on 127.0.0.1`, () => {
      for (const [name, service] of coreServices(bundle(profile))) {
        for (const port of service.ports ?? []) {
          assert.match(port, /^127\.0\.0\.1:/, `${name} publishes ${port}`);
          if (name !== 'proxy') assert.equal(profile, 'dev', `${name} publishes ${port}`);
        }
      }
    });

    it(`${profile}: gives every long-running service a healthcheck on 127.0.0.1`, () => {
      for (const [name, service] of coreServices(bundle(profile))) {
        if (service['x-identity']?.lifetime === 'one-shot') continue;
        const probe = service.healthcheck?.test.join(' ') ?? '';
        assert.match(probe, /127\.0\.0\.1/, `${name} probes ${probe}`);
        assert.doesNotMatch(probe, /localhost/);
      }
    });

    it(`${profile}: has no container_name and sets replicas on every app service`, () => {
      const stack = bundle(profile);
      for (const [name, service] of Object.entries(stack.services)) {
        assert.equal(
          (service as unknown as Record<string, unknown>)['container_name'],
          undefined,
          name,
        );
      }
      for (const name of appNames) assert.ok((stack.services[name]!.deploy?.replicas ?? 0) >= 1);
    });

    it(`${profile}: lets authz wait for migrate to complete successfully`, () => {
      const dependsOn = bundle(profile).services['authz']!.depends_on!;
      assert.equal(dependsOn['migrate']!.condition, 'service_completed_successfully');
    });

    it(`${profile}: keeps collector and grafana in the observability profile`, () => {
      const stack = bundle(profile);
      assert.deepEqual(stack.services['otel-collector']!.profiles, ['observability']);
      assert.deepEqual(stack.services['grafana']!.profiles, ['observability']);
      assert.equal(
        stack.services['authz']!.environment!['OTEL_EXPORTER_OTLP_ENDPOINT'],
        '${IDENTITY_OTLP_ENDPOINT:-}',
      );
    });
  }
});

describe('demo profile', () => {
  it('runs 1x1x1x1, keeps data in a named volume and seeds demo users', () => {
    const stack = bundle('demo');
    for (const name of appNames) assert.equal(stack.services[name]!.deploy!.replicas, 1);
    assert.deepEqual(stack.services['postgres']!.volumes, ['pgdata:/var/lib/postgresql/data']);
    assert.equal(stack.services['migrate']!.environment!['SEED_DEMO'], 'true');
  });
});

describe('dev profile', () => {
  it('runs 2x2x2x2 with debug logs, mounted sources and a debug port block per service', () => {
    const stack = bundle('dev');
    const blocks = appNames.map((name) => stack.services[name]!.ports![0]);
    assert.deepEqual(blocks, [
      '127.0.0.1:9230-9279:9229',
      '127.0.0.1:9280-9329:9229',
      '127.0.0.1:9330-9379:9229',
      '127.0.0.1:9380-9429:9229',
    ]);
    for (const name of appNames) {
      const service = stack.services[name]!;
      assert.equal(service.deploy!.replicas, 2);
      assert.equal(service.environment!['LOG_LEVEL'], 'debug');
      assert.deepEqual(service.volumes, ['../../services:/app:ro']);
    }
  });
});

describe('ci profile', () => {
  it('keeps the database on tmpfs, probes fast and logs JSON', () => {
    const stack = bundle('ci');
    assert.equal(stack.volumes, undefined);
    assert.deepEqual(stack.services['postgres']!.tmpfs, ['/var/lib/postgresql/data']);
    for (const [, service] of coreServices(stack)) {
      if (service.healthcheck !== undefined)
        assert.equal(service.healthcheck.start_interval, '500ms');
    }
    for (const name of appNames)
      assert.equal(stack.services[name]!.environment!['LOG_FORMAT'], 'json');
  });
});

describe('prod profile', () => {
  it('hardens every service: read-only, all capabilities dropped, no-new-privileges, limits, restart', () => {
    for (const [name, service] of coreServices(bundle('prod'))) {
      assert.equal(service.read_only, true, name);
      assert.deepEqual(service.cap_drop, ['ALL'], name);
      assert.deepEqual(service.security_opt, ['no-new-privileges:true'], name);
      const limits = service.deploy?.resources?.limits;
      assert.ok(limits?.memory && limits.cpus && limits.pids, `${name} has no limits`);
      assert.ok(service.restart === 'unless-stopped' || service.restart === 'on-failure:3', name);
      assert.ok((service.tmpfs ?? []).includes('/tmp'), `${name} has no writable /tmp`);
    }
  });

  it('terminates TLS at the proxy from the proxy_tls secret with an https issuer', () => {
    const stack = bundle('prod');
    assert.deepEqual(stack.services['proxy']!.ports, [
      '127.0.0.1:${IDENTITY_HTTPS_PORT:-8443}:8443',
    ]);
    assert.deepEqual(stack.services['proxy']!.secrets, ['proxy_tls']);
    assert.equal(
      stack.services['authz']!.environment!['IDENTITY_ISSUER'],
      'https://127.0.0.1:${IDENTITY_HTTPS_PORT:-8443}',
    );
  });

  it('runs 3x3x3x3 and carries no demo users, clients or secrets', () => {
    const files = renderBundle({ profile: 'prod' });
    const stack = bundle('prod');
    for (const name of appNames) assert.equal(stack.services[name]!.deploy!.replicas, 3);
    assert.equal(stack.secrets!['demo_client_secret'], undefined);
    assert.equal(stack.services['migrate']!.environment!['SEED_DEMO'], 'false');
    const clients = JSON.parse(files.find((f) => f.path === 'config/clients.prod.json')!.content);
    assert.deepEqual(
      clients.map((c: { client_id: string }) => c.client_id),
      ['identity-probe'],
    );
  });
});
