import {
  choosePortAdvice,
  describeHolder,
  findTakenPorts,
  publishedPorts,
  startCommand,
} from '../../stack/port-check.ts';
import type { ResolvedStack } from '../../stack/resolved-stack.ts';
import { type Finding, finding } from '../finding.ts';

export async function checkPorts(
  stack: ResolvedStack,
  project: string,
  profile: string,
): Promise<Finding[]> {
  const ports = publishedPorts(stack);
  const findings: Finding[] = [];
  for (const holder of await findTakenPorts(ports, project)) {
    findings.push(
      finding(
        'error',
        'port-taken',
        `${holder.hostIp}:${holder.port}`,
        `port ${holder.port} (needed by ${holder.service}) is held by ${describeHolder(holder)}`,
        await choosePortAdvice(holder, startCommand(project, profile)),
        'ports-in-use',
      ),
    );
  }
  return findings;
}
