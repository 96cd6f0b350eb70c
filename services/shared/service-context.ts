import type { DatabaseConfig } from './config.ts';
import { checkDatabase, createPool, describeDatabaseError, type Pool } from './db-pool.ts';
import type { Env } from './file-env.ts';
import type { RunningService } from './http-server.ts';
import type { Logger } from './logger.ts';

// What `main.ts` hands every long-running service: its environment and its logger. A service
// returns once it listens; `main.ts` wires signals to its `stop`.
export type ServiceStarter = (env: Env, logger: Logger) => Promise<RunningService>;

export function openDatabase(config: DatabaseConfig, logger: Logger, service: string): Pool {
  return createPool(config, logger, { applicationName: `identity-${service}` });
}

// The readiness check reports the operator-facing reason (wrong password, missing database)
// rather than the driver's raw error.
export function databaseCheck(pool: Pool, config: DatabaseConfig): () => Promise<void> {
  return async () => {
    try {
      await checkDatabase(pool);
    } catch (error) {
      throw describeDatabaseError(error, config);
    }
  };
}

// The database may start after us (Compose orders start-up, not readiness), so a failed first
// probe is reported, not fatal: `/readyz` stays 503 until it is reachable.
export async function probeDatabaseOnce(check: () => Promise<void>, logger: Logger): Promise<void> {
  try {
    await check();
  } catch (error) {
    logger.error({ err: error }, 'database is not usable yet');
  }
}
