import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import pg from 'pg';

import { loadDatabaseConfig } from '../shared/config.ts';
import { createPool } from '../shared/db-pool.ts';
import {
  silentLogger,
  startStackFixture,
  type StackFixture,
} from '../test-support/stack-fixture.ts';
import { createPgAdapterFactory, deleteExpiredPayloads } from './pg-adapter.ts';

let fixture: StackFixture;
let pool: pg.Pool;

before(async () => {
  fixture = await startStackFixture();
  // The services' pool as the services' role, so the grants migrate gives it are exercised too.
  pool = createPool(loadDatabaseConfig(fixture.env), silentLogger, { applicationName: 'test' });
});
after(async () => {
  await pool.end();
  await fixture.stop();
});

describe('PostgreSQL adapter', () => {
  test('stores and finds a payload by id, separately per model', async () => {
    const sessions = createPgAdapterFactory(pool)('Session');
    const grants = createPgAdapterFactory(pool)('Grant');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'a1', kind: 'Session' }, 60);
    assert.deepEqual(await sessions.find('s1'), { uid: 'u1', accountId: 'a1', kind: 'Session' });
    assert.equal(await grants.find('s1'), undefined);
  });

  test('finds a session by uid and replaces a payload on upsert', async () => {
    const sessions = createPgAdapterFactory(pool)('Session');
    await sessions.upsert('s2', { uid: 'u2', accountId: 'a1' }, 60);
    await sessions.upsert('s2', { uid: 'u3', accountId: 'a2' }, 60);
    assert.equal(await sessions.findByUid('u2'), undefined);
    assert.deepEqual(await sessions.findByUid('u3'), { uid: 'u3', accountId: 'a2' });
  });

  test('marks a payload consumed with the epoch second of consumption', async () => {
    const codes = createPgAdapterFactory(pool)('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    const before = Math.floor(Date.now() / 1000);
    await codes.consume('c1');
    const found = await codes.find('c1');
    assert.equal(found?.grantId, 'g1');
    assert.ok(typeof found?.consumed === 'number' && found.consumed >= before - 1);
  });

  test('hides an expired payload and the sweep deletes it an hour later', async () => {
    const interactions = createPgAdapterFactory(pool)('Interaction');
    await interactions.upsert('i1', { uid: 'i1' }, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal(await interactions.find('i1'), undefined);

    const admin = new pg.Client({
      host: fixture.cluster.host,
      port: fixture.cluster.port,
      database: 'identity',
      user: 'postgres',
      password: fixture.cluster.superuserPassword,
    });
    await admin.connect();
    await admin.query(
      `UPDATE oidc_payloads SET expires_at = now() - interval '2 hours' WHERE id = 'i1'`,
    );
    await admin.end();
    assert.ok((await deleteExpiredPayloads(pool)) >= 1);
    const { rowCount } = await pool.query(`SELECT 1 FROM oidc_payloads WHERE id = 'i1'`);
    assert.equal(rowCount, 0);
  });

  test('revokes by grant id only the rows of its own model', async () => {
    const factory = createPgAdapterFactory(pool);
    const refresh = factory('RefreshToken');
    const codes = factory('AuthorizationCode');
    await refresh.upsert('r1', { grantId: 'g2' }, 60);
    await refresh.upsert('r2', { grantId: 'g3' }, 60);
    await codes.upsert('c2', { grantId: 'g2' }, 60);
    await refresh.revokeByGrantId('g2');
    assert.equal(await refresh.find('r1'), undefined);
    assert.deepEqual(await refresh.find('r2'), { grantId: 'g3' });
    assert.deepEqual(await codes.find('c2'), { grantId: 'g2' });
  });

  test('destroys a payload', async () => {
    const grants = createPgAdapterFactory(pool)('Grant');
    await grants.upsert('g4', { accountId: 'a' }, 60);
    await grants.destroy('g4');
    assert.equal(await grants.find('g4'), undefined);
  });

  test('finds by user code', async () => {
    const devices = createPgAdapterFactory(pool)('DeviceCode');
    await devices.upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
    assert.deepEqual(await devices.findByUserCode('ABCD-EFGH'), { userCode: 'ABCD-EFGH' });
  });
});
