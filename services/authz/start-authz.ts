import { createProvider } from '../oidc/create-provider.ts';
import { loadProviderSettings } from '../oidc/load-provider-settings.ts';
import { deleteExpiredPayloads } from '../oidc/pg-adapter.ts';
import { logProviderEvents } from '../oidc/provider-events.ts';
import { loadCommonConfig, loadDatabaseConfig } from '../shared/config.ts';
import { createHealthRoutes } from '../shared/health.ts';
import { startHttpService } from '../shared/http-server.ts';
import {
  databaseCheck,
  openDatabase,
  probeDatabaseOnce,
  type ServiceStarter,
} from '../shared/service-context.ts';

const cleanupIntervalMs = 10 * 60_000;

// authz: the OAuth 2.1 authorization server and OpenID provider (oidc-provider on PostgreSQL).
export const startAuthz: ServiceStarter = async (env, logger) => {
  const common = loadCommonConfig(env, 3000);
  const settings = loadProviderSettings(env, common.issuer);
  const database = loadDatabaseConfig(env);

  const pool = openDatabase(database, logger, 'authz');
  const provider = createProvider({ ...settings, pool });
  logProviderEvents(provider, logger);
  const checkDb = databaseCheck(pool, database);
  await probeDatabaseOnce(checkDb, logger);

  const cleanup = setInterval(() => {
    deleteExpiredPayloads(pool).then(
      (count) => logger.debug({ count }, 'expired oidc payloads deleted'),
      (error: unknown) => logger.warn({ err: error }, 'deleting expired oidc payloads failed'),
    );
  }, cleanupIntervalMs);
  cleanup.unref();

  logger.info(
    { issuer: common.issuer, clients: settings.clients.map((client) => client.client_id) },
    'authz configured',
  );
  return startHttpService({
    port: common.port,
    logger,
    health: createHealthRoutes({ database: checkDb }),
    handler: provider.callback(),
    close: async () => {
      clearInterval(cleanup);
      await pool.end();
    },
  });
};
