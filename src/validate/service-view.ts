import { interpolate } from './interpolate.ts';
import { dependsOnMapping, isMapping, toMapping, type Mapping } from './merge-compose.ts';

// A service of the merged Compose model in the shapes the rules need, long syntax everywhere.
export interface ServiceView {
  name: string;
  raw: Mapping;
  image: string;
  profiles: string[];
  environment: Record<string, string | null>;
  secrets: { source: string; target: string }[];
  configs: { source: string; target: string }[];
  volumes: {
    type: 'bind' | 'volume' | 'tmpfs' | 'other';
    source: string;
    target: string;
    field: string;
  }[];
  ports: PortView[];
  dependsOn: Record<string, { condition: string; required: boolean }>;
  replicas: number;
  annotations: Mapping;
}

export interface PortView {
  field: string;
  text: string;
  hostIp: string;
  // '' when Docker picks an ephemeral port; '8080' or '9230-9279' otherwise.
  published: string;
  target: string;
}

const defaultsOnly: Record<string, string | undefined> = {};

function str(value: unknown): string {
  return value === undefined || value === null ? '' : interpolate(String(value), defaultsOnly);
}

function parseShortPort(text: string, field: string): PortView {
  const withoutProtocol = text.replace(/\/(tcp|udp|sctp)$/, '');
  const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(withoutProtocol);
  const rest = ipv6 ? ipv6[2]! : withoutProtocol;
  const parts = rest.split(':');
  const target = parts.pop() ?? '';
  let hostIp = ipv6 ? ipv6[1]! : '';
  let published = '';
  if (parts.length === 1) published = parts[0]!;
  if (parts.length >= 2 && !ipv6) {
    hostIp = parts[0]!;
    published = parts[1]!;
  }
  if (parts.length >= 1 && ipv6) published = parts[0]!;
  return { field, text, hostIp, published, target };
}

function portsOf(raw: unknown): PortView[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((port, i) => {
    const field = `ports[${i}]`;
    if (isMapping(port)) {
      return {
        field,
        text: JSON.stringify(port),
        hostIp: str(port['host_ip']),
        published: str(port['published']),
        target: str(port['target']),
      };
    }
    return parseShortPort(str(port), field);
  });
}

function mountsOf(raw: unknown): { source: string; target: string }[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((entry) =>
    isMapping(entry)
      ? { source: str(entry['source']), target: str(entry['target'] ?? entry['source']) }
      : { source: str(entry), target: str(entry) },
  );
}

function volumesOf(raw: unknown): ServiceView['volumes'] {
  if (!Array.isArray(raw)) return [];
  return raw.map((entry, i) => {
    const field = `volumes[${i}]`;
    if (isMapping(entry)) {
      const type = str(entry['type']);
      return {
        type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
        source: str(entry['source']),
        target: str(entry['target']),
        field,
      };
    }
    const [source = '', target = source] = str(entry).split(':');
    const bind = /^[./~]/.test(source);
    return { type: bind ? 'bind' : 'volume', source, target, field };
  });
}

export function serviceView(name: string, raw: Mapping): ServiceView {
  const environment: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(toMapping(raw['environment']) ?? {})) {
    environment[key] = value === null || value === undefined ? null : String(value);
  }
  const dependsOn: ServiceView['dependsOn'] = {};
  for (const [dependency, spec] of Object.entries(dependsOnMapping(raw['depends_on']))) {
    const condition = isMapping(spec) ? str(spec['condition']) : 'service_started';
    const required = isMapping(spec) ? spec['required'] !== false : true;
    dependsOn[dependency] = { condition: condition || 'service_started', required };
  }
  const deploy = isMapping(raw['deploy']) ? raw['deploy'] : {};
  const replicas = Number(str(deploy['replicas'] ?? raw['scale'] ?? 1)) || 1;
  return {
    name,
    raw,
    image: str(raw['image']),
    profiles: Array.isArray(raw['profiles']) ? raw['profiles'].map(String) : [],
    environment,
    secrets: mountsOf(raw['secrets']).map((s) => ({
      source: s.source,
      target: s.target.startsWith('/') ? s.target : `/run/secrets/${s.target}`,
    })),
    configs: mountsOf(raw['configs']).map((c) => ({
      source: c.source,
      target: c.target.startsWith('/') ? c.target : `/${c.target}`,
    })),
    volumes: volumesOf(raw['volumes']),
    ports: portsOf(raw['ports']),
    dependsOn,
    replicas,
    annotations: isMapping(raw['x-identity']) ? raw['x-identity'] : {},
  };
}
