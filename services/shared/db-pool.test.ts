import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import type pg from 'pg';

import { runMigrate } from '../migrate/run-migrate.ts';
import {
  silentLogger,
  startStackFixture,
  type StackFixture,
} from '../test-support/stack-fixture.ts';
import { loadDatabaseConfig } from './config.ts';
import { createPool } from './db-pool.ts';

let fixture: StackFixture;
let pool: pg.Pool;

before(async () => {
  fixture = await startStackFixture();
  pool = createPool(loadDatabaseConfig(fixture.env), silentLogger, { applicationName: 'test' });
});
after(async () => {
  await pool.end();
  await fixture.stop();
});

// A new connection that must log in, not an idle one from before.
async function queryOnNewConnection(): Promise<number> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]!.one;
  } finally {
    client.release(true);
  }
}

describe('database pool', () => {
  test('logs new connections in with the password the file holds now', async () => {
    const kept = await pool.connect();
    try {
      assert.equal(await queryOnNewConnection(), 1);

      // What `identity secrets rotate db_app_password` does: the file and the role together.
      const file = fixture.env['PGPASSWORD_FILE']!;
      chmodSync(file, 0o644);
      writeFileSync(file, randomBytes(24).toString('base64url'));
      chmodSync(file, 0o444);
      await runMigrate(fixture.migrateEnv, silentLogger);

      assert.equal(await queryOnNewConnection(), 1);
      // A connection that logged in before the change keeps working.
      assert.equal((await kept.query('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      kept.release();
    }
  });
});
