import type { InspectedContainer } from '../docker/inspect-project.ts';
import type { CheckResult } from './check-result.ts';
import { runProtocolChecks } from './protocol-checks.ts';
import { caBeside } from './protocol-target.ts';
import { proxyRoutesEveryReplica } from './proxy-routing.ts';
import { containerCheck, replicaProbes } from './replica-checks.ts';
import { rsAtEveryReplica } from './rs-replica-checks.ts';
import { sameKeysEverywhere } from './jwks-consistency.ts';

// Every check `identity health` makes, per replica first, then the protocol through the proxy.
export async function collectHealth(
  containers: InspectedContainer[],
  services: string[],
  oneShots: Set<string>,
): Promise<CheckResult[]> {
  const selected =
    services.length === 0 ? containers : containers.filter((c) => services.includes(c.service));
  const checks: CheckResult[] = selected.map((c) => containerCheck(c, oneShots.has(c.service)));
  checks.push(...(await Promise.all(selected.flatMap(replicaProbes))));

  const authz = containers.filter((c) => c.service === 'authz' && c.state === 'running');
  const issuer = authz[0]?.env['IDENTITY_ISSUER'];
  const secret = authz[0]?.secretSources['probe_client_secret'];
  if (issuer === undefined || secret === undefined) {
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
  const rsReplicas = selected.filter((c) => c.service === 'rs' && c.state === 'running');
  checks.push(
    ...(await runProtocolChecks(target, {
      withToken: (token) => rsAtEveryReplica(rsReplicas, token, target.probeClientId),
    })),
  );
  checks.push(await proxyRoutesEveryReplica(containers));
  checks.push(await sameKeysEverywhere(authz));
  return checks;
}
