import type { Profile } from './profiles.ts';

// Secret names from docs/architecture.md ("Secrets"); files live in ./secrets/ beside the bundle.
export const secretNames = [
  'postgres_password',
  'db_app_password',
  'cookie_keys',
  'jwks',
  'demo_client_secret',
  'probe_client_secret',
  'proxy_tls',
] as const;

export type SecretName = (typeof secretNames)[number];

// Demo material: never referenced by a prod bundle.
export const demoSecretNames: readonly SecretName[] = ['demo_client_secret'];

export function secretPath(name: SecretName): string {
  return `/run/secrets/${name}`;
}

export function secretsForProfile(profile: Profile): SecretName[] {
  return secretNames.filter((name) => {
    if (name === 'proxy_tls') return profile.tls;
    if (demoSecretNames.includes(name)) return profile.demoMaterial;
    return true;
  });
}
