import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import * as client from 'openid-client';
import { extract } from 'tar';
import { Agent, setGlobalDispatcher } from 'undici';
import { bundleDir, bundlePath, repoRoot, secretsDir } from '../../src/paths.ts';
import { loginAs, type LoginResult } from '../../src/smoke/login-flow.ts';
import { type CliRun, explain, runCli } from '../support/cli.ts';
import { type RunningStack, startStack, stopStack } from '../support/demo-stack.ts';
import { freePort } from '../support/free-port.ts';
import { createOwnSecrets, type OwnSecrets } from '../support/own-secrets.ts';
import { projectLeftovers } from '../support/project-leftovers.ts';
import { projectReplicas } from '../support/replicas.ts';
import { leaksIn, secretValues } from '../support/secret-values.ts';
import { spaClient } from '../../src/render/clients-config.ts';

// No secret value shows up anywhere a secret must never be: container metadata, image layers,
// the resolved Compose configuration, service logs, the CLI's output (results, --json, --debug,
// doctor, errors) or git history. Checked on a running prod stack (TLS, hardened containers)
// after user logins and rotations, with every value of the suite's own secrets folder from
// before and after the rotations.
// A name of its own per run: another checkout running the same suite at the same time (a
// shared CI host) must not tear this stack down when it clears its own leftovers.
const project = `identity-e2e-leaks-${randomBytes(3).toString('hex')}`;
const user = { username: 'leak-check', password: randomBytes(24).toString('base64url') };

// Prod ships no browser client; this suite adds the demo profile's `spa` client so that a user
// can log in. Everything else is the prod bundle as it is.

async function writeClientsOverride(root: string, own: OwnSecrets): Promise<string> {
  const prodClients = join(bundleDir, 'config', 'clients.prod.json');
  const clients = [...JSON.parse(await readFile(prodClients, 'utf8')), spaClient];
  const clientsFile = join(root, 'clients.json');
  await writeFile(clientsFile, JSON.stringify(clients, null, 2));
  const override = join(root, 'leaks-override.yml');
  const secrets = await readFile(own.overrideFile, 'utf8');
  await writeFile(
    override,
    `${secrets}configs:\n  clients_prod:\n    file: ${relative(bundleDir, clientsFile)}\n`,
  );
  return override;
}

// A user in the prod directory: hashed by the idp's own code inside its container, inserted by
// psql over the database's local socket; the password travels on stdin only.
async function createUser(): Promise<void> {
  const [idp] = await projectReplicas(project, 'idp');
  const hashScript =
    "import { hashPassword } from '/app/users/password-hash.ts';" +
    "let p = ''; for await (const c of process.stdin) p += c;" +
    'process.stdout.write(await hashPassword(p));';
  const hashed = await execa(
    'docker',
    ['exec', '-i', idp!.id, 'node', '--input-type=module', '-e', hashScript],
    { input: user.password },
  );
  const [postgres] = await projectReplicas(project, 'postgres');
  await execa('docker', ['exec', '-i', postgres!.id, 'psql', '-U', 'postgres', '-d', 'identity'], {
    input:
      'INSERT INTO users (username, email, email_verified, name, password_hash) VALUES ' +
      `('${user.username}', 'leak-check@example.test', true, 'Leak Check', ` +
      `'${String(hashed.stdout)}');\n`,
  });
}

// Node's fetch (and openid-client with it) trusts the suite's local CA, and only that.
let trusted: Agent | undefined;
async function trustCa(dir: string): Promise<void> {
  const previous = trusted;
  trusted = new Agent({ connect: { ca: await readFile(join(dir, 'ca_cert'), 'utf8') } });
  setGlobalDispatcher(trusted);
  await previous?.close();
}

