import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { error } from '../finding.ts';
import type { Finding } from '../finding.ts';
import { interpolate, interpolatedDefaults } from '../interpolate.ts';
import { isMapping } from '../merge-compose.ts';
import type { RuleContext } from '../rule-context.ts';

const loopback = /localhost|127\.\d+\.\d+\.\d+|\[::1\]/;

// Inside a container localhost is the container itself (K09): exporters must name the collector
// service, and the collector must listen on all of its interfaces.
export function checkTelemetry(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of context.services) {
    for (const [key, value] of Object.entries(service.environment)) {
      if (!/^OTEL_EXPORTER_OTLP(_\w+)?_ENDPOINT$/.test(key) || value === null) continue;
      // The value as written, with its defaults, and as Compose will resolve it from this
      // environment: IDENTITY_OTLP_ENDPOINT=http://localhost:4318 hides behind a variable.
      const effective = interpolatedDefaults(value);
      const resolved = interpolate(value, process.env);
      if (![value, effective, resolved].some((text) => loopback.test(text))) continue;
      const shown = resolved === value ? value : `${value}, which is ${resolved} here`;
      findings.push(
        error('otlp-endpoint-localhost', {
          service: service.name,
          field: `environment.${key}`,
          message: `service ${service.name} sends telemetry to ${key}=${shown}; inside a container that is the container itself`,
          fix: 'point it at the collector by service name: http://otel-collector:4318',
        }),
      );
    }
  }
  findings.push(...checkCollectorReceivers(context));
  return findings;
}

function receiverEndpoints(config: unknown): [string, string][] {
  const endpoints: [string, string][] = [];
  const receivers = isMapping(config) ? config['receivers'] : undefined;
  if (!isMapping(receivers)) return endpoints;
  for (const [name, receiver] of Object.entries(receivers)) {
    const protocols = isMapping(receiver) ? receiver['protocols'] : undefined;
    if (!isMapping(protocols)) continue;
    for (const [protocol, spec] of Object.entries(protocols)) {
      const endpoint = isMapping(spec) ? spec['endpoint'] : undefined;
      endpoints.push([`receivers.${name}.protocols.${protocol}`, String(endpoint ?? 'localhost')]);
    }
  }
  return endpoints;
}

function checkCollectorReceivers(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const configs = isMapping(context.merged['configs']) ? context.merged['configs'] : {};
  for (const service of context.services.filter((s) =>
    /opentelemetry-collector|otelcol/.test(s.image),
  )) {
    for (const mount of service.configs) {
      const definition = configs[mount.source];
      if (!isMapping(definition) || typeof definition['file'] !== 'string') continue;
      let config: unknown;
      try {
        config = parse(readFileSync(join(context.projectDir, definition['file']), 'utf8'));
      } catch {
        // A missing config file is reported by bind-source-missing; nothing to read here.
        continue;
      }
      for (const [field, endpoint] of receiverEndpoints(config)) {
        if (!loopback.test(endpoint)) continue;
        findings.push(
          error('otlp-receiver-loopback', {
            service: service.name,
            field: `${definition['file']}: ${field}`,
            message: `collector receiver ${field} listens on ${endpoint}, so other containers cannot reach it`,
            fix: 'listen on all interfaces, e.g. endpoint: 0.0.0.0:4318',
          }),
        );
      }
    }
  }
  return findings;
}
