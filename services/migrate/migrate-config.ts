import { type DatabaseConfig, loadDatabaseConfig } from '../shared/config.ts';
import { type Env, requireFileEnv } from '../shared/file-env.ts';
import { ServiceError } from '../shared/service-error.ts';

export type MigrateConfig = {
  // The superuser connection that applies migrations.
  admin: DatabaseConfig;
  // The role the services use; migrate creates it and sets its password.
  app: DatabaseConfig;
  seedDemo: boolean;
};

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

export function loadMigrateConfig(env: Env): MigrateConfig {
  const app = loadDatabaseConfig(env);
  const adminUser = env['POSTGRES_USER'] ?? 'postgres';
  for (const [variable, name] of [
    ['PGUSER', app.user],
    ['PGDATABASE', app.database],
    ['POSTGRES_USER', adminUser],
  ] as const) {
    if (!identifier.test(name)) {
      throw new ServiceError(
        `${variable} "${name}" is not a plain identifier, expected [a-z_][a-z0-9_]*`,
        {
          code: 'config_invalid',
        },
      );
    }
  }
  if (app.user === adminUser) {
    throw new ServiceError(`PGUSER "${app.user}" is the superuser, expected the application role`, {
      code: 'config_invalid',
      hint: 'set PGUSER=identity_app',
    });
  }

  return {
    admin: { ...app, user: adminUser, password: requireFileEnv('POSTGRES_PASSWORD', env) },
    app,
    seedDemo: parseBoolean('SEED_DEMO', env['SEED_DEMO']),
  };
}

function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new ServiceError(`${name} "${value}" is not a boolean, expected true or false`, {
    code: 'config_invalid',
  });
}
