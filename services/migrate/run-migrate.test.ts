import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { readFileEnv } from '../shared/file-env.ts';
import {
  silentLogger,
  startStackFixture,
  type StackFixture,
} from '../test-support/stack-fixture.ts';
import { verifyPassword } from '../users/password-hash.ts';
import { runMigrate } from './run-migrate.ts';
import { demoUser } from './seed-demo.ts';

let fixture: StackFixture;

// The fixture ran migrate once already (with the demo seed).
before(async () => {
  fixture = await startStackFixture();
});
after(() => fixture.stop());

async function connectAs(user: string, password: string): Promise<pg.Client> {
  const client = new pg.Client({
    host: fixture.cluster.host,
    port: fixture.cluster.port,
    database: 'identity',
    user,
    password,
  });
  await client.connect();
  return client;
}

const appPassword = () => readFileEnv('PGPASSWORD', fixture.env)!;

describe('migrate', () => {
  test('applies no migration on a second run and keeps the data', async () => {
    const result = await runMigrate(fixture.migrateEnv, silentLogger);
    assert.deepEqual(result, { role: 'updated', applied: [], seeded: true });

    const client = await connectAs('postgres', fixture.cluster.superuserPassword);
    const migrations = await client.query('SELECT name FROM schema_migrations ORDER BY id');
    const users = await client.query('SELECT username FROM users');
    const items = await client.query('SELECT count(*)::int AS count FROM items');
    await client.end();
    assert.deepEqual(
      migrations.rows.map((row) => row.name),
      ['001_oidc_payloads', '002_users', '003_items'],
    );
    assert.deepEqual(users.rows, [{ username: 'demo' }]);
    assert.equal(items.rows[0].count, 3);
  });

  test('runs concurrently without failing either run', async () => {
    const results = await Promise.all([
      runMigrate(fixture.migrateEnv, silentLogger),
      runMigrate(fixture.migrateEnv, silentLogger),
      runMigrate(fixture.migrateEnv, silentLogger),
    ]);
    assert.deepEqual(
      results.map((result) => result.applied),
      [[], [], []],
    );
  });

  test('seeds the demo user with an argon2id hash of the documented password', async () => {
    const client = await connectAs('postgres', fixture.cluster.superuserPassword);
    const { rows } = await client.query(
      'SELECT password_hash, email FROM users WHERE username = $1',
      [demoUser.username],
    );
    await client.end();
    assert.match(rows[0].password_hash, /^\$argon2id\$/);
    assert.equal(rows[0].email, 'demo@example.test');
    assert.equal(await verifyPassword(rows[0].password_hash, demoUser.password), true);
  });

  test('gives the application role data access but no schema changes', async () => {
    const client = await connectAs('identity_app', appPassword());
    await client.query(`INSERT INTO oidc_payloads (id, type, payload) VALUES ('x', 'T', '{}')`);
    await client.query(`DELETE FROM oidc_payloads WHERE id = 'x'`);
    await assert.rejects(client.query('CREATE TABLE sneaky (id int)'), { code: '42501' });
    await assert.rejects(client.query('SELECT * FROM schema_migrations'), { code: '42501' });
    await assert.rejects(client.query(`UPDATE users SET password_hash = 'x'`), { code: '42501' });
    await client.end();
  });

  test('sets a rotated application password on the next run', async () => {
    const rotated = 'rotated-password-0123456789';
    const path = join(fixture.secretsDir, 'db_app_password_rotated');
    writeFileSync(path, rotated);
    await runMigrate({ ...fixture.migrateEnv, PGPASSWORD_FILE: path }, silentLogger);

    const client = await connectAs('identity_app', rotated);
    await client.end();
    await assert.rejects(connectAs('identity_app', appPassword()), { code: '28P01' });
    await runMigrate(fixture.migrateEnv, silentLogger);
  });
});

describe('migrate command', () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));
  const run = (env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', main, 'migrate'], {
      env: { PATH: process.env['PATH'], ...env, LOG_LEVEL: 'info' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('exits 0 when the schema is current', () => {
    const child = run(fixture.migrateEnv);
    assert.equal(child.status, 0, child.stdout + child.stderr);
    assert.match(child.stdout, /"msg":"schema up to date"/);
  });

  test('exits 1 naming the superuser and the server when its password is wrong', () => {
    const path = join(fixture.secretsDir, 'wrong_postgres_password');
    writeFileSync(path, 'not-the-password');
    const child = run({ ...fixture.migrateEnv, POSTGRES_PASSWORD_FILE: path });
    assert.equal(child.status, 1);
    const record = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    const target = `postgres@127.0.0.1:${fixture.cluster.port}/postgres`;
    assert.equal(record.msg, `migrate failed: database rejected the password of ${target}`);
    assert.equal(record.level, 'fatal');
  });

  test('exits 1 naming POSTGRES_PASSWORD_FILE when it is missing', () => {
    const path = join(fixture.secretsDir, 'nothing-here');
    const child = run({ ...fixture.migrateEnv, POSTGRES_PASSWORD_FILE: path });
    assert.equal(child.status, 1);
    const record = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    assert.equal(record.msg, `migrate failed: POSTGRES_PASSWORD_FILE=${path} does not exist`);
  });
});
