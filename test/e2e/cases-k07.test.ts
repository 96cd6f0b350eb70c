import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { Agent, fetch as undiciFetch } from 'undici';
import { secretsDir } from '../../src/paths.ts';
import { explain, runCli } from '../support/cli.ts';
import { type RunningStack, startStack, stopStack } from '../support/demo-stack.ts';
import { freePort } from '../support/free-port.ts';
import { hostnamesOf, projectReplicas, replicaHeader } from '../support/replicas.ts';

// K07: behind a proxy that terminates TLS, the provider must advertise https:// endpoints under
// the public issuer, whichever replica answers. The prod profile runs TLS at the proxy, three
// replicas of everything, and hardened containers.
const project = 'identity-e2e-k07';
const discoveryRounds = 30;

interface Hardening {
  name: string;
  service: string;
  readOnly: boolean;
  capDrop: string[];
  securityOpt: string[];
  limits: { memory: number; nanoCpus: number; pids: number };
  restart: string;
  ports: Record<string, { HostIp: string; HostPort: string }[] | null>;
}

async function inspectHardening(): Promise<Hardening[]> {
  const ids = (await projectReplicas(project)).map((replica) => replica.id);
  const raw = JSON.parse(String((await execa('docker', ['inspect', ...ids])).stdout)) as {
    Name: string;
    Config: { Labels: Record<string, string> };
    HostConfig: {
      ReadonlyRootfs: boolean;
      CapDrop: string[] | null;
      SecurityOpt: string[] | null;
      Memory: number;
      NanoCpus: number;
      PidsLimit: number | null;
      RestartPolicy: { Name: string };
      PortBindings: Hardening['ports'] | null;
    };
  }[];
  return raw.map((container) => ({
    name: container.Name.replace(/^\//, ''),
    service: container.Config.Labels['com.docker.compose.service'] ?? '',
    readOnly: container.HostConfig.ReadonlyRootfs,
    capDrop: container.HostConfig.CapDrop ?? [],
    securityOpt: container.HostConfig.SecurityOpt ?? [],
    limits: {
      memory: container.HostConfig.Memory,
      nanoCpus: container.HostConfig.NanoCpus,
      pids: container.HostConfig.PidsLimit ?? 0,
    },
    restart: container.HostConfig.RestartPolicy.Name,
    ports: container.HostConfig.PortBindings ?? {},
  }));
}

// Every URL a discovery document holds besides the issuer, with the field it came from.
function urlsIn(discovery: Record<string, unknown>): [string, string][] {
  return Object.entries(discovery).filter(
    (entry): entry is [string, string] =>
      entry[0] !== 'issuer' &&
      typeof entry[1] === 'string' &&
      /^[a-z][a-z0-9+.-]*:\/\//i.test(entry[1]),
  );
}

describe('K07 provider behind a TLS-terminating proxy (prod)', { timeout: 900_000 }, () => {
  let stack: RunningStack | undefined;
  let tls: Agent | undefined;

  // Trusts the local CA that `identity secrets init --profile prod` made, and nothing else.
  const get = (path: string, headers: Record<string, string> = {}) =>
    undiciFetch(`${stack!.issuer}${path}`, { dispatcher: tls, headers });

  before(async () => {
    const init = await runCli(['secrets', 'init', '--profile', 'prod']);
    assert.equal(init.exitCode, 0, explain(init));
    tls = new Agent({ connect: { ca: await readFile(`${secretsDir}/ca_cert`, 'utf8') } });
    const httpsPort = String(await freePort());
    stack = await startStack(project, 'prod', [], { IDENTITY_HTTPS_PORT: httpsPort });
  });

  after(async () => {
    await tls?.close();
    await stopStack(stack, project);
  });

  it('serves the public issuer over HTTPS on the chosen port', () => {
    const port = stack!.env['IDENTITY_HTTPS_PORT'];
    assert.equal(stack!.issuer, `https://127.0.0.1:${port}`);
  });

  it('lists only https endpoints under the public issuer, every time, from every authz replica', async () => {
    const issuer = stack!.issuer;
    const answeredBy = new Map<string, number>();
    for (let round = 1; round <= discoveryRounds; round += 1) {
      const response = await get('/.well-known/openid-configuration');
      assert.equal(response.status, 200, `round ${round}`);
      const replica = response.headers.get(replicaHeader) ?? '(none)';
      answeredBy.set(replica, (answeredBy.get(replica) ?? 0) + 1);
      const discovery = (await response.json()) as Record<string, unknown>;

      assert.equal(discovery['issuer'], issuer, `round ${round}, replica ${replica}`);
      const urls = urlsIn(discovery);
      assert.ok(urls.length >= 8, `round ${round}: ${urls.length} endpoints`);
      const outside = urls.filter(([, url]) => !url.startsWith(`${issuer}/`));
      assert.deepEqual(outside, [], `round ${round}, replica ${replica}`);
    }
    assert.deepEqual([...answeredBy.keys()].sort(), await hostnamesOf(project, 'authz'));
  });

  it('ignores forwarding headers a client sends itself', async () => {
    const issuer = stack!.issuer;
    for (let round = 1; round <= 6; round += 1) {
      const response = await get('/.well-known/openid-configuration', {
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'attacker.example',
        forwarded: 'proto=http;host=attacker.example',
      });
      const discovery = (await response.json()) as Record<string, unknown>;
      assert.equal(discovery['issuer'], issuer);
      assert.deepEqual(
        urlsIn(discovery).filter(([, url]) => !url.startsWith(`${issuer}/`)),
        [],
        `round ${round}`,
      );
    }
  });

  it('sends Strict-Transport-Security on every answer', async () => {
    for (const path of ['/.well-known/openid-configuration', '/jwks', '/api/me', '/app/']) {
      const response = await get(path);
      await response.arrayBuffer();
      assert.equal(response.headers.get('strict-transport-security'), 'max-age=31536000', path);
    }
  });

  it('publishes only the HTTPS port of the proxy, on 127.0.0.1', async () => {
    const published = (await inspectHardening()).flatMap((container) =>
      Object.entries(container.ports).flatMap(([target, bindings]) =>
        (bindings ?? []).map((b) => `${container.service} ${target} ${b.HostIp}:${b.HostPort}`),
      ),
    );
    assert.deepEqual(published, [`proxy 8443/tcp 127.0.0.1:${stack!.env['IDENTITY_HTTPS_PORT']}`]);
  });

  it('runs every container read-only, without capabilities or privilege gain, with limits', async () => {
    const containers = await inspectHardening();
    assert.deepEqual([...new Set(containers.map((c) => c.service))].sort(), [
      'authz',
      'idp',
      'migrate',
      'postgres',
      'proxy',
      'rs',
      'spa',
    ]);
    for (const container of containers) {
      const { name } = container;
      assert.equal(container.readOnly, true, `${name}: read-only root`);
      assert.deepEqual(container.capDrop, ['ALL'], `${name}: capabilities dropped`);
      assert.ok(container.securityOpt.includes('no-new-privileges:true'), name);
      assert.ok(container.limits.memory > 0, `${name}: memory limit`);
      assert.ok(container.limits.nanoCpus > 0, `${name}: cpu limit`);
      assert.ok(container.limits.pids > 0, `${name}: pids limit`);
      const restart = container.service === 'migrate' ? 'on-failure' : 'unless-stopped';
      assert.equal(container.restart, restart, `${name}: restart policy`);
    }
    const states = (await projectReplicas(project)).map(
      (r) => `${r.service} ${r.state} ${r.exitCode}`,
    );
    assert.equal(states.filter((s) => s.endsWith(' running 0')).length, 14, states.join(', '));
    assert.ok(states.includes('migrate exited 0'), states.join(', '));
  });

  it('is healthy by identity health, with the probe token accepted at every rs replica', async () => {
    const run = await runCli(['health', '--project', project, '--json'], stack!.env);
    assert.equal(run.exitCode, 0, explain(run));
    const { checks } = JSON.parse(run.stdout) as { checks: { name: string; status: string }[] };
    const passed = (name: string) =>
      checks.filter((check) => check.name === name && check.status === 'pass').length;
    assert.equal(passed('rs-replica'), 3);
    assert.equal(passed('discovery'), 1);
    assert.equal(passed('proxy-routing'), 1);
  });
});
