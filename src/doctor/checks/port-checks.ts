import { choosePortAdvice, describeHolder, findTakenPorts } from '../../stack/port-check.ts';
import type { ResolvedStack } from '../../stack/resolved-stack.ts';
import { type Finding, finding } from '../finding.ts';

export async function checkPorts(stack: ResolvedStack, project: string): Promise<Finding[]> {
  const ports = stack.services.flatMap((service) =>
    service.publishedPorts.map((port) => ({
      ...port,
      service: service.name,
      replicas: service.replicas,
    })),
  );
  const findings: Finding[] = [];
  for (const holder of await findTakenPorts(ports, project)) {
    findings.push(
      finding(
        'error',
        'port-taken',
        `${holder.hostIp}:${holder.port}`,
        `port ${holder.port} (needed by ${holder.service}) is held by ${describeHolder(holder)}`,
        await choosePortAdvice(holder),
        'ports-in-use',
      ),
    );
  }
  return findings;
}
