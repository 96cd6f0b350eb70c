import { runCompose } from '../docker/run-docker.ts';

// What `docker compose config --format json` says about a bundle once variables, profiles and
// scale are applied: the facts start, status and health work from.
export interface ResolvedService {
  name: string;
  image: string;
  replicas: number;
  oneShot: boolean;
  hasHealthcheck: boolean;
  healthcheckTest: string[];
  environment: Record<string, string>;
  dependsOn: string[];
  // A range (`9230-9279`) gives each replica one free port of it: published to lastPublished.
  publishedPorts: { hostIp: string; published: number; lastPublished: number; target: number }[];
  secrets: string[];
  // The `user:` the bundle or an override sets, instead of the image's own user.
  user?: string;
}

export interface ResolvedStack {
  name: string;
  services: ResolvedService[];
  secretFiles: { name: string; file: string }[];
  volumes: string[];
}

interface RawService {
  image?: string;
  deploy?: { replicas?: number };
  scale?: number;
  healthcheck?: { test?: unknown; disable?: boolean };
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition?: string }>;
  ports?: { host_ip?: string; published?: string | number; target: number }[];
  secrets?: { source: string }[];
  user?: string;
}

interface RawConfig {
  name: string;
  services: Record<string, RawService>;
  secrets?: Record<string, { file?: string }>;
  volumes?: Record<string, unknown>;
}

export function resolveStack(raw: RawConfig, scale: Record<string, number> = {}): ResolvedStack {
  const oneShots = new Set<string>();
  for (const service of Object.values(raw.services)) {
    for (const [dependency, spec] of Object.entries(service.depends_on ?? {})) {
      if (spec.condition === 'service_completed_successfully') oneShots.add(dependency);
    }
  }

  const services = Object.entries(raw.services)
    .map(([name, service]): ResolvedService => {
      const environment: Record<string, string> = {};
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (value !== null) environment[key] = value;
      }
      const test = service.healthcheck?.test;
      return {
        name,
        image: service.image ?? '',
        replicas: scale[name] ?? service.deploy?.replicas ?? service.scale ?? 1,
        oneShot: oneShots.has(name),
        hasHealthcheck:
          service.healthcheck?.disable !== true &&
          Array.isArray(test) &&
          test.length > 0 &&
          test[0] !== 'NONE',
        healthcheckTest: Array.isArray(test) ? test.map(String) : [],
        environment,
        dependsOn: Object.keys(service.depends_on ?? {}),
        publishedPorts: (service.ports ?? [])
          .filter((port) => port.published !== undefined && port.published !== '')
          .map((port) => {
            const [first = '', last = first] = String(port.published).split('-');
            return {
              hostIp: port.host_ip ?? '0.0.0.0',
              published: Number(first),
              lastPublished: Number(last),
              target: port.target,
            };
          }),
        secrets: (service.secrets ?? []).map((secret) => secret.source),
        ...(service.user === undefined ? {} : { user: String(service.user) }),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    name: raw.name,
    services,
    secretFiles: Object.entries(raw.secrets ?? {})
      .filter(([, secret]) => secret.file !== undefined)
      .map(([name, secret]) => ({ name, file: secret.file! })),
    volumes: Object.keys(raw.volumes ?? {}),
  };
}

export async function loadResolvedStack(
  project: string,
  files: string[],
  options: { profiles?: string[]; scale?: Record<string, number>; env?: Record<string, string> },
): Promise<ResolvedStack> {
  const profileArgs = (options.profiles ?? []).flatMap((profile) => ['--profile', profile]);
  const result = await runCompose(project, files, [...profileArgs, 'config', '--format', 'json'], {
    env: options.env,
  });
  return resolveStack(JSON.parse(result.stdout) as RawConfig, options.scale);
}
