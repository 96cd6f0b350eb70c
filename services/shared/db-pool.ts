import pg from 'pg';

import type { DatabaseConfig } from './config.ts';
import { readSecretFile } from './file-env.ts';
import type { Logger } from './logger.ts';
import { ServiceError } from './service-error.ts';

export type Pool = pg.Pool;

export type PoolOptions = {
  max?: number;
  applicationName: string;
};

export function createPool(config: DatabaseConfig, logger: Logger, options: PoolOptions): Pool {
  const pool = new pg.Pool({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: passwordSource(config, logger),
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // Bounds a hung query so that a request fails instead of holding its connection forever.
    statement_timeout: 10_000,
  });

  // An idle client can lose its connection (database restart); pg emits it here and would crash
  // the process if nobody listened. The pool replaces the client on the next checkout.
  pool.on('error', (error) => {
    logger.warn({ err: describeDatabaseError(error, config) }, 'idle database connection failed');
  });
  return pool;
}

// `identity secrets rotate db_app_password` changes the password in PostgreSQL and in the file
// together. Open connections keep working (PostgreSQL checks a password only at log-in), and
// every new connection reads the file again, so a replica never logs in with a stale password.
function passwordSource(config: DatabaseConfig, logger: Logger): string | (() => string) {
  const file = config.passwordFile;
  if (file === undefined) return config.password;
  let last = config.password;
  let warned = false;
  return () => {
    try {
      last = readSecretFile('PGPASSWORD_FILE', file);
      warned = false;
    } catch (error) {
      // The file was readable at start-up; while it is being replaced the previous value is
      // still the best guess, and PostgreSQL reports a wrong one clearly.
      if (!warned) logger.warn({ err: error }, 'cannot read the database password again');
      warned = true;
    }
    return last;
  };
}

export async function checkDatabase(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}

// Turns the database errors an operator meets at start-up into messages naming what to check.
export function describeDatabaseError(error: unknown, config: DatabaseConfig): ServiceError {
  const code = (error as { code?: string }).code;
  const target = `${config.user}@${config.host}:${config.port}/${config.database}`;
  if (code === '28P01') {
    return new ServiceError(`database rejected the password of ${target}`, {
      code: 'db_auth_failed',
      hint: 'PGPASSWORD_FILE must hold the db_app_password secret that migrate set for the role',
      cause: error,
    });
  }
  if (code === '3D000') {
    return new ServiceError(`database of ${target} does not exist`, {
      code: 'db_missing',
      hint: 'run the migrate job first',
      cause: error,
    });
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ServiceError(`database ${target} is not reachable (${code})`, {
      code: 'db_unreachable',
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ServiceError(`database ${target} failed: ${message}`, {
    code: 'db_failed',
    cause: error,
  });
}
