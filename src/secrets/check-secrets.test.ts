import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { allProblems, checkSecrets } from './check-secrets.ts';
import { initSecrets } from './init-secrets.ts';

async function initialised(profile: 'demo' | 'prod' = 'demo'): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  await initSecrets({ dir, profile });
  return dir;
}

async function replace(path: string, content: string): Promise<void> {
  await chmod(path, 0o644);
  await writeFile(path, content);
  await chmod(path, 0o444);
}

test('passes a freshly initialised folder', async () => {
  const report = await checkSecrets({ dir: await initialised(), profile: 'demo' });
  assert.equal(report.ok, true);
  assert.deepEqual(allProblems(report), []);
});

test('reports a missing folder once, with the init command as the fix', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'identity-secrets-')), 'secrets');
  const report = await checkSecrets({ dir, profile: 'ci' });
  assert.equal(report.ok, false);
  assert.deepEqual(report.folder, [
    {
      secret: undefined,
      file: dir,
      problem: 'is missing',
      fix: 'identity secrets init --profile ci',
    },
  ]);
  assert.ok(report.secrets.every((secret) => secret.status === 'missing'));
  assert.equal(allProblems(report).length, 1);
});

test('reports a missing file with the init command for the profile', async () => {
  const dir = await initialised('prod');
  await rm(join(dir, 'jwks'), { force: true });
  const report = await checkSecrets({ dir, profile: 'prod' });
  assert.deepEqual(allProblems(report), [
    {
      secret: 'jwks',
      file: join(dir, 'jwks'),
      problem: 'is missing',
      fix: 'identity secrets init --profile prod',
    },
  ]);
});

test('reports a 0600 jwks as unreadable by the app user, with chmod 0444 as the fix', async () => {
  const dir = await initialised();
  const path = join(dir, 'jwks');
  await chmod(path, 0o600);
  const [problem, ...rest] = allProblems(await checkSecrets({ dir, profile: 'demo' }));
  assert.deepEqual(rest, []);
  assert.equal(problem!.secret, 'jwks');
  assert.equal(
    problem!.problem,
    `has mode 0600 (owner uid ${process.getuid!()}), so the container user uid 10001 (app) ` +
      'cannot read it (Compose mounts it with this owner and mode)',
  );
  assert.equal(problem!.fix, `chmod 0444 ${path}`);
});

test('names both container users for an unreadable postgres password', async () => {
  const dir = await initialised();
  await chmod(join(dir, 'postgres_password'), 0o640);
  const [problem] = allProblems(await checkSecrets({ dir, profile: 'demo' }));
  assert.match(problem!.problem, /the container users uid 999 \(postgres\) and uid 10001 \(app\)/);
});

test('reports a file that other users can change', async () => {
  const dir = await initialised();
  await chmod(join(dir, 'cookie_keys'), 0o666);
  const [problem] = allProblems(await checkSecrets({ dir, profile: 'demo' }));
  assert.match(problem!.problem, /^has mode 0666 .*, so other users can change it$/);
});

test('reports a folder that other host users can reach', async () => {
  const dir = await initialised();
  await chmod(dir, 0o755);
  const report = await checkSecrets({ dir, profile: 'demo' });
  assert.equal(report.folder[0]!.fix, `chmod 0700 ${dir}`);
  assert.equal(
    report.secrets.every((secret) => secret.status === 'ok'),
    true,
  );
});

test('reports a short password without its value, with how to replace it', async () => {
  const dir = await initialised();
  const path = join(dir, 'db_app_password');
  await replace(path, 'LEAKME-short');
  const [problem] = allProblems(await checkSecrets({ dir, profile: 'demo' }));
  assert.equal(problem!.problem, 'is 12 characters long, expected at least 24');
  assert.equal(
    problem!.fix,
    `mv ${path} ${path}.invalid && identity secrets init --profile demo, ` +
      'then set it in the database (docs/secrets.md)',
  );
  assert.ok(!JSON.stringify(problem).includes('LEAKME'));
});

test('reports a weak cookie key and a JWK Set that is not JSON', async () => {
  const dir = await initialised();
  await replace(join(dir, 'cookie_keys'), 'LEAKME-cookie\n');
  await replace(join(dir, 'jwks'), '{"keys": [LEAKME');
  const problems = allProblems(await checkSecrets({ dir, profile: 'demo' }));
  assert.deepEqual(
    problems.map((problem) => [problem.secret, problem.problem]),
    [
      ['cookie_keys', 'key on line 1 has about 78 bits of entropy, expected 256'],
      ['jwks', 'is not valid JSON'],
    ],
  );
});

test('reports a proxy certificate close to expiry in prod', async () => {
  const dir = await initialised('prod');
  const later = new Date(Date.now() + 350 * 86_400_000);
  const problems = allProblems(await checkSecrets({ dir, profile: 'prod', now: later }));
  assert.deepEqual(
    problems.map((problem) => [problem.secret, problem.fix]),
    [['proxy_tls', 'run `identity secrets rotate proxy_tls`']],
  );
});
