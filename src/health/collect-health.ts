import type { InspectedContainer } from '../docker/inspect-project.ts';
import type { CheckResult } from './check-result.ts';
import { runProtocolChecks } from './protocol-checks.ts';
import { caBeside } from './protocol-target.ts';
import { proxyRoutesEveryReplica } from './proxy-routing.ts';
import { probeEveryReplica } from './probe-every-replica.ts';
import { containerCheck } from './replica-checks.ts';

// Every check `identity health` makes, per replica first, then the protocol through the proxy.
export async function collectHealth(
  containers: InspectedContainer[],
  services: string[],
  oneShots: Set<string>,
): Promise<CheckResult[]> {
  const selected =
    services.length === 0 ? containers : containers.filter((c) => services.includes(c.service));
  const checks: CheckResult[] = selected.map((c) => containerCheck(c, oneShots.has(c.service)));

  const authz = containers.filter((c) => c.service === 'authz' && c.state === 'running');
  const issuer = authz[0]?.env['IDENTITY_ISSUER'];
  const secret = authz[0]?.secretSources['probe_client_secret'];
  if (issuer === undefined || secret === undefined) {
    checks.push(...(await probeEveryReplica(selected, 'identity-probe')));
    checks.push({
      name: 'protocol',
      target: 'authz',
      status: 'fail',
      durationMs: 0,
      detail: 'no running authz replica',
    });
    return checks;
  }
  const rs = containers.find((c) => c.service === 'rs');
  const target = {
    issuer: issuer.replace(/\/$/, ''),
    audience: rs?.env['RS_AUDIENCE'] ?? `${issuer}/api`,
    probeClientId: 'identity-probe',
    probeClientSecretFile: secret,
    caFile: caBeside(secret, issuer),
  };
  // The protocol through the proxy first: it issues the token the rs replicas are then given.
  let token: string | undefined;
  checks.push(
    ...(await runProtocolChecks(target, {
      withToken: async (issued) => {
        token = issued;
        return [];
      },
    })),
  );
  checks.push(...(await probeEveryReplica(selected, target.probeClientId, token)));
  checks.push(await proxyRoutesEveryReplica(containers));
  return checks;
}
