import { healthLog, listContainers, logTail } from '../docker/compose-ps.ts';
import { readableLogLine } from './log-line.ts';

// What a person needs to see when a service did not come up: its last log lines and the output
// of its last health probes.
export async function diagnoseService(project: string, service: string): Promise<string[]> {
  const lines: string[] = [];
  const logs = await logTail(project, service, 20);
  lines.push(`last log lines of ${service}:`);
  lines.push(
    ...(logs.length === 0 ? ['  (no output)'] : logs.map((line) => `  ${readableLogLine(line)}`)),
  );

  const containers = (await listContainers(project)).filter((c) => c.service === service);
  for (const container of containers) {
    const probes = await healthLog(container.id);
    const lastProbe = probes.at(-1);
    // The probe of a container that has exited says nothing about why it exited.
    if (lastProbe === undefined || container.state !== 'running') continue;
    lines.push(`last health probe of ${container.name} (exit ${lastProbe.exitCode}):`);
    lines.push(
      ...lastProbe.output
        .split('\n')
        .slice(-5)
        .map((line) => `  ${line}`),
    );
  }
  return lines;
}
