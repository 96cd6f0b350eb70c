import type { InspectedContainer } from '../../docker/inspect-project.ts';
import { type Finding, finding } from '../finding.ts';

// What a started (or failed) stack shows: restarts, OOM kills, exits, unhealthy probes, failed
// one-shot jobs, and whether every container was given the same issuer.
export function checkRuntime(
  containers: InspectedContainer[],
  oneShots: Set<string>,
  project: string,
): Finding[] {
  const findings: Finding[] = [];
  const logs = (service: string) =>
    `read its logs: identity logs${project === 'identity' ? '' : ` -p ${project}`} ${service}`;
  const failedJobs = containers
    .filter((c) => oneShots.has(c.service) && c.state === 'exited' && c.exitCode !== 0)
    .map((c) => c.service);
  for (const c of containers) {
    if (c.oomKilled) {
      findings.push(
        finding(
          'error',
          'oom-killed',
          c.name,
          `${c.name} was killed for lack of memory`,
          'raise its memory limit or scale down',
          'disk-and-memory',
        ),
      );
    }
    if (c.restartCount > 0) {
      findings.push(
        finding(
          'warning',
          'restarts',
          c.name,
          `${c.name} restarted ${c.restartCount} times`,
          logs(c.service),
          'health-checks',
        ),
      );
    }
    if (oneShots.has(c.service)) {
      if (c.state === 'exited' && c.exitCode !== 0) {
        findings.push(
          finding(
            'error',
            'one-shot-failed',
            c.name,
            `one-shot job ${c.service} exited with code ${c.exitCode}`,
            logs(c.service),
            'one-shot-jobs',
          ),
        );
      }
      continue;
    }
    if (c.state === 'created') {
      // Compose creates every container first and starts one only when its dependencies are
      // met; a container left "created" waited for something that never came.
      findings.push(
        finding(
          'warning',
          'never-started',
          c.name,
          `${c.name} was created but never started` +
            (failedJobs.length === 0
              ? ''
              : `: it waits for ${failedJobs.join(', ')}, which failed`),
          failedJobs.length === 0 ? logs(c.service) : logs(failedJobs[0]!),
          failedJobs.length === 0 ? 'health-checks' : 'one-shot-jobs',
        ),
      );
    } else if (c.state !== 'running') {
      findings.push(
        finding(
          'error',
          'container-exited',
          c.name,
          `${c.name} is ${c.state} (exit ${c.exitCode})`,
          logs(c.service),
          'health-checks',
        ),
      );
    } else if (c.health === 'unhealthy') {
      const probe = c.probeLog.at(-1)?.output.slice(0, 300) ?? 'no probe output';
      findings.push(
        finding(
          'error',
          'unhealthy',
          c.name,
          `${c.name} is unhealthy; last probe: ${probe}`,
          `run the probe by hand: docker exec ${c.name} <healthcheck command>`,
          'health-checks',
        ),
      );
    }
  }

  const issuers = new Map<string, string[]>();
  for (const c of containers) {
    const issuer = c.env['IDENTITY_ISSUER'];
    if (issuer !== undefined) issuers.set(issuer, [...(issuers.get(issuer) ?? []), c.name]);
  }
  if (issuers.size > 1) {
    const seen = [...issuers.entries()].map(([issuer, names]) => `${issuer} (${names.join(', ')})`);
    findings.push(
      finding(
        'error',
        'issuer-mismatch',
        'IDENTITY_ISSUER',
        `containers were given different issuers: ${seen.join('; ')}`,
        'recreate the stack with one IDENTITY_HTTP_PORT: identity stop && identity start',
        'issuer-url',
      ),
    );
  }
  return findings;
}
