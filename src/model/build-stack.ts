import { appServiceNames } from './app-services.ts';
import { appService } from './app-service.ts';
import type { ComposeFile, ComposeService } from './compose-types.ts';
import { migrateService, postgresService } from './data-services.ts';
import { observabilityServices } from './observability-services.ts';
import type { Profile, Scale } from './profiles.ts';
import { proxyConfigName, proxyService } from './proxy-service.ts';
import { secretsForProfile } from './secrets.ts';

export interface StackOptions {
  profile: Profile;
  scale: Scale;
  // Render the observability services always on and point the services at the collector.
  observability: boolean;
}

export const projectName = 'identity';

// Config files a bundle references, by Compose config name, relative to the bundle folder.
export function configFiles(profile: Profile): Record<string, string> {
  return {
    [`clients_${profile.name}`]: `./config/clients.${profile.name}.json`,
    [proxyConfigName(profile)]: profile.tls ? './config/haproxy.tls.cfg' : './config/haproxy.cfg',
    otel_collector: './config/otel-collector.yaml',
  };
}

// The whole stack for one profile as a Compose document. Pure: the same options give an equal
// object, with nothing taken from the machine, the clock or the checkout path.
export function buildStack(options: StackOptions): ComposeFile {
  const { profile, scale, observability } = options;
  const services: Record<string, ComposeService> = {
    postgres: postgresService(profile),
    migrate: migrateService(profile, observability),
  };
  for (const name of appServiceNames) {
    services[name] = appService(name, { profile, replicas: scale[name], observability });
  }
  services['proxy'] = proxyService(profile);
  Object.assign(services, observabilityServices(profile, observability));

  const secrets: ComposeFile['secrets'] = {};
  for (const name of secretsForProfile(profile)) secrets[name] = { file: `./secrets/${name}` };

  const configs: ComposeFile['configs'] = {};
  for (const [name, file] of Object.entries(configFiles(profile))) configs[name] = { file };

  const stack: ComposeFile = { name: projectName, services, secrets, configs };
  if (profile.databaseStorage === 'volume') stack.volumes = { pgdata: {} };
  return stack;
}
