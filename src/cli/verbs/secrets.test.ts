import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../../paths.ts';

// Runs every `identity secrets` verb, on success and failure paths, with --json and --debug, and
// asserts that no secret value ever reaches stdout or stderr.
const run = promisify(execFile);
const main = join(repoRoot, 'src', 'cli', 'main.ts');
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

interface Outcome {
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function identity(
  dir: string,
  args: string[],
  user: { uid?: number; gid?: number } = {},
): Promise<Outcome> {
  const env = { ...process.env, IDENTITY_SECRETS_DIR: dir, NO_COLOR: '1' };
  try {
    const options = { env, cwd: repoRoot, ...user };
    const { stdout, stderr } = await run(process.execPath, [main, ...args], options);
    return { args, exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { args, exitCode: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Every value in the folder that must stay secret: passwords, cookie keys, the private members
// of the JWKs, the lines of the proxy's private key.
async function secretValues(dir: string): Promise<string[]> {
  const read = (name: string) => readFile(join(dir, name), 'utf8').catch(() => '');
  const values: string[] = [];
  for (const name of ['postgres_password', 'db_app_password', 'probe_client_secret']) {
    values.push(...(await read(name)).split('\n'));
  }
  values.push(...(await read('demo_client_secret')).split('\n'));
  values.push(...(await read('cookie_keys')).split('\n'));
  try {
    for (const key of JSON.parse(await read('jwks')).keys) {
      for (const member of privateMembers)
        if (typeof key[member] === 'string') values.push(key[member]);
    }
  } catch {
    // A deliberately broken jwks: its pieces are listed as planted values instead.
  }
  const pem = await read('proxy_tls');
  const key = pem.slice(pem.indexOf('-----BEGIN RSA PRIVATE KEY-----'));
  values.push(...key.split('\n').filter((line) => !line.startsWith('-----')));
  return values.filter((value) => value.length >= 8);
}

function assertNoLeak(outcomes: Outcome[], values: Set<string>): void {
  for (const outcome of outcomes) {
    for (const value of values) {
      const where = `identity ${outcome.args.join(' ')}`;
      assert.ok(!outcome.stdout.includes(value), `${where} printed a secret value on stdout`);
      assert.ok(!outcome.stderr.includes(value), `${where} printed a secret value on stderr`);
    }
  }
}

async function replace(path: string, content: string, mode = 0o444): Promise<void> {
  await chmod(path, 0o644);
  await writeFile(path, content);
  await chmod(path, mode);
}

test('no secrets verb prints a secret value, on success or failure, with --json or --debug', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  const values = new Set<string>();
  const outcomes: Outcome[] = [];
  const step = async (args: string[], expectedExit: number) => {
    const outcome = await identity(dir, args);
    assert.equal(outcome.exitCode, expectedExit, `identity ${args.join(' ')}: ${outcome.stderr}`);
    outcomes.push(outcome);
    for (const value of await secretValues(dir)) values.add(value);
  };

  await step(['secrets', 'init'], 0);
  await step(['--debug=*', 'secrets', 'init', '--profile', 'prod', '--json'], 0);
  for (const verb of [['list'], ['check', '--profile', 'prod']]) {
    await step(['secrets', ...verb], 0);
    await step(['--debug=*', 'secrets', ...verb, '--json'], 0);
  }
  for (const name of [
    'jwks',
    'cookie_keys',
    'proxy_tls',
    'demo_client_secret',
    'probe_client_secret',
  ]) {
    await step(['--debug=*', 'secrets', 'rotate', name], 0);
    await step(['secrets', 'rotate', name, '--json'], 0);
  }
  await step(['secrets', 'rotate', 'db_app_password', '--json'], 6);
  await step(['secrets', 'rotate', 'no_such_secret'], 2);

  // Failure paths, with values planted where a careless message would quote them.
  const planted = ['LEAKME-db-pass', 'LEAKME-line-one-0123456789', 'LEAKMEcookie', 'LEAKMEjwks'];
  const [db, pg, cookie, jwks] = planted;
  await replace(join(dir, 'db_app_password'), db!, 0o600);
  await replace(join(dir, 'postgres_password'), `${pg}\n${pg}-two\n`);
  await replace(
    join(dir, 'cookie_keys'),
    `${await readFile(join(dir, 'cookie_keys'), 'utf8')}${cookie}\n`,
  );
  const brokenJwks = `{"keys": [${jwks}, ${(await readFile(join(dir, 'jwks'), 'utf8')).slice(12)}`;
  await replace(join(dir, 'jwks'), brokenJwks);
  const proxyTls = await readFile(join(dir, 'proxy_tls'), 'utf8');
  await replace(join(dir, 'ca_cert'), proxyTls);
  for (const value of planted) values.add(value);

  for (const args of [
    ['secrets', 'check', '--profile', 'prod'],
    ['--debug=*', 'secrets', 'check', '--profile', 'prod', '--json'],
    ['secrets', 'init', '--profile', 'prod'],
    ['--debug=*', 'secrets', 'init', '--profile', 'prod', '--json'],
    ['--debug=*', 'secrets', 'rotate', 'jwks'],
    ['secrets', 'rotate', 'cookie_keys', '--json'],
  ]) {
    await step(args, 6);
  }
  await step(['--debug=*', 'secrets', 'list', '--json'], 0);

  assert.ok(values.size > 40, `collected only ${values.size} secret values`);
  assertNoLeak(outcomes, values);
});

test('check exits 6 naming the file, the problem and the chmod that fixes it', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  assert.equal((await identity(dir, ['secrets', 'init'])).exitCode, 0);
  await chmod(join(dir, 'jwks'), 0o600);

  const human = await identity(dir, ['secrets', 'check']);
  assert.equal(human.exitCode, 6);
  assert.match(human.stdout, /^jwks +\S+jwks +invalid$/m);
  assert.match(
    human.stderr,
    new RegExp(
      `^  jwks \\(${join(dir, 'jwks')}\\): has mode 0600 \\(owner uid \\d+\\), so the container ` +
        `user uid 10001 \\(app\\) cannot read it .*; fix: chmod 0444 ${join(dir, 'jwks')}$`,
      'm',
    ),
  );

  const json = await identity(dir, ['secrets', 'check', '--json']);
  assert.equal(json.exitCode, 6);
  const body = JSON.parse(json.stdout);
  assert.equal(body.ok, false);
  assert.deepEqual(body.error, {
    code: 'secrets',
    exitCode: 6,
    message: '1 problem with the secrets',
  });
  assert.equal(body.problems[0].fix, `chmod 0444 ${join(dir, 'jwks')}`);
});

test('init reports created and kept secrets, and a second run creates none', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  const first = JSON.parse((await identity(dir, ['secrets', 'init', '--json'])).stdout);
  assert.equal(first.created.length, 6);
  const second = await identity(dir, ['secrets', 'init', '--profile', 'prod', '--json']);
  const body = JSON.parse(second.stdout);
  assert.deepEqual(body.created, ['proxy_tls', 'ca_cert']);
  assert.equal(body.kept.length, 5);
});

test('rejects an unknown profile as a usage error', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  const outcome = await identity(dir, ['secrets', 'init', '--profile', 'staging']);
  assert.equal(outcome.exitCode, 2);
  assert.match(outcome.stderr, /unknown profile "staging", expected one of demo, dev, ci, prod/);
});

test(
  'check run by a user who cannot open the folder names its owner and the fix',
  { skip: process.getuid?.() !== 0 && 'switching to another uid needs root' },
  async () => {
    const parent = await mkdtemp(join(tmpdir(), 'identity-secrets-'));
    const dir = join(parent, 'secrets');
    assert.equal((await identity(dir, ['secrets', 'init'])).exitCode, 0);
    await chmod(parent, 0o755);

    const outcome = await identity(dir, ['secrets', 'check'], { uid: 65534, gid: 65534 });

    assert.equal(outcome.exitCode, 6);
    assert.match(outcome.stdout, /^jwks +\S+ +unchecked$/m);
    assert.ok(
      outcome.stderr.includes(
        `secrets folder (${dir}): cannot be opened by uid 65534 (owner uid 0, mode 0700); ` +
          "fix: run identity as the folder's owner (uid 0) or with sudo",
      ),
    );
  },
);
