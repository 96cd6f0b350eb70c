import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { bundleDir } from '../../src/paths.ts';
import { explain, runCli } from '../support/cli.ts';
import { type RunningStack, startStack, stopStack } from '../support/demo-stack.ts';
import { projectLeftovers } from '../support/project-leftovers.ts';
import {
  hostnamesOf,
  projectReplicas,
  type Replica,
  replicaHeader,
  replicasAnswering,
} from '../support/replicas.ts';

const project = 'identity-e2e-scaling';
// The suite's own tag of the app image, so it can move the tag (as `identity images build`
// does) without touching the image other stacks use.
const suiteImage = 'identity-app:e2e-scaling';

// One request per app service that only that service answers, through the proxy.
const probes: Record<string, { path: string; status: number }> = {
  authz: { path: '/.well-known/openid-configuration', status: 200 },
  idp: { path: '/interaction/no-such-interaction', status: 400 },
  rs: { path: '/api/items', status: 401 },
  spa: { path: '/app/', status: 200 },
};

async function currentAppImage(): Promise<string> {
  if (process.env['IDENTITY_APP_IMAGE'] !== undefined) return process.env['IDENTITY_APP_IMAGE'];
  const envFile = await readFile(join(bundleDir, '.env'), 'utf8').catch(() => '');
  const line = envFile.split('\n').find((entry) => entry.startsWith('IDENTITY_APP_IMAGE='));
  return line?.slice('IDENTITY_APP_IMAGE='.length).trim() ?? 'identity-app:0.1.0';
}

// Rebuilds the suite's tag as a new image (same content, one more label), as a rebuild of the
// app image between `start` and `scale` would.
async function moveSuiteImageTag(): Promise<void> {
  await execa('docker', ['build', '--quiet', '--tag', suiteImage, '-'], {
    input: `FROM ${await currentAppImage()}\nLABEL org.identity.e2e-rebuilt="${Date.now()}"\n`,
  });
}

async function assertEveryReplicaAnswers(stack: RunningStack, counts: Record<string, number>) {
  for (const [service, { path, status }] of Object.entries(probes)) {
    const expected = await hostnamesOf(project, service);
    assert.equal(expected.length, counts[service], `${service} replicas`);
    const seen = await replicasAnswering(async () => {
      const response = await fetch(`${stack.issuer}${path}`);
      assert.equal(response.status, status, `${service} ${path}`);
      return response;
    }, expected);
    assert.deepEqual([...seen.keys()].sort(), expected, `${service}: replicas that answered`);
  }
}

async function healthReport(stack: RunningStack) {
  const run = await runCli(
    ['health', '--project', project, '--json', '--debug', 'docker'],
    stack.env,
  );
  assert.equal(run.exitCode, 0, explain(run));
  const report = JSON.parse(run.stdout) as {
    healthy: boolean;
    checks: { name: string; target: string; status: string }[];
  };
  return { report, stderr: run.stderr };
}

