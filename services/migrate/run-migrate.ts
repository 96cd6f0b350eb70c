import { fileURLToPath } from 'node:url';

import { runner } from 'node-pg-migrate';

import { describeDatabaseError } from '../shared/db-pool.ts';
import { isServiceError } from '../shared/service-error.ts';
import type { Env } from '../shared/file-env.ts';
import type { Logger } from '../shared/logger.ts';
import { ensureAppRole, grantAppPrivileges } from './app-role.ts';
import { connectWhenReady } from './connect-when-ready.ts';
import { ensureDatabase } from './ensure-database.ts';
import { loadMigrateConfig } from './migrate-config.ts';
import { seedDemoData } from './seed-demo.ts';

export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

// One key for every migrate run of this product: concurrent runs (two `up`s, a scaled job)
// queue behind each other instead of racing on CREATE ROLE or a migration.
const advisoryLockKey = 7_142_020_250;

export type MigrateResult = { role: 'created' | 'updated'; applied: string[]; seeded: boolean };

// The one-shot migrate job: database, role, schema, grants, demo seed. Every step is idempotent,
// so running it again changes nothing but the role's password (rotation).
export async function runMigrate(env: Env, logger: Logger): Promise<MigrateResult> {
  const config = loadMigrateConfig(env);
  try {
    await ensureDatabase(config.admin, config.app.database, logger);
  } catch (error) {
    throw describeDatabaseError(error, { ...config.admin, database: 'postgres' });
  }

  let client;
  try {
    client = await connectWhenReady(config.admin, logger);
  } catch (error) {
    throw describeDatabaseError(error, config.admin);
  }
  try {
    await client.query(`SET lock_timeout = '120s'`);
    await client.query('SELECT pg_advisory_lock($1)', [advisoryLockKey]);

    const role = await ensureAppRole(client, config.app);
    logger.info({ role: config.app.user, change: role }, 'application role ready');

    const applied = await runner({
      dbClient: client,
      dir: migrationsDir,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      count: Number.POSITIVE_INFINITY,
      // Our advisory lock already covers the role, the migrations, the grants and the seed.
      noLock: true,
      checkOrder: true,
      log: (message: string) => logger.debug({ tool: 'node-pg-migrate' }, message),
    });
    const names = applied.map((migration) => migration.name);
    logger.info({ applied: names }, names.length ? 'migrations applied' : 'schema up to date');

    await grantAppPrivileges(client, config.app);
    let seeded = false;
    if (config.seedDemo) {
      const result = await seedDemoData(client);
      seeded = true;
      logger.info(result, 'demo data seeded');
    }
    return { role, applied: names, seeded };
  } catch (error) {
    throw isServiceError(error) ? error : describeDatabaseError(error, config.admin);
  } finally {
    // Ending the session releases the advisory lock even if unlocking was never reached.
    await client.end();
  }
}
