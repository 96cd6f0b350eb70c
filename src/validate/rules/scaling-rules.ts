import { error } from '../finding.ts';
import type { Finding } from '../finding.ts';
import { replicasOf, type RuleContext } from '../rule-context.ts';

function rangeSize(published: string): number {
  const range = /^(\d+)-(\d+)$/.exec(published);
  return range === null ? 1 : Number(range[2]) - Number(range[1]) + 1;
}

// Replicas are interchangeable: no fixed name, no fixed host port (K03, K04).
export function checkScaling(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of context.services) {
    const replicas = replicasOf(context, service);
    if (replicas <= 1) continue;
    const containerName = service.raw['container_name'];
    if (containerName !== undefined) {
      findings.push(
        error('container-name-scaled', {
          service: service.name,
          field: 'container_name',
          message: `service ${service.name} has container_name "${String(containerName)}" and ${replicas} replicas; container names are unique, so only one replica could exist`,
          fix: `drop container_name from ${service.name}; Compose names replicas itself`,
        }),
      );
    }
    for (const port of service.ports) {
      if (port.published === '' || rangeSize(port.published) >= replicas) continue;
      findings.push(
        error('host-port-scaled', {
          service: service.name,
          field: port.field,
          message: `service ${service.name} publishes host port ${port.published} with ${replicas} replicas; only one replica can bind it`,
          fix: 'reach the service through the proxy (the only published port) and drop this port, or publish a range with one port per replica',
        }),
      );
    }
  }
  return findings;
}

export function checkPublishedPorts(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of context.services) {
    for (const port of service.ports) {
      if (port.hostIp === '127.0.0.1') continue;
      findings.push(
        error('port-not-loopback', {
          service: service.name,
          field: port.field,
          message: `service ${service.name} publishes "${port.text}" on ${port.hostIp === '' ? 'every host interface' : port.hostIp}`,
          fix: `bind it to 127.0.0.1, e.g. "127.0.0.1:${port.published || port.target}:${port.target}"`,
        }),
      );
    }
  }
  return findings;
}
