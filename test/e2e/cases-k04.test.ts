import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { explain, runCli } from '../support/cli.ts';
import { ProjectEvents } from '../support/docker-events.ts';
import { freePort } from '../support/free-port.ts';
import { projectLeftovers, removeProject } from '../support/project-leftovers.ts';

const project = 'identity-e2e-k04';
const holderProject = 'identity-e2e-k04-holder';

interface Finding {
  severity: string;
  rule: string;
  subject: string;
  message: string;
  fix: string;
  runbook: string;
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve(server));
  });
}

async function doctorFindings(env: Record<string, string>): Promise<Finding[]> {
  const doctor = await runCli(['doctor', '--profile', 'ci', '--project', project, '--json'], env);
  assert.equal(doctor.exitCode, 4, explain(doctor));
  return (JSON.parse(doctor.stdout) as { findings: Finding[] }).findings;
}

// Runs start against a taken port and proves Docker was asked to create nothing at all.
async function startCreatesNothing(env: Record<string, string>, extra: string[] = []) {
  const events = ProjectEvents.start(project);
  const start = await runCli(['start', '--profile', 'ci', '--project', project, ...extra], env);
  assert.deepEqual(await events.stop(), [], 'docker events of the project');
  assert.deepEqual(await projectLeftovers(project), []);
  return start;
}

describe('K04 the proxy port held by another program', { timeout: 300_000 }, () => {
  let server: Server | undefined;
  let port = 0;
  let env: Record<string, string> = {};

  before(async () => {
    await removeProject(project);
    port = await freePort();
    server = await listen(port);
    env = { IDENTITY_HTTP_PORT: String(port) };
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    assert.deepEqual(await projectLeftovers(project), []);
  });

  it('names the port, the proxy and the holding process in doctor', async () => {
    const findings = await doctorFindings(env);
    const taken = findings.filter((f) => f.rule === 'port-taken');
    assert.deepEqual(taken, [
      {
        severity: 'error',
        rule: 'port-taken',
        subject: `127.0.0.1:${port}`,
        message: `port ${port} (needed by proxy) is held by node (pid ${process.pid})`,
        fix: taken[0]?.fix ?? '',
        runbook: 'docs/troubleshooting.md#ports-in-use',
      },
    ]);
    assert.match(
      taken[0]!.fix,
      new RegExp(
        `^stop node \\(pid ${process.pid}\\), or choose another port: ` +
          `IDENTITY_HTTP_PORT=\\d+ identity start -p ${project} --profile ci$`,
      ),
    );
  });

  it('exits 4 before creating anything and says how to choose another port', async () => {
    const start = await startCreatesNothing(env);
    assert.equal(start.exitCode, 4, explain(start));
    assert.equal(start.stdout, '');
    assert.match(start.stderr, new RegExp(`^error: host port ${port} is already in use$`, 'm'));
    assert.match(
      start.stderr,
      new RegExp(
        `^  127\\.0\\.0\\.1:${port} \\(needed by proxy\\) is held by node \\(pid ${process.pid}\\)$`,
        'm',
      ),
    );
    assert.match(
      start.stderr,
      /^hint: .*choose another port: IDENTITY_HTTP_PORT=\d+ identity start/m,
    );
  });

  it('suggests a port that is free', async () => {
    const start = await startCreatesNothing(env);
    const suggested = Number(/IDENTITY_HTTP_PORT=(\d+)/.exec(start.stderr)?.[1]);
    assert.notEqual(suggested, port);
    const probe = await listen(suggested);
    await new Promise((resolve) => probe.close(resolve));
  });

  it('prints the failure as JSON on stdout with --json', async () => {
    const start = await startCreatesNothing(env, ['--json']);
    assert.equal(start.exitCode, 4, explain(start));
    const { error } = JSON.parse(start.stdout) as {
      error: { code: string; exitCode: number; message: string; details: string[]; hint: string };
    };
    assert.equal(error.code, 'portTaken');
    assert.equal(error.exitCode, 4);
    assert.equal(error.message, `host port ${port} is already in use`);
    assert.deepEqual(error.details, [
      `127.0.0.1:${port} (needed by proxy) is held by node (pid ${process.pid})`,
    ]);
    assert.match(error.hint, /IDENTITY_HTTP_PORT=\d+/);
  });
});

describe('K04 the proxy port held by a container of another project', { timeout: 300_000 }, () => {
  let port = 0;
  let env: Record<string, string> = {};
  const holder = `${holderProject}-web`;

  before(async () => {
    await removeProject(project);
    await execa('docker', ['rm', '--force', holder], { reject: false });
    port = await freePort();
    env = { IDENTITY_HTTP_PORT: String(port) };
    await execa('docker', [
      'run',
      '--detach',
      '--name',
      holder,
      '--label',
      `com.docker.compose.project=${holderProject}`,
      '--publish',
      `127.0.0.1:${port}:8080`,
      '--entrypoint',
      'node',
      'identity-app:0.1.0',
      '-e',
      'require("node:net").createServer().listen(8080)',
    ]);
  });

  after(async () => {
    await execa('docker', ['rm', '--force', holder]);
    assert.deepEqual(await projectLeftovers(project), []);
    assert.deepEqual(await projectLeftovers(holderProject), []);
  });

  it('names the container and its project in doctor', async () => {
    const findings = await doctorFindings(env);
    const taken = findings.filter((f) => f.rule === 'port-taken');
    assert.deepEqual(
      taken.map((f) => f.message),
      [
        `port ${port} (needed by proxy) is held by container ${holder} of project "${holderProject}"`,
      ],
    );
  });

  it('exits 4 before creating anything, naming the container', async () => {
    const start = await startCreatesNothing(env);
    assert.equal(start.exitCode, 4, explain(start));
    assert.match(
      start.stderr,
      new RegExp(`is held by container ${holder} of project "${holderProject}"$`, 'm'),
    );
    assert.match(
      start.stderr,
      /^hint: stop container .*, or choose another port: IDENTITY_HTTP_PORT=\d+/m,
    );
  });
});
