import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { bundleDir, bundlePath } from '../../src/paths.ts';
import { explain, runCli } from '../support/cli.ts';
import { ProjectEvents, servicesWith } from '../support/docker-events.ts';
import { freePort } from '../support/free-port.ts';
import { projectLeftovers, removeProject } from '../support/project-leftovers.ts';
import { fixture, statusOf } from '../support/stack-status.ts';

const dependants = ['authz', 'idp', 'rs'];

// Each describe owns one Compose project and one free proxy port, removes anything a previous
// run left, and proves at the end that nothing of its project is left.
function useProject(project: string): { env: Record<string, string> } {
  const context = { env: {} as Record<string, string> };
  before(async () => {
    await removeProject(project);
    context.env = { IDENTITY_HTTP_PORT: String(await freePort()) };
  });
  after(async () => {
    const stop = await runCli(['stop', '--project', project, '--volumes'], context.env);
    assert.equal(stop.exitCode, 0, explain(stop));
    assert.deepEqual(await projectLeftovers(project), []);
  });
  return context;
}

// Prod refuses demo secrets, and the shared folder is never changed by a test: its secrets are
// made by `identity secrets init` in a folder of its own, which an override points the bundle at.
async function prodSecrets(folder: string): Promise<string[]> {
  const init = await runCli(['secrets', 'init', '--profile', 'prod'], {
    IDENTITY_SECRETS_DIR: folder,
  });
  assert.equal(init.exitCode, 0, explain(init));
  const names = ['cookie_keys', 'db_app_password', 'jwks', 'postgres_password'];
  names.push('probe_client_secret', 'proxy_tls');
  // Compose resolves an override's paths against the bundle's folder, and validate wants them
  // relative.
  const entries = names.map(
    (name) => `  ${name}:\n    file: ${relative(bundleDir, join(folder, name))}\n`,
  );
  const override = join(folder, 'secrets-override.yml');
  await writeFile(override, `secrets:\n${entries.join('')}`);
  return ['-f', override];
}

for (const profile of ['demo', 'dev', 'ci', 'prod']) {
  describe(`K01 the ${profile} profile with product defaults`, { timeout: 900_000 }, () => {
    const project = `identity-e2e-k01-${profile}`;
    const context = useProject(project);
    let folder = '';
    let files: string[] = [];

    before(async () => {
      if (profile !== 'prod') return;
      folder = await mkdtemp(join(tmpdir(), 'identity-e2e-k01-prod-'));
      files = await prodSecrets(folder);
      context.env['IDENTITY_HTTPS_PORT'] = String(await freePort());
    });

    after(async () => {
      if (folder !== '') await rm(folder, { recursive: true, force: true });
    });

    it('starts with exit 0 and every long-running service turns healthy', async () => {
      const start = await runCli(
        ['start', '--profile', profile, '--project', project, '--json', ...files],
        context.env,
      );
      assert.equal(start.exitCode, 0, explain(start));

      const services = await statusOf(project, context.env);
      assert.equal(services.get('migrate')?.state, 'completed');
      const longRunning = [...services.values()].filter((s) => s.service !== 'migrate');
      assert.deepEqual(
        longRunning.map((s) => s.service),
        ['authz', 'idp', 'postgres', 'proxy', 'rs', 'spa'],
      );
      for (const service of longRunning) {
        for (const container of service.containers) {
          assert.deepEqual(
            { name: container.name, state: container.state, health: container.health },
            { name: container.name, state: 'running', health: 'healthy' },
          );
        }
      }
    });

    it('passes identity health on every replica and through the proxy', async () => {
      const health = await runCli(['health', '--project', project, '--json'], context.env);
      assert.equal(health.exitCode, 0, explain(health));
      const report = JSON.parse(health.stdout) as {
        healthy: boolean;
        checks: { status: string }[];
      };
      assert.equal(report.healthy, true);
      assert.deepEqual(
        report.checks.filter((check) => check.status !== 'pass'),
        [],
      );
    });
  });
}

