import { commonEnvironment, databaseEnvironment } from './app-service.ts';
import type { ComposeService } from './compose-types.ts';
import { harden, limitsFor } from './hardening.ts';
import { healthcheck } from './healthcheck.ts';
import { images } from './images.ts';
import type { Profile } from './profiles.ts';
import { secretPath } from './secrets.ts';

const postgresData = '/var/lib/postgresql/data';

const postgresLimits = { cpus: '2.0', memory: '1g', pids: 256 };

const migrateLimits = { cpus: '1.0', memory: '256m', pids: 64 };

export function postgresService(profile: Profile): ComposeService {
  const service: ComposeService = {
    image: images.postgres,
    environment: {
      POSTGRES_DB: 'identity',
      POSTGRES_PASSWORD_FILE: secretPath('postgres_password'),
      POSTGRES_USER: 'postgres',
    },
    secrets: ['postgres_password'],
    healthcheck: healthcheck(
      ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-d', 'identity'],
      profile.probes,
    ),
    'x-identity': { lifetime: 'long-running', scalable: false },
  };
  if (profile.databaseStorage === 'volume') service.volumes = [`pgdata:${postgresData}`];

  // The image's entrypoint starts as root to prepare the data folder, then drops to the postgres
  // user: it needs these capabilities back and nothing else.
  Object.assign(
    service,
    harden(profile, {
      writable: ['/tmp', '/var/run/postgresql'],
      limits: postgresLimits,
      capAdd: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
    }),
  );
  if (profile.databaseStorage === 'tmpfs') {
    service.tmpfs = [...(service.tmpfs ?? []), postgresData];
  }
  const deploy = limitsFor(profile, postgresLimits);
  if (deploy !== undefined) service.deploy = deploy;
  return service;
}

// One-shot: applies migrations (and the demo seed) and exits 0. authz, idp and rs wait for it
// with service_completed_successfully, which is also what lets `up --wait` accept its exit.
export function migrateService(profile: Profile, observability: boolean): ComposeService {
  const service: ComposeService = {
    image: images.app,
    command: ['migrate'],
    environment: {
      ...commonEnvironment('migrate', { profile, observability }),
      ...databaseEnvironment(),
      POSTGRES_PASSWORD_FILE: secretPath('postgres_password'),
      SEED_DEMO: String(profile.seedDemoUsers),
    },
    secrets: ['postgres_password', 'db_app_password'],
    depends_on: { postgres: { condition: 'service_healthy' } },
    'x-identity': { lifetime: 'one-shot', scalable: false },
  };
  Object.assign(
    service,
    harden(profile, { writable: ['/tmp'], limits: migrateLimits, oneShot: true }),
  );
  const deploy = limitsFor(profile, migrateLimits);
  if (deploy !== undefined) service.deploy = deploy;
  return service;
}
