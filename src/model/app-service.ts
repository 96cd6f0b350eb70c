import { appServices, debugPortRange, type AppServiceName } from './app-services.ts';
import type { ComposeService } from './compose-types.ts';
import { harden, limitsFor } from './hardening.ts';
import { appProbe, healthcheck } from './healthcheck.ts';
import { images, issuerUrl, otlpEndpoint } from './images.ts';
import type { Profile } from './profiles.ts';
import { secretPath, type SecretName } from './secrets.ts';

export interface AppServiceOptions {
  profile: Profile;
  replicas: number;
  observability: boolean;
}

const appLimits = { cpus: '1.0', memory: '256m', pids: 128 };

export function databaseEnvironment(): Record<string, string> {
  return {
    PGHOST: 'postgres',
    PGPORT: '5432',
    PGDATABASE: 'identity',
    PGUSER: 'identity_app',
    PGPASSWORD_FILE: secretPath('db_app_password'),
  };
}

export function commonEnvironment(
  name: string,
  options: { profile: Profile; observability: boolean },
): Record<string, string> {
  return {
    IDENTITY_ISSUER: issuerUrl(options.profile.tls),
    LOG_LEVEL: options.profile.logLevel,
    LOG_FORMAT: options.profile.logFormat,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint(options.observability),
    OTEL_SERVICE_NAME: name,
  };
}

function environmentFor(name: AppServiceName, options: AppServiceOptions): Record<string, string> {
  const spec = appServices[name];
  const env: Record<string, string> = {
    ...commonEnvironment(name, options),
    PORT: String(spec.port),
  };
  if (spec.usesDatabase) Object.assign(env, databaseEnvironment());
  if (spec.holdsProviderKeys) {
    env['COOKIE_KEYS_FILE'] = secretPath('cookie_keys');
    env['JWKS_FILE'] = secretPath('jwks');
    env['CLIENTS_FILE'] = '/etc/identity/clients.json';
  }
  if (spec.holdsProviderKeys || name === 'rs') {
    env['RS_AUDIENCE'] = `${issuerUrl(options.profile.tls)}/api`;
  }
  if (name === 'rs') env['JWKS_URI'] = `http://authz:${appServices.authz.port}/jwks`;
  return env;
}

function secretsFor(name: AppServiceName, profile: Profile): SecretName[] {
  const spec = appServices[name];
  const secrets: SecretName[] = [];
  if (spec.usesDatabase) secrets.push('db_app_password');
  if (spec.holdsProviderKeys) {
    secrets.push('cookie_keys', 'jwks', 'probe_client_secret');
    if (profile.demoMaterial) secrets.push('demo_client_secret');
  }
  return secrets;
}

// Secrets the provider reads through `client_secret_file` in the clients config.
function clientSecrets(secrets: SecretName[]): SecretName[] {
  return secrets.filter((name) => name === 'demo_client_secret' || name === 'probe_client_secret');
}

export function appService(name: AppServiceName, options: AppServiceOptions): ComposeService {
  const { profile } = options;
  const spec = appServices[name];
  const secrets = secretsFor(name, profile);
  const service: ComposeService = {
    image: images.app,
    command: [name],
    environment: environmentFor(name, options),
    healthcheck: healthcheck(appProbe(spec.port), profile.probes),
    'x-identity': { lifetime: 'long-running', scalable: true },
  };
  if (secrets.length > 0) service.secrets = secrets;
  if (clientSecrets(secrets).length > 0) {
    service['x-identity']!['secrets-via-config'] = clientSecrets(secrets);
  }
  if (spec.holdsProviderKeys) {
    service.configs = [{ source: `clients_${profile.name}`, target: '/etc/identity/clients.json' }];
  }
  if (spec.usesDatabase) {
    service.depends_on = {
      postgres: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    };
  }
  if (profile.debugPorts) {
    const range = debugPortRange(name);
    // One port of the block per replica; Docker picks a free one for each container.
    service.ports = [`127.0.0.1:${range.first}-${range.last}:9229`];
    service.entrypoint = [
      'tini',
      '--',
      'node',
      '--watch',
      '--inspect=0.0.0.0:9229',
      '/app/main.ts',
    ];
  }
  if (profile.mountSources) service.volumes = ['../../services:/app:ro'];
  Object.assign(service, harden(profile, { writable: ['/tmp'], limits: appLimits }));
  service.deploy = { replicas: options.replicas, ...limitsFor(profile, appLimits) };
  return service;
}
