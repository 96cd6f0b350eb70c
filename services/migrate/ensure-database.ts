import type { DatabaseConfig } from '../shared/config.ts';
import type { Logger } from '../shared/logger.ts';
import { connectWhenReady } from './connect-when-ready.ts';

// The postgres image creates the database from POSTGRES_DB on first start; creating it here
// too lets migrate work against any server, e.g. an existing cluster. The maintenance database
// `postgres` always exists.
export async function ensureDatabase(
  admin: DatabaseConfig,
  name: string,
  logger: Logger,
): Promise<void> {
  const client = await connectWhenReady({ ...admin, database: 'postgres' }, logger);
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      logger.info({ database: name }, 'database created');
    }
  } catch (error) {
    // Two migrate runs may both see it missing; the loser's "already exists" is success.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}
