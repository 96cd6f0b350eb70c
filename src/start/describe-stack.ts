import type { ResolvedStack } from '../stack/resolved-stack.ts';
import type { StackTarget } from '../stack/stack-target.ts';

// What a person needs after start: the URLs, the demo login and the clients. The demo password
// is seeded demo data documented in docs/quick-start.md, not a generated secret.
export interface StackSummary {
  project: string;
  profile: string;
  scale: string;
  urls: Record<string, string>;
  demoUser?: { username: string; password: string };
  clients: string[];
}

const appServices = ['authz', 'idp', 'rs', 'spa'];

export function describeStack(target: StackTarget, stack: ResolvedStack): StackSummary {
  const authz = stack.services.find((service) => service.name === 'authz');
  const issuer = (authz?.environment['IDENTITY_ISSUER'] ?? '').replace(/\/$/, '');
  const scale = appServices
    .map((name) => stack.services.find((service) => service.name === name)?.replicas ?? 0)
    .join('x');
  const demo = target.profile === 'demo';
  // Prod ships no demo clients: its relying parties come from the operator's clients file.
  const clients =
    target.profile === 'prod'
      ? ['identity-probe (client_credentials; used by identity health)']
      : [
          'spa (public, authorization code + PKCE)',
          'demo-service (client_credentials; secret in deployments/compose/secrets/demo_client_secret)',
          'identity-probe (client_credentials; used by identity health)',
        ];
  return {
    project: target.project,
    profile: target.profile,
    scale,
    urls: {
      issuer,
      discovery: `${issuer}/.well-known/openid-configuration`,
      spa: `${issuer}/app/`,
      api: `${issuer}/api/`,
    },
    demoUser: demo ? { username: 'demo', password: 'demo-password-change-me' } : undefined,
    clients,
  };
}
