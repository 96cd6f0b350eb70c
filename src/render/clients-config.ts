import type { Profile } from '../model/profiles.ts';
import { secretPath } from '../model/secrets.ts';

// The provider's clients (docs/architecture.md, "Clients"): oidc-provider metadata plus
// `client_secret_file` and the `{origin}` placeholder.
function probeClient(scope: string): Record<string, unknown> {
  return {
    client_id: 'identity-probe',
    client_secret_file: secretPath('probe_client_secret'),
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope,
  };
}

// The browser app's public client (code + PKCE), as the demo, dev and ci profiles ship it.
export const spaClient: Readonly<Record<string, unknown>> = {
  client_id: 'spa',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: ['{origin}/app/callback'],
  post_logout_redirect_uris: ['{origin}/app/'],
  scope: 'openid profile email offline_access items:read',
};

function demoClients(): Record<string, unknown>[] {
  return [
    { ...spaClient },
    {
      client_id: 'demo-service',
      client_secret_file: secretPath('demo_client_secret'),
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'items:read',
    },
  ];
}

export function renderClientsConfig(profile: Profile): string {
  const clients = profile.demoMaterial
    ? [...demoClients(), probeClient('items:read')]
    : [probeClient('health')];
  return `${JSON.stringify(clients, null, 2)}\n`;
}
