import assert from 'node:assert/strict';
import { chmod, chown, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { bundleDir, bundlePath, secretsDir } from '../../src/paths.ts';
import { explain, runCli } from '../support/cli.ts';
import { ProjectEvents } from '../support/docker-events.ts';
import { freePort } from '../support/free-port.ts';
import { projectLeftovers, removeProject } from '../support/project-leftovers.ts';
import { fixture, statusOf } from '../support/stack-status.ts';

const ciSecrets = [
  'cookie_keys',
  'db_app_password',
  'demo_client_secret',
  'jwks',
  'postgres_password',
  'probe_client_secret',
];

// Another user on the host, as the field report had it: neither root nor the app's uid 10001.
const otherUid = 4321;

// Plain Compose, as a user who starts the bundle without the CLI would run it.
async function composeUp(project: string, override: string, env: Record<string, string>) {
  const up = await execa(
    'docker',
    ['compose', '-p', project, '-f', bundlePath('ci'), '-f', override, 'up', '--detach', '--wait'],
    { env, reject: false, all: true },
  );
  return { exitCode: up.exitCode ?? 1, output: String(up.all) };
}

async function logsOf(project: string, service: string): Promise<string> {
  const logs = await runCli(['logs', '--project', project, service]);
  assert.equal(logs.exitCode, 0, explain(logs));
  return logs.stdout;
}

describe('K05 a secret file the service user cannot read', { timeout: 600_000 }, () => {
  const project = 'identity-e2e-k05';
  let folder = '';
  let override = '';
  let unreadable = '';
  let env: Record<string, string> = {};

  before(async () => {
    await removeProject(project);
    env = { IDENTITY_HTTP_PORT: String(await freePort()) };
    // Copies of the demo secrets: the shared folder is never changed by a test.
    folder = await mkdtemp(join(tmpdir(), 'identity-e2e-k05-'));
    for (const name of ciSecrets) {
      await copyFile(join(secretsDir, name), join(folder, name));
      await chmod(join(folder, name), 0o444);
    }
    unreadable = join(folder, 'db_app_password');
    await chown(unreadable, otherUid, otherUid);
    await chmod(unreadable, 0o600);
    // Compose resolves an override's paths against the bundle's folder, and validate wants
    // them relative, so the copies are named from there.
    const entries = ciSecrets.map(
      (name) => `  ${name}:\n    file: ${relative(bundleDir, join(folder, name))}\n`,
    );
    override = join(folder, 'secrets-override.yml');
    await writeFile(override, `secrets:\n${entries.join('')}`);
  });

  after(async () => {
    const stop = await runCli(['stop', '--project', project, '--volumes'], env);
    assert.equal(stop.exitCode, 0, explain(stop));
    await rm(folder, { recursive: true, force: true });
    assert.deepEqual(await projectLeftovers(project), []);
  });

  it('names the file, its owner and mode, the container user and the fix in doctor', async () => {
    const doctor = await runCli(
      ['doctor', '--profile', 'ci', '--project', project, '-f', override, '--json'],
      env,
    );
    assert.equal(doctor.exitCode, 6, explain(doctor));
    const { findings } = JSON.parse(doctor.stdout) as {
      findings: { severity: string; rule: string; subject: string; message: string; fix: string }[];
    };
    assert.deepEqual(
      findings.filter((f) => f.rule.startsWith('secret-')),
      [
        {
          severity: 'error',
          rule: 'secret-unreadable',
          subject: '/run/secrets/db_app_password',
          message:
            `${unreadable} (owner uid ${otherUid}, mode 0600) cannot be read by uid 10001, ` +
            'the user of authz, idp, migrate, rs',
          fix: `chmod 0444 ${unreadable} (the folder stays 0700; see docs/secrets.md)`,
          runbook: 'docs/troubleshooting.md#secret-permissions',
        },
      ],
    );
  });

  it('judges a group-readable file by the groups the container user has in its image', async () => {
    const secretFindings = async () => {
      const doctor = await runCli(
        ['doctor', '--profile', 'ci', '--project', project, '-f', override, '--json'],
        env,
      );
      const { findings } = JSON.parse(doctor.stdout) as {
        findings: { severity: string; rule: string; message: string }[];
      };
      return findings
        .filter((f) => f.rule === 'secret-unreadable')
        .map((f) => [f.severity, f.message]);
    };
    try {
      // The app image's user 10001 is in its own group 10001, not in 4321.
      await chown(unreadable, otherUid, 10001);
      await chmod(unreadable, 0o640);
      assert.deepEqual(await secretFindings(), []);

      await chown(unreadable, otherUid, otherUid);
      assert.deepEqual(await secretFindings(), [
        [
          'error',
          `${unreadable} (owner uid ${otherUid}, group gid ${otherUid}, mode 0640) cannot be ` +
            'read by uid 10001, the user of authz, idp, migrate, rs',
        ],
      ]);
    } finally {
      await chown(unreadable, otherUid, otherUid);
      await chmod(unreadable, 0o600);
    }
  });

  it('refuses to start with exit 6 before creating anything, with the same fix', async () => {
    const events = ProjectEvents.start(project);
    const start = await runCli(
      ['start', '--profile', 'ci', '--project', project, '-f', override, '--keep-on-failure'],
      env,
    );
    assert.deepEqual(await events.stop(), []);
    assert.equal(start.exitCode, 6, explain(start));
    assert.match(
      start.stderr,
      /^error: secret db_app_password cannot be read by uid 10001, the user of authz, idp, migrate, rs$/m,
    );
    assert.ok(
      start.stderr.includes(
        `  /run/secrets/db_app_password is ${unreadable}: owner uid ${otherUid}, mode 0600\n`,
      ),
      explain(start),
    );
    assert.ok(
      start.stderr.includes(`hint: chmod 0444 ${unreadable} (the folder stays 0700`),
      explain(start),
    );
  });

  it('stops migrate with its own error naming the file and the permission problem', async () => {
    const up = await composeUp(project, override, env);
    assert.equal(up.exitCode, 1, up.output);
    assert.match(up.output, /service "migrate" didn't complete successfully: exit 1/);

    const log = await logsOf(project, 'migrate');
    assert.match(
      log,
      new RegExp(
        'migrate failed: PGPASSWORD_FILE=/run/secrets/db_app_password cannot be read by uid ' +
          `10001: permission denied \\(mode 0600, owner uid ${otherUid}\\)`,
      ),
    );
    assert.doesNotMatch(log, /password authentication failed|db_auth_failed/);

    const services = await statusOf(project, env);
    assert.equal(services.get('migrate')?.state, 'failed (exit 1)');
    for (const service of ['authz', 'idp', 'rs']) {
      assert.deepEqual(
        services.get(service)?.containers.map((c) => c.state),
        ['created'],
        `${service} is never started`,
      );
    }
  });

  it('tells in doctor that migrate failed and what never started because of it', async () => {
    const doctor = await runCli(
      ['doctor', '--profile', 'ci', '--project', project, '-f', override, '--json'],
      env,
    );
    assert.equal(doctor.exitCode, 6, explain(doctor));
    const { findings } = JSON.parse(doctor.stdout) as {
      findings: { severity: string; rule: string; message: string; fix: string }[];
    };
    const runtime = findings
      .filter((f) => ['one-shot-failed', 'never-started'].includes(f.rule))
      .map((f) => [f.severity, f.rule, f.message, f.fix]);
    const logs = `read its logs: identity logs -p ${project} migrate`;
    assert.deepEqual(runtime, [
      ...['authz', 'idp'].map((service) => [
        'warning',
        'never-started',
        `${project}-${service}-1 was created but never started: it waits for migrate, which failed`,
        logs,
      ]),
      ['error', 'one-shot-failed', 'one-shot job migrate exited with code 1', logs],
      [
        'warning',
        'never-started',
        `${project}-rs-1 was created but never started: it waits for migrate, which failed`,
        logs,
      ],
    ]);
  });

  it('starts once the documented fix is applied', async () => {
    await chmod(unreadable, 0o444);
    const doctor = await runCli(
      ['doctor', '--profile', 'ci', '--project', project, '-f', override, '--json'],
      env,
    );
    const { findings } = JSON.parse(doctor.stdout) as { findings: { rule: string }[] };
    assert.deepEqual(
      findings.filter((f) => f.rule === 'secret-unreadable'),
      [],
    );

    const start = await runCli(
      ['start', '--profile', 'ci', '--project', project, '-f', override],
      env,
    );
    assert.equal(start.exitCode, 0, explain(start));
    assert.equal((await statusOf(project, env)).get('migrate')?.state, 'completed');
  });
});

describe('K06 a _FILE variable pointing at a missing file', { timeout: 600_000 }, () => {
  const project = 'identity-e2e-k06';
  const override = fixture('k06-file-missing.yml');
  let env: Record<string, string> = {};

  before(async () => {
    await removeProject(project);
    env = { IDENTITY_HTTP_PORT: String(await freePort()) };
  });

  after(async () => {
    const stop = await runCli(['stop', '--project', project, '--volumes'], env);
    assert.equal(stop.exitCode, 0, explain(stop));
    assert.deepEqual(await projectLeftovers(project), []);
  });

  it('refuses to start with exit 7 naming rs, the variable and the path', async () => {
    const events = ProjectEvents.start(project);
    const start = await runCli(
      ['start', '--profile', 'ci', '--project', project, '-f', override],
      env,
    );
    assert.deepEqual(await events.stop(), []);
    assert.equal(start.exitCode, 7, explain(start));
    assert.match(
      start.stderr,
      /^error: service rs reads PGPASSWORD_FILE=\/run\/secrets\/db_app_pasword, which is not among its mounted secrets \(\/run\/secrets\/db_app_password\)$/m,
    );
  });

  it('stops rs with a message naming the variable and the path when started anyway', async () => {
    const up = await composeUp(project, override, env);
    assert.equal(up.exitCode, 1, up.output);

    const log = await logsOf(project, 'rs');
    assert.match(log, /rs failed: PGPASSWORD_FILE=\/run\/secrets\/db_app_pasword does not exist/);
    assert.doesNotMatch(log, /"msg":"listening"/);

    const rs = (await statusOf(project, env)).get('rs');
    assert.deepEqual(
      rs?.containers.map((c) => [c.state, c.exitCode, c.health]),
      [['exited', 1, '']],
    );
  });
});
