import Provider, {
  errors,
  type ClientMetadata,
  type Configuration,
  type JWKS,
  type KoaContextWithOIDC,
  type RefreshToken,
  type Client,
} from 'oidc-provider';

import type { Pool } from '../shared/db-pool.ts';
import { findUserById } from '../users/user-store.ts';
import { createPgAdapterFactory } from './pg-adapter.ts';
import type { PrivateJwk } from './oidc-secrets.ts';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider-pages.ts';

export type ProviderSettings = {
  issuer: string;
  rsAudience: string;
  cookieKeys: string[];
  signingKeys: PrivateJwk[];
  clients: ClientMetadata[];
  pool: Pool;
};

export const scopes = ['openid', 'profile', 'email', 'offline_access', 'items:read', 'items:write'];
// Scopes that belong to the resource server; `health` is the CLI probe's only scope in prod.
const resourceScopes = 'items:read items:write health';

// authz serves the provider and idp completes its interactions; both build it from this one
// function so issuer, storage, cookie keys and signing keys can never drift apart.
export function createProvider(settings: ProviderSettings): Provider {
  const provider = new Provider(settings.issuer, createConfiguration(settings));
  // Behind the proxy: trust X-Forwarded-Proto and X-Forwarded-Host, so discovery and redirects
  // use the public scheme and host whichever replica answers.
  provider.proxy = true;
  return provider;
}

function createConfiguration(settings: ProviderSettings): Configuration {
  const { rsAudience, pool } = settings;
  const issuerOrigin = new URL(settings.issuer).origin;

  return {
    adapter: createPgAdapterFactory(pool),
    clients: settings.clients,
    jwks: { keys: settings.signingKeys } as JWKS,
    cookies: { keys: settings.cookieKeys },
    scopes: [...scopes, 'health'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    // OAuth 2.1: code flow only, no implicit or hybrid responses.
    responseTypes: ['code'],
    pkce: { required: () => true },
    rotateRefreshToken: true,
    // OAuth 2.1 lets a public client use rotating refresh tokens. Without `offline_access` (which
    // OpenID Connect only grants with prompt=consent) they end with the user's session.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, id) => {
      const user = await findUserById(pool, id);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          name: user.name ?? undefined,
          preferred_username: user.username,
          email: user.email ?? undefined,
          email_verified: user.email ? user.emailVerified : undefined,
        }),
      };
    },
    clientBasedCORS: (_ctx, origin, client) =>
      origin === issuerOrigin ||
      client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) === true,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A public client may only ask about and revoke its own tokens; a confidential client (the
      // CLI's probe) may introspect any token, as a resource server would.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        // A grant is for our one API unless the client names another resource. At the token
        // endpoint the client says what it wants (RFC 8707): `resource=<api>` gives a JWT for
        // the rs; no resource gives an opaque token for userinfo, as OIDC clients expect.
        // client_credentials has no userinfo, so its tokens default to the API.
        defaultResource: () => rsAudience,
        useGrantedResource: () => false,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== rsAudience) throw new errors.InvalidTarget();
          return {
            scope: resourceScopes,
            audience: rsAudience,
            accessTokenTTL: 10 * 60,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      ClientCredentials: 10 * 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      RefreshToken: refreshTokenTtl,
    },
    renderError,
  };
}

// A rotated refresh token of a public browser client keeps the lifetime of the first one, so
// rotation never extends a stolen token's life (the library's recommended default).
function refreshTokenTtl(ctx: KoaContextWithOIDC, token: RefreshToken, client: Client): number {
  const rotated = ctx?.oidc?.entities?.RotatedRefreshToken;
  if (
    rotated &&
    client.applicationType === 'web' &&
    client.clientAuthMethod === 'none' &&
    !token.isSenderConstrained()
  ) {
    return rotated.remainingTTL;
  }
  return 14 * 24 * 60 * 60;
}
