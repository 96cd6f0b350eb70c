import { createProvider } from '../oidc/create-provider.ts';
import { loadProviderSettings } from '../oidc/load-provider-settings.ts';
import { loadCommonConfig, loadDatabaseConfig } from '../shared/config.ts';
import { createHealthRoutes } from '../shared/health.ts';
import { startHttpService } from '../shared/http-server.ts';
import {
  databaseCheck,
  openDatabase,
  probeDatabaseOnce,
  type ServiceStarter,
} from '../shared/service-context.ts';
import { createInteractionRoutes } from './interaction-routes.ts';

// idp: sign-in and consent pages. It builds the same provider as authz (issuer, storage, cookie
// keys) but serves none of its endpoints: only `/interaction/*`, through the same proxy origin,
// so the provider's interaction cookies reach it.
export const startIdp: ServiceStarter = async (env, logger) => {
  const common = loadCommonConfig(env, 3001);
  const settings = loadProviderSettings(env, common.issuer);
  const database = loadDatabaseConfig(env);

  const pool = openDatabase(database, logger, 'idp');
  const provider = createProvider({ ...settings, pool });
  const checkDb = databaseCheck(pool, database);
  await probeDatabaseOnce(checkDb, logger);

  return startHttpService({
    port: common.port,
    logger,
    health: createHealthRoutes({ database: checkDb }),
    handler: createInteractionRoutes(provider, pool, logger),
    close: () => pool.end(),
  });
};
