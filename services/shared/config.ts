import { type Env, requireFileEnv } from './file-env.ts';
import { ServiceError } from './service-error.ts';

export type LogFormat = 'json' | 'pretty';

export type DatabaseConfig = {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  // Where the password came from (PGPASSWORD_FILE): read again for every new connection, so a
  // rotated password reaches a running replica without a restart.
  passwordFile?: string;
};

export type CommonConfig = {
  issuer: string;
  port: number;
  logLevel: string;
  logFormat: LogFormat;
};

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

// Settings every long-running service reads (docs/architecture.md, Environment).
export function loadCommonConfig(env: Env, defaultPort: number): CommonConfig {
  return {
    issuer: loadIssuer(env),
    port: parsePort('PORT', env['PORT'], defaultPort),
    logLevel: loadLogLevel(env),
    logFormat: loadLogFormat(env),
  };
}

export function loadDatabaseConfig(env: Env): DatabaseConfig {
  return {
    host: env['PGHOST'] ?? '127.0.0.1',
    port: parsePort('PGPORT', env['PGPORT'], 5432),
    database: env['PGDATABASE'] ?? 'identity',
    user: env['PGUSER'] ?? 'identity_app',
    password: requireFileEnv('PGPASSWORD', env),
    ...(env['PGPASSWORD_FILE'] === undefined ? {} : { passwordFile: env['PGPASSWORD_FILE'] }),
  };
}

export function loadLogLevel(env: Env): string {
  const level = env['LOG_LEVEL'] ?? 'info';
  if (!logLevels.includes(level)) {
    throw new ServiceError(
      `LOG_LEVEL "${level}" is not a level, expected one of ${logLevels.join(', ')}`,
      {
        code: 'config_invalid',
      },
    );
  }
  return level;
}

export function loadLogFormat(env: Env): LogFormat {
  const format = env['LOG_FORMAT'] ?? 'json';
  if (format !== 'json' && format !== 'pretty') {
    throw new ServiceError(`LOG_FORMAT "${format}" is not a format, expected json or pretty`, {
      code: 'config_invalid',
    });
  }
  return format;
}

export function requireEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ServiceError(`${name} is not set`, { code: 'config_missing' });
  }
  return value;
}

export function requireUrl(env: Env, name: string): URL {
  const value = requireEnv(env, name);
  if (!URL.canParse(value)) {
    throw new ServiceError(
      `${name} "${value}" is not a URL, expected e.g. http://authz:3000/jwks`,
      {
        code: 'config_invalid',
      },
    );
  }
  return new URL(value);
}

// Compared byte for byte with the `aud` claim, so authz and rs use the value exactly as given.
export function loadAudience(env: Env): string {
  requireUrl(env, 'RS_AUDIENCE');
  return requireEnv(env, 'RS_AUDIENCE');
}

function loadIssuer(env: Env): string {
  const url = requireUrl(env, 'IDENTITY_ISSUER');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServiceError(`IDENTITY_ISSUER "${url.href}" must be an http or https URL`, {
      code: 'config_invalid',
    });
  }
  if (url.search || url.hash) {
    throw new ServiceError(`IDENTITY_ISSUER "${url.href}" must not have a query or fragment`, {
      code: 'config_invalid',
    });
  }
  // The issuer is compared byte for byte in tokens; one canonical form avoids a trailing-slash
  // mismatch between authz and rs.
  return url.href.replace(/\/$/, '');
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  // 0 asks the system for a free port: tests start several services in one process.
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ServiceError(`${name} "${value}" is not a port, expected 0-65535`, {
      code: 'config_invalid',
    });
  }
  return port;
}
