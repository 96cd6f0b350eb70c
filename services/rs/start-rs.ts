import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';

import {
  loadAudience,
  loadCommonConfig,
  loadDatabaseConfig,
  requireUrl,
} from '../shared/config.ts';
import { createHealthRoutes } from '../shared/health.ts';
import { ServiceError } from '../shared/service-error.ts';
import { startHttpService } from '../shared/http-server.ts';
import { tracedFetch } from '../shared/traced-fetch.ts';
import {
  databaseCheck,
  openDatabase,
  probeDatabaseOnce,
  type ServiceStarter,
} from '../shared/service-context.ts';
import { createAccessTokenVerifier } from './access-token.ts';
import { createApiRoutes } from './api-routes.ts';

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;

// rs: the protected JSON API. Tokens are checked locally against the authz key set, fetched from
// inside the network (JWKS_URI) and cached: a token with an unknown `kid` (after a key rotation)
// triggers one refetch, then no other for the cooldown, so forged kids cannot flood authz.
export const startRs: ServiceStarter = async (env, logger) => {
  const common = loadCommonConfig(env, 3002);
  const audience = loadAudience(env);
  const jwksUri = requireUrl(env, 'JWKS_URI');
  const cooldownMs = parseCooldown(env['JWKS_COOLDOWN_MS']);
  const database = loadDatabaseConfig(env);

  const keys = createRemoteJWKSet(jwksUri, {
    timeoutDuration: 3_000,
    cooldownDuration: cooldownMs,
    cacheMaxAge: 10 * 60_000,
    // A fetch for an unknown `kid` is part of the request that brought the token: its span and
    // the authz span it causes join that request's trace.
    [customFetch]: tracedFetch,
  });
  const verify = createAccessTokenVerifier({
    keys: keys as JWTVerifyGetKey,
    issuer: common.issuer,
    audience,
  });
  const pool = openDatabase(database, logger, 'rs');
  const checkDb = databaseCheck(pool, database);
  await probeDatabaseOnce(checkDb, logger);

  logger.info({ issuer: common.issuer, audience, jwksUri: jwksUri.href }, 'rs configured');
  return startHttpService({
    port: common.port,
    logger,
    health: createHealthRoutes({ database: checkDb, jwks: () => checkKeys(keys) }),
    handler: createApiRoutes(verify, pool, logger),
    close: () => pool.end(),
  });
};

function parseCooldown(value: string | undefined): number {
  if (value === undefined || value === '') return 30_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 3_600_000) {
    throw new ServiceError(`JWKS_COOLDOWN_MS "${value}" is not a duration, expected 0-3600000`, {
      code: 'config_invalid',
    });
  }
  return ms;
}

// Ready once keys are cached. Stale keys still verify tokens while authz is briefly away, so a
// failed refresh only fails readiness when nothing was ever fetched.
async function checkKeys(keys: RemoteKeys): Promise<void> {
  if (keys.fresh) return;
  try {
    await keys.reload();
  } catch (error) {
    if (!keys.jwks()) throw error;
  }
}
