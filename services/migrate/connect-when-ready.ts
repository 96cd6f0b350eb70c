import pg from 'pg';

import type { DatabaseConfig } from '../shared/config.ts';
import type { Logger } from '../shared/logger.ts';

const retryForMs = 30_000;
const retryDelayMs = 1_000;
// Refused connections and "the database system is starting up" mean: not yet, try again.
const transientCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', '57P03']);

export async function connectWhenReady(config: DatabaseConfig, logger: Logger): Promise<pg.Client> {
  const deadline = Date.now() + retryForMs;
  for (let attempt = 1; ; attempt += 1) {
    const client = new pg.Client({ ...config, application_name: 'identity-migrate' });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {
        // The connection never opened; there is nothing to close.
      });
      const code = (error as { code?: string }).code ?? '';
      if (!transientCodes.has(code) || Date.now() >= deadline) throw error;
      logger.info({ attempt, code }, 'database not ready, retrying');
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
  }
}
