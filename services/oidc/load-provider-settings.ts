import { loadAudience, requireEnv } from '../shared/config.ts';
import type { Env } from '../shared/file-env.ts';
import { loadClients } from './clients-file.ts';
import type { ProviderSettings } from './create-provider.ts';
import { loadCookieKeys, loadSigningKeys } from './oidc-secrets.ts';

// Everything authz and idp need to build the same provider, read before anything listens so a
// bad secret or client file stops the service at start-up.
export function loadProviderSettings(env: Env, issuer: string): Omit<ProviderSettings, 'pool'> {
  return {
    issuer,
    rsAudience: loadAudience(env),
    cookieKeys: loadCookieKeys(env),
    signingKeys: loadSigningKeys(env),
    clients: loadClients(requireEnv(env, 'CLIENTS_FILE'), issuer),
  };
}
