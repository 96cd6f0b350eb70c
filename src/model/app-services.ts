// The application services: one image, the command picks the role. Ports and public paths follow
// docs/architecture.md ("Services").
export const appServiceNames = ['authz', 'idp', 'rs', 'spa'] as const;

export type AppServiceName = (typeof appServiceNames)[number];

export interface AppServiceSpec {
  name: AppServiceName;
  port: number;
  // The path prefix the proxy routes to the service; '/' is the default route.
  publicPath: string;
  usesDatabase: boolean;
  // Holds the provider's keys and clients (cookie keys, JWKS, clients file).
  holdsProviderKeys: boolean;
}

export const appServices: Record<AppServiceName, AppServiceSpec> = {
  authz: {
    name: 'authz',
    port: 3000,
    publicPath: '/',
    usesDatabase: true,
    holdsProviderKeys: true,
  },
  idp: {
    name: 'idp',
    port: 3001,
    publicPath: '/interaction/',
    usesDatabase: true,
    holdsProviderKeys: true,
  },
  rs: { name: 'rs', port: 3002, publicPath: '/api/', usesDatabase: true, holdsProviderKeys: false },
  spa: {
    name: 'spa',
    port: 3003,
    publicPath: '/app/',
    usesDatabase: false,
    holdsProviderKeys: false,
  },
};

// `stats` listens on the proxy's own loopback only: the CLI reads which replicas each backend
// routes to from inside the proxy container.
export const proxyPorts = { http: 8080, https: 8443, health: 8405, stats: 8406 } as const;

export const postgresPort = 5432;

// Replicas per app service: the proxy's server-template reserves this many slots, and the dev
// profile's debug port range holds this many ports per service.
export const maxReplicas = 50;

// Dev publishes the Node inspector of replica n of a service on one port of the service's block.
export const debugPortBase = 9230;

export function debugPortRange(service: AppServiceName): { first: number; last: number } {
  const first = debugPortBase + appServiceNames.indexOf(service) * maxReplicas;
  return { first, last: first + maxReplicas - 1 };
}
