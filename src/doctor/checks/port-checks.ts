import { describeHolder, findTakenPorts } from '../../stack/port-check.ts';
import type { ResolvedStack } from '../../stack/resolved-stack.ts';
import { type Finding, finding } from '../finding.ts';

export async function checkPorts(stack: ResolvedStack, project: string): Promise<Finding[]> {
  const ports = stack.services.flatMap((service) =>
    service.publishedPorts.map((port) => ({ ...port, service: service.name })),
  );
  const taken = await findTakenPorts(ports, project);
  return taken.map((holder) => {
    const service = ports.find((port) => port.published === holder.port)?.service ?? '?';
    return finding(
      'error',
      'port-taken',
      `${holder.hostIp}:${holder.port}`,
      `port ${holder.port} (needed by ${service}) is held by ${describeHolder(holder)}`,
      'stop that program, or start with IDENTITY_HTTP_PORT=<free port> (IDENTITY_HTTPS_PORT for prod)',
      'ports-in-use',
    );
  });
}
