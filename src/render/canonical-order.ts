// The canonical key order of a rendered bundle. Keys listed here come first in this order; any
// other key of the same mapping follows in code-point order. Mappings marked `insertion` keep the
// model's order (services read top-down: data, jobs, app, proxy, observability).
const orders: Record<string, readonly string[] | 'insertion'> = {
  root: ['name', 'services', 'volumes', 'secrets', 'configs'],
  services: 'insertion',
  service: [
    'profiles',
    'image',
    'entrypoint',
    'command',
    'user',
    'environment',
    'secrets',
    'configs',
    'volumes',
    'tmpfs',
    'ports',
    'depends_on',
    'healthcheck',
    'read_only',
    'cap_drop',
    'cap_add',
    'security_opt',
    'restart',
    'stop_grace_period',
    'logging',
    'deploy',
  ],
  healthcheck: ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval'],
  deploy: ['replicas', 'resources'],
  limits: ['cpus', 'memory', 'pids'],
  mount: ['source', 'target'],
};

function childKind(kind: string, key: string): string {
  if (kind === 'root') return key === 'services' ? 'services' : 'map';
  if (kind === 'services') return 'service';
  if (kind === 'service') {
    if (key === 'healthcheck' || key === 'deploy') return key;
    if (key === 'configs') return 'mount';
    return 'map';
  }
  if (kind === 'deploy' && key === 'resources') return 'resources';
  if (kind === 'resources') return 'limits';
  return 'map';
}

function compareKeys(order: readonly string[]) {
  return (a: string, b: string): number => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia !== -1 || ib !== -1)
      return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

// Returns a copy of `value` with every mapping's keys in canonical order and `undefined` fields
// dropped. Arrays keep their order: in Compose it is meaningful (commands, mounts, ports).
export function canonicalize(value: unknown, kind = 'root'): unknown {
  if (Array.isArray(value))
    return value.map((item) => canonicalize(item, kind === 'service' ? 'mount' : kind));
  if (value === null || typeof value !== 'object') return value;
  const order = orders[kind] ?? [];
  const keys = Object.keys(value).filter(
    (key) => (value as Record<string, unknown>)[key] !== undefined,
  );
  if (order !== 'insertion') keys.sort(compareKeys(order));
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    result[key] = canonicalize((value as Record<string, unknown>)[key], childKind(kind, key));
  }
  return result;
}
