// Every secret file the bundles mount, who reads it, and which profiles need it. The services
// read these through `<NAME>_FILE` variables (docs/architecture.md, "Secrets").
export const profileNames = ['demo', 'dev', 'ci', 'prod'] as const;
export type ProfileName = (typeof profileNames)[number];

export type SecretName =
  | 'postgres_password'
  | 'db_app_password'
  | 'cookie_keys'
  | 'jwks'
  | 'demo_client_secret'
  | 'probe_client_secret'
  | 'proxy_tls'
  | 'ca_cert';

export type SecretKind = 'password' | 'client-secret' | 'cookie-keys' | 'jwks' | 'tls' | 'ca';

export interface ContainerUser {
  // Undefined where the image decides (the proxy's user differs between upstream and offline).
  uid: number | undefined;
  name: string;
}

export const appUser: ContainerUser = { uid: 10001, name: 'app' };
export const postgresUser: ContainerUser = { uid: 999, name: 'postgres' };
export const proxyUser: ContainerUser = { uid: undefined, name: 'haproxy' };

export interface SecretSpec {
  name: SecretName;
  kind: SecretKind;
  description: string;
  usedBy: string[];
  readers: ContainerUser[];
  profiles: readonly ProfileName[];
}

const everyProfile = profileNames;
const demoProfiles: readonly ProfileName[] = ['demo', 'dev', 'ci'];
const prodOnly: readonly ProfileName[] = ['prod'];

export const catalog: readonly SecretSpec[] = [
  {
    name: 'postgres_password',
    kind: 'password',
    description: 'database superuser password',
    usedBy: ['postgres', 'migrate'],
    readers: [postgresUser, appUser],
    profiles: everyProfile,
  },
  {
    name: 'db_app_password',
    kind: 'password',
    description: 'password of the identity_app database role',
    usedBy: ['migrate', 'authz', 'idp', 'rs'],
    readers: [appUser],
    profiles: everyProfile,
  },
  {
    name: 'cookie_keys',
    kind: 'cookie-keys',
    description: 'cookie signing keys, one a line, the first signs',
    usedBy: ['authz', 'idp'],
    readers: [appUser],
    profiles: everyProfile,
  },
  {
    name: 'jwks',
    kind: 'jwks',
    description: 'private JWK Set (ES256, RS256), the first key per alg signs',
    usedBy: ['authz', 'idp'],
    readers: [appUser],
    profiles: everyProfile,
  },
  {
    name: 'demo_client_secret',
    kind: 'client-secret',
    description: 'secret of the demo-service client',
    usedBy: ['authz', 'idp'],
    readers: [appUser],
    profiles: demoProfiles,
  },
  {
    name: 'probe_client_secret',
    kind: 'client-secret',
    description: 'secret of the identity-probe client used by `identity health`',
    usedBy: ['authz', 'idp'],
    readers: [appUser],
    profiles: everyProfile,
  },
  {
    name: 'proxy_tls',
    kind: 'tls',
    description: "proxy certificate chain and key (HAProxy's PEM)",
    usedBy: ['proxy'],
    readers: [proxyUser],
    profiles: prodOnly,
  },
  {
    name: 'ca_cert',
    kind: 'ca',
    description: 'local CA certificate that issued the proxy certificate',
    usedBy: ['clients', 'tests'],
    readers: [],
    profiles: prodOnly,
  },
];

export function isSecretName(value: string): value is SecretName {
  return catalog.some((spec) => spec.name === value);
}

export function specFor(name: SecretName): SecretSpec {
  return catalog.find((spec) => spec.name === name)!;
}

export function specsForProfile(profile: ProfileName): SecretSpec[] {
  return catalog.filter((spec) => spec.profiles.includes(profile));
}
