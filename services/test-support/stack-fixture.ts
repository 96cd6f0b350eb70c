import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { exportJWK, generateKeyPair } from 'jose';
import { pino } from 'pino';

import { runMigrate } from '../migrate/run-migrate.ts';
import type { Env } from '../shared/file-env.ts';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';

export type StackFixture = {
  cluster: PostgresCluster;
  secretsDir: string;
  // Environment shared by every service; add IDENTITY_ISSUER, PORT, RS_AUDIENCE, JWKS_URI.
  env: Env;
  // Environment of the migrate job (superuser password, seed).
  migrateEnv: Env;
  demoClientSecret: string;
  stop(): Promise<void>;
};

export const silentLogger = pino({ level: 'silent' });

// Secret files laid out as `identity secrets init` does, a clients file like the demo profile's,
// and a migrated, seeded database: what a service container finds at start.
export async function startStackFixture(): Promise<StackFixture> {
  const cluster = await startPostgresCluster();
  const secretsDir = mkdtempSync(join(tmpdir(), 'identity-svc-secrets-'));
  const write = (name: string, content: string) => {
    const path = join(secretsDir, name);
    writeFileSync(path, content, { mode: 0o444 });
    return path;
  };

  const demoClientSecret = randomBytes(24).toString('base64url');
  write('postgres_password', `${cluster.superuserPassword}\n`);
  write('db_app_password', `${randomBytes(24).toString('base64url')}\n`);
  write(
    'cookie_keys',
    `${randomBytes(32).toString('base64url')}\n${randomBytes(32).toString('base64url')}\n`,
  );
  write('jwks', JSON.stringify(await createPrivateJwks()));
  write('demo_client_secret', demoClientSecret);
  write('probe_client_secret', randomBytes(24).toString('base64url'));
  write('clients.json', JSON.stringify(demoClients(secretsDir), null, 2));

  const env: Env = {
    PGHOST: cluster.host,
    PGPORT: String(cluster.port),
    PGDATABASE: 'identity',
    PGUSER: 'identity_app',
    PGPASSWORD_FILE: join(secretsDir, 'db_app_password'),
    COOKIE_KEYS_FILE: join(secretsDir, 'cookie_keys'),
    JWKS_FILE: join(secretsDir, 'jwks'),
    CLIENTS_FILE: join(secretsDir, 'clients.json'),
    LOG_LEVEL: 'silent',
  };
  const migrateEnv: Env = {
    ...env,
    POSTGRES_PASSWORD_FILE: join(secretsDir, 'postgres_password'),
    SEED_DEMO: 'true',
  };
  await runMigrate(migrateEnv, silentLogger);

  return {
    cluster,
    secretsDir,
    env,
    migrateEnv,
    demoClientSecret,
    stop: async () => {
      await cluster.stop();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}

export async function createPrivateJwks(): Promise<{ keys: Record<string, unknown>[] }> {
  const ec = await generateKeyPair('ES256', { extractable: true });
  const rsa = await generateKeyPair('RS256', { extractable: true });
  return {
    keys: [
      { ...(await exportJWK(ec.privateKey)), kid: 'test-es256', use: 'sig', alg: 'ES256' },
      { ...(await exportJWK(rsa.privateKey)), kid: 'test-rs256', use: 'sig', alg: 'RS256' },
    ],
  };
}

// The demo profile's clients (docs/architecture.md, Clients).
export function demoClients(secretsDir: string): Record<string, unknown>[] {
  return [
    {
      client_id: 'spa',
      client_name: 'identity demo app',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['{origin}/app/callback'],
      post_logout_redirect_uris: ['{origin}/app/'],
      scope: 'openid profile email offline_access items:read',
    },
    {
      client_id: 'demo-service',
      client_secret_file: join(secretsDir, 'demo_client_secret'),
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'items:read',
    },
    {
      client_id: 'identity-probe',
      client_secret_file: join(secretsDir, 'probe_client_secret'),
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'items:read',
    },
  ];
}