describe('K01 a healthcheck that runs a binary the image lacks', { timeout: 900_000 }, () => {
  const project = 'identity-e2e-k01-curl';
  const override = fixture('k01-healthcheck-curl.yml');
  const context = useProject(project);

  it('is reported by doctor before start, naming the service and the binary', async () => {
    const doctor = await runCli(
      ['doctor', '--profile', 'ci', '--project', project, '-f', override, '--json'],
      context.env,
    );
    assert.equal(doctor.exitCode, 7, explain(doctor));
    const { findings } = JSON.parse(doctor.stdout) as {
      findings: { severity: string; rule: string; subject: string; message: string }[];
    };
    const probes = findings.filter((f) => f.rule.startsWith('healthcheck-binary'));
    assert.ok(probes.length > 0, explain(doctor));
    for (const probe of probes) {
      assert.equal(probe.severity, 'error');
      assert.match(probe.subject, /^rs\b/);
      assert.match(probe.message, /"curl"/);
    }
    assert.deepEqual(await projectLeftovers(project), []);
  });

  it('refuses to start with exit 7 before creating anything, naming rs and curl', async () => {
    const events = ProjectEvents.start(project);
    const start = await runCli(
      ['start', '--profile', 'ci', '--project', project, '-f', override, '--keep-on-failure'],
      context.env,
    );
    const seen = await events.stop();
    assert.equal(start.exitCode, 7, explain(start));
    assert.match(
      start.stderr,
      /^error: healthcheck of rs runs "curl", which the identity app image does not contain$/m,
    );
    assert.match(start.stderr, /^hint: probe with one of: node/m);
    assert.deepEqual(seen, []);
  });

  it('turns rs unhealthy when started anyway with plain Compose', async () => {
    const up = await execa(
      'docker',
      [
        'compose',
        '-p',
        project,
        '-f',
        bundlePath('ci'),
        '-f',
        override,
        'up',
        '--detach',
        '--wait',
      ],
      { env: context.env, reject: false, all: true },
    );
    assert.equal(up.exitCode, 1, String(up.all));
    assert.match(String(up.all), /container identity-e2e-k01-curl-rs-1 is unhealthy/);
  });

  it("shows the probe's own output in identity health", async () => {
    const health = await runCli(['health', '--project', project], context.env);
    assert.equal(health.exitCode, 5, explain(health));
    const rsLine = health.stdout
      .split('\n')
      .find((line) => line.startsWith('container') && line.includes('identity-e2e-k01-curl-rs-1'));
    assert.ok(rsLine, explain(health));
    assert.match(rsLine, /FAIL/);
    assert.match(rsLine, /unhealthy; last probe: .*"curl": executable file not found/);
    assert.match(health.stderr, /^1 of \d+ checks failed: container identity-e2e-k01-curl-rs-1$/m);
    assert.match(health.stderr, /^hint: `identity doctor -p identity-e2e-k01-curl` explains each/m);

    const json = await runCli(['health', '--project', project, '--json'], context.env);
    assert.equal(json.exitCode, 5, explain(json));
    const { checks } = JSON.parse(json.stdout) as {
      checks: { name: string; target: string; status: string; detail: string }[];
    };
    const rs = checks.find((c) => c.name === 'container' && c.target.endsWith('-rs-1'));
    assert.equal(rs?.status, 'fail');
    assert.match(rs?.detail ?? '', /"curl": executable file not found/);
  });
});

describe('K02 a one-shot job that completes', { timeout: 900_000 }, () => {
  const project = 'identity-e2e-k02-ok';
  const context = useProject(project);

  it('starts the ci profile with exit 0 while migrate has exited 0', async () => {
    const start = await runCli(['start', '--profile', 'ci', '--project', project], context.env);
    assert.equal(start.exitCode, 0, explain(start));
    assert.match(start.stderr, /migrate\s+completed \(exit 0\)/);
  });

  it('shows migrate as completed in status, not failed', async () => {
    const services = await statusOf(project, context.env);
    const migrate = services.get('migrate');
    assert.equal(migrate?.state, 'completed');
    assert.deepEqual(
      migrate?.containers.map((c) => [c.state, c.exitCode]),
      [['exited', 0]],
    );

    const table = await runCli(['status', '--project', project], context.env);
    assert.equal(table.exitCode, 0, explain(table));
    assert.match(table.stdout, /^migrate\s+1\s+completed\s*$/m);
  });
});

describe('K02 a one-shot job that exits 3', { timeout: 900_000 }, () => {
  const project = 'identity-e2e-k02-fail';
  const override = fixture('k02-migrate-exits-3.yml');
  const context = useProject(project);

  it('fails start with exit 5, naming migrate, its exit code and its last log lines', async () => {
    const events = ProjectEvents.start(project);
    const start = await runCli(
      ['start', '--profile', 'ci', '--project', project, '-f', override, '--json'],
      context.env,
    );
    const seen = await events.stop();

    assert.equal(start.exitCode, 5, explain(start));
    const { error } = JSON.parse(start.stdout) as {
      error: { code: string; exitCode: number; message: string; details: string[]; hint: string };
    };
    assert.equal(error.code, 'notReady');
    assert.equal(error.exitCode, 5);
    assert.equal(error.message, 'one-shot job migrate exited with code 3');
    assert.ok(error.details.includes('last log lines of migrate:'), explain(start));
    assert.ok(
      error.details.includes('  migration 002_users failed: relation "users" already exists'),
      explain(start),
    );
    assert.match(start.stderr, /error: one-shot job migrate exited with code 3/);

    assert.ok(servicesWith(seen, 'start').includes('migrate'), 'migrate ran');
    assert.deepEqual(
      servicesWith(seen, 'create').filter((service) => dependants.includes(service)),
      [],
      'no container of a service that needs migrate is created',
    );
    assert.deepEqual(await projectLeftovers(project), []);
  });

  it('keeps the failed job with --keep-on-failure, without the services that need it', async () => {
    const start = await runCli(
      ['start', '--profile', 'ci', '--project', project, '-f', override, '--keep-on-failure'],
      context.env,
    );
    assert.equal(start.exitCode, 5, explain(start));
    assert.match(start.stderr, /kept project "identity-e2e-k02-fail" for debugging/);
    assert.doesNotMatch(start.stderr, /rerun with --keep-on-failure/);

    const services = await statusOf(project, context.env);
    assert.equal(services.get('migrate')?.state, 'failed (exit 3)');
    assert.equal(services.get('postgres')?.state, 'running 1/1, healthy');
    for (const service of dependants) assert.equal(services.get(service), undefined, service);

    const doctor = await runCli(
      ['doctor', '--profile', 'ci', '--project', project, '-f', override, '--json'],
      context.env,
    );
    assert.equal(doctor.exitCode, 5, explain(doctor));
    const { findings } = JSON.parse(doctor.stdout) as {
      findings: { rule: string; message: string }[];
    };
    assert.ok(
      findings.some(
        (f) =>
          f.rule === 'one-shot-failed' && f.message === 'one-shot job migrate exited with code 3',
      ),
      explain(doctor),
    );
  });
});