async function apiCall(login: LoginResult, issuer: string): Promise<number> {
  const refreshed = await client.refreshTokenGrant(login.config, login.tokens.refresh_token!, {
    resource: `${issuer}/api`,
  });
  const response = await fetch(`${issuer}/api/items`, {
    headers: { authorization: `Bearer ${refreshed.access_token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

// Every file of a `docker save`, with gzip-compressed layers unpacked: a value in any layer
// shows up as its plain bytes.
async function imageFiles(image: string, workDir: string): Promise<string[]> {
  const archive = join(workDir, 'image.tar');
  await execa('docker', ['save', '--output', archive, image]);
  const unpacked = join(workDir, 'image');
  await execa('mkdir', ['-p', unpacked]);
  await extract({ file: archive, cwd: unpacked });
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  await walk(unpacked);
  return files;
}

function describeLeaks(where: string, labels: string[]): string[] {
  return labels.map((label) => `${where}: ${label}`);
}

describe('no secret leaks from a running prod stack', { timeout: 1_800_000 }, () => {
  let root: string;
  let own: OwnSecrets;
  let stack: RunningStack | undefined;
  let env: Record<string, string>;
  let override: string;
  const values = new Map<string, string>();
  const outputs: { args: string[]; run: CliRun }[] = [];

  // Runs a verb and keeps its output for the scan; `undefined` accepts any exit code.
  const identity = async (args: string[], expectedExit: number | undefined) => {
    const run = await runCli(args, env);
    outputs.push({ args, run });
    if (expectedExit !== undefined) {
      assert.equal(run.exitCode, expectedExit, `identity ${args.join(' ')}\n${explain(run)}`);
    }
    return run;
  };
  const collect = async () => {
    for (const [value, label] of await secretValues(own.dir)) values.set(value, label);
  };

  before(async () => {
    own = await createOwnSecrets('prod');
    root = dirname(own.dir);
    override = await writeClientsOverride(root, own);
    await trustCa(own.dir);
    const httpsPort = String(await freePort());
    stack = await startStack(project, 'prod', ['--scale', '2x2x1x1', '--file', override], {
      ...own.env,
      IDENTITY_HTTPS_PORT: httpsPort,
    });
    env = { ...stack.env, ...own.env };
    await collect();
    values.set(user.password, 'the test user password');

    await createUser();
    for (let round = 0; round < 2; round += 1) {
      const login = await loginAs(stack.issuer, user);
      assert.equal(await apiCall(login, stack.issuer), 200);
    }
    const passwordFile = join(root, 'user-password');
    await writeFile(passwordFile, user.password, { mode: 0o600 });
    await identity(
      ['smoke', '-p', project, '--user', user.username, '--password-file', passwordFile],
      undefined,
    );
    await identity(
      ['smoke', '-p', project, '--user', user.username, '--password-file', passwordFile, '--json'],
      undefined,
    );

    // Rotations on the running stack, with their own output kept for the scan.
    for (const name of ['cookie_keys', 'db_app_password']) {
      await identity(['secrets', 'rotate', name, '-p', project], 0);
    }
    await identity(['--debug', '*', 'secrets', 'rotate', 'proxy_tls', '-p', project, '--json'], 0);
    await trustCa(own.dir);
    await collect();
    const login = await loginAs(stack.issuer, user);
    assert.equal(await apiCall(login, stack.issuer), 200);
  });

  after(async () => {
    try {
      await stopStack(stack, project);
      assert.deepEqual(await projectLeftovers(`${project}-second`), []);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('finds the values it looks for where they are: the secret files themselves', async () => {
    const found = new Set<string>();
    for (const name of ['jwks', 'cookie_keys', 'db_app_password', 'proxy_tls']) {
      for (const label of leaksIn(await readFile(join(own.dir, name), 'utf8'), values)) {
        found.add(label.split(' ')[0]!);
      }
    }
    assert.deepEqual([...found].sort(), ['cookie_keys', 'db_app_password', 'jwks', 'proxy_tls']);
  });

  it('prints no secret from any identity verb, with --json, --debug, doctor and errors', async () => {
    const p = ['-p', project];
    for (const json of [[], ['--json']]) {
      await identity(['status', ...p, ...json], 0);
      await identity(['health', ...p, ...json], 0);
      await identity(['doctor', '--profile', 'prod', ...p, '--file', override, ...json], 0);
      await identity(['secrets', 'list', ...json], 0);
      await identity(['secrets', 'check', '--profile', 'prod', ...json], 0);
      await identity(['secrets', 'init', '--profile', 'prod', ...json], 0);
      await identity(['validate', '--profile', 'prod', '--file', override, ...json], 0);
    }
    await identity(['--debug', '*', 'health', ...p], 0);
    await identity(['--debug', '*', 'doctor', '--profile', 'prod', ...p, '--file', override], 0);
    await identity(['logs', ...p], 0);
    await identity(['logs', ...p, '--tail', '50', 'authz', 'idp', 'postgres'], 0);

    // Error paths.
    await identity(['secrets', 'rotate', 'no_such_secret', ...p], 2);
    await identity(['secrets', 'rotate', 'jwks', '-p', `${project}-absent`], 5);
    await identity(['health', '-p', `${project}-absent`, '--json'], 5);
    await identity(
      ['start', '--profile', 'prod', '-p', `${project}-second`, '--file', override],
      4,
    );
    const [postgres] = await projectReplicas(project, 'postgres');
    const psql = (sql: string) =>
      execa('docker', ['exec', '-i', postgres!.id, 'psql', '-U', 'postgres', '-d', 'postgres'], {
        input: `${sql};\n`,
      });
    await psql('ALTER ROLE postgres SET default_transaction_read_only = on');
    try {
      await identity(['--debug', '*', 'secrets', 'rotate', 'db_app_password', ...p, '--json'], 5);
    } finally {
      await psql(
        'SET default_transaction_read_only = off; ' +
          'ALTER ROLE postgres RESET default_transaction_read_only',
      );
    }

    const leaks = outputs.flatMap(({ args, run }) =>
      describeLeaks(`identity ${args.join(' ')}`, leaksIn(run.stdout + run.stderr, values)),
    );
    assert.ok(values.size >= 30, `only ${values.size} secret values collected`);
    assert.ok(outputs.length >= 25, `only ${outputs.length} verbs ran`);
    assert.deepEqual(leaks, []);
  });

  it('puts no secret in docker inspect of any container: environment, command, labels', async () => {
    const ids = (await projectReplicas(project)).map((replica) => replica.id);
    assert.ok(ids.length >= 8, `${ids.length} containers`);
    const inspected = JSON.parse(String((await execa('docker', ['inspect', ...ids])).stdout)) as {
      Name: string;
      Config: { Env: string[]; Cmd: string[] | null; Labels: Record<string, string> };
    }[];
    const leaks = inspected.flatMap((container) => [
      ...describeLeaks(`${container.Name} (all of it)`, leaksIn(JSON.stringify(container), values)),
      ...describeLeaks(`${container.Name} env`, leaksIn(container.Config.Env.join('\n'), values)),
    ]);
    assert.deepEqual(leaks, []);
  });

  it('puts no secret in the docker compose config output', async () => {
    const files = [bundlePath('prod'), override].flatMap((file) => ['-f', file]);
    const leaks: string[] = [];
    for (const format of ['yaml', 'json']) {
      const config = await execa(
        'docker',
        ['compose', '-p', project, ...files, 'config', '--format', format],
        { env },
      );
      leaks.push(
        ...describeLeaks(`compose config (${format})`, leaksIn(String(config.stdout), values)),
      );
    }
    assert.deepEqual(leaks, []);
  });

  it('writes no secret to the log of any service', async () => {
    const logs = await execa('docker', ['compose', '-p', project, 'logs', '--no-color'], {
      maxBuffer: 256 * 1024 * 1024,
    });
    const text = `${String(logs.stdout)}\n${String(logs.stderr)}`;
    assert.ok(text.includes('"service":"authz"'), 'the logs hold authz records');
    assert.deepEqual(describeLeaks('service logs', leaksIn(text, values)), []);
  });

  it('puts no secret in any layer of the application image', async () => {
    const [authz] = await projectReplicas(project, 'authz');
    const imageId = String(
      (await execa('docker', ['inspect', '--format', '{{.Image}}', authz!.id])).stdout,
    ).trim();
    const workDir = await mkdtemp(join(tmpdir(), 'identity-e2e-image-'));
    try {
      const leaks: string[] = [];
      let bytes = 0;
      for (const file of await imageFiles(imageId, workDir)) {
        let content = await readFile(file);
        if (content[0] === 0x1f && content[1] === 0x8b) content = gunzipSync(content);
        bytes += content.length;
        leaks.push(...describeLeaks(`image ${relative(workDir, file)}`, leaksIn(content, values)));
      }
      assert.ok(bytes > 50_000_000, `scanned only ${bytes} bytes of the image`);
      assert.deepEqual(leaks, []);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it('has no secret in git history, of this suite or of the shared secrets folder', async () => {
    const all = new Map(values);
    if ((await stat(secretsDir).catch(() => undefined)) !== undefined) {
      for (const [value, label] of await secretValues(secretsDir))
        all.set(value, `shared ${label}`);
    }
    const history = await execa('git', ['log', '-p', '--all', '--no-color'], {
      cwd: repoRoot,
      maxBuffer: 1024 * 1024 * 1024,
    });
    assert.ok(String(history.stdout).length > 100_000, 'git log -p printed the history');
    assert.deepEqual(describeLeaks('git log -p --all', leaksIn(String(history.stdout), all)), []);
  });
});