describe('scaling through the proxy', { timeout: 1_800_000 }, () => {
  after(async () => {
    await execa('docker', ['image', 'rm', '--force', suiteImage], { reject: false });
    assert.deepEqual(await projectLeftovers(project), []);
  });

  describe('at 2x2x2x2', () => {
    let stack: RunningStack | undefined;

    before(async () => {
      await execa('docker', ['tag', await currentAppImage(), suiteImage]);
      stack = await startStack(project, 'demo', ['--scale', '2x2x2x2'], {
        IDENTITY_APP_IMAGE: suiteImage,
      });
    });

    after(async () => {
      await stopStack(stack, project);
    });

    it('runs two replicas of every app service', async () => {
      for (const service of Object.keys(probes)) {
        const replicas = await projectReplicas(project, service);
        assert.deepEqual(
          replicas.map((replica) => replica.state),
          ['running', 'running'],
          service,
        );
      }
    });

    it('gets an answer through the proxy from every replica of every app service', async () => {
      await assertEveryReplicaAnswers(stack!, { authz: 2, idp: 2, rs: 2, spa: 2 });
    });

    it('checks the probe token at every rs replica, passing the token on stdin only', async () => {
      const { report, stderr } = await healthReport(stack!);
      assert.equal(report.healthy, true);
      const rsChecks = report.checks.filter((check) => check.name === 'rs-replica');
      const rsNames = (await projectReplicas(project, 'rs')).map((replica) => replica.name);
      assert.deepEqual(rsChecks.map((check) => check.target).sort(), rsNames);
      assert.deepEqual(
        rsChecks.map((check) => check.status),
        ['pass', 'pass'],
      );

      // --debug docker prints every docker command line the CLI ran: none holds a JWT.
      assert.match(stderr, /docker exec -i /);
      assert.doesNotMatch(stderr, /eyJ[\w-]+\.[\w-]+\./);
    });

    it('adds an authz replica with scale, keeping every container and the proxy as they were', async () => {
      const before = await projectReplicas(project);
      const running = (replicas: Replica[]) =>
        replicas
          .filter((replica) => replica.state === 'running')
          .map((replica) => `${replica.name} ${replica.id} ${replica.startedAt}`);
      // The image behind the tag changes after start, as a rebuild between the two would do.
      await moveSuiteImageTag();

      const run = await runCli(['scale', 'authz=3', '--project', project], stack!.env);
      assert.equal(run.exitCode, 0, explain(run));
      assert.match(run.stdout, /authz=3, idp=2, rs=2, spa=2/);

      const afterScale = await projectReplicas(project);
      const kept = running(afterScale);
      for (const line of running(before)) assert.ok(kept.includes(line), `recreated: ${line}`);
      const added = afterScale.filter((r) => !before.some((old) => old.id === r.id));
      assert.deepEqual(
        added.map((replica) => `${replica.service} ${replica.state}`),
        ['authz running'],
      );
      const proxy = afterScale.find((replica) => replica.service === 'proxy')!;
      assert.equal(proxy.restartCount, 0);

      const seen = await replicasAnswering(
        () => fetch(`${stack!.issuer}${probes['authz']!.path}`),
        [added[0]!.hostname],
      );
      assert.ok(seen.has(added[0]!.hostname), `the new replica answered: ${[...seen.keys()]}`);
      await assertEveryReplicaAnswers(stack!, { authz: 3, idp: 2, rs: 2, spa: 2 });
    });

    it('removes replicas with scale, after which only the remaining one gets traffic', async () => {
      const run = await runCli(['scale', 'authz=1', '--project', project], stack!.env);
      assert.equal(run.exitCode, 0, explain(run));

      const remaining = await hostnamesOf(project, 'authz');
      assert.equal(remaining.length, 1);
      const answeredBy = new Set<string>();
      for (let sent = 0; sent < 12; sent += 1) {
        const response = await fetch(`${stack!.issuer}${probes['authz']!.path}`);
        assert.equal(response.status, 200);
        await response.arrayBuffer();
        answeredBy.add(response.headers.get(replicaHeader) ?? '(none)');
      }
      assert.deepEqual([...answeredBy], remaining);
    });
  });

  describe('at 3x3x3x3', () => {
    let stack: RunningStack | undefined;

    before(async () => {
      stack = await startStack(project, 'demo', ['--scale', '3x3x3x3']);
    });

    after(async () => {
      await stopStack(stack, project);
    });

    it('runs three replicas of every app service', async () => {
      for (const service of Object.keys(probes)) {
        const replicas = await projectReplicas(project, service);
        assert.equal(replicas.filter((replica) => replica.state === 'running').length, 3, service);
      }
    });

    it('gets an answer through the proxy from every replica of every app service', async () => {
      await assertEveryReplicaAnswers(stack!, { authz: 3, idp: 3, rs: 3, spa: 3 });
    });

    it('reports every replica and every rs replica healthy', async () => {
      const { report } = await healthReport(stack!);
      assert.equal(report.healthy, true);
      const apps = (await projectReplicas(project)).filter((r) => r.service in probes);
      for (const name of ['livez', 'readyz']) {
        const targets = report.checks.filter((check) => check.name === name).map((c) => c.target);
        assert.deepEqual(targets.sort(), apps.map((replica) => replica.name).sort(), name);
      }
      const rsChecks = report.checks.filter((check) => check.name === 'rs-replica');
      assert.equal(rsChecks.length, 3);
    });
  });
});
