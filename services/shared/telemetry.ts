import { hostname } from 'node:os';

import { context, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

import type { Env } from './file-env.ts';
import type { Logger } from './logger.ts';
import { reportSdkProblems } from './sdk-diagnostics.ts';

export type Telemetry = { shutdown(): Promise<void> };

const flushTimeoutMs = 1_500;
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

// Traces over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT is set, else nothing at all.
// Registered as the global provider, so request-log.ts and traced-fetch.ts only need
// @opentelemetry/api: without a provider their spans are no-ops. Each request is one server span
// continuing the caller's W3C `traceparent` (the proxy starts one when the client sent none);
// the context manager keeps that span active through the handler's awaits, so the calls it makes
// (traced-fetch.ts) are its children and carry the trace on to the next service.
// Limitation: no spans for database queries or inside oidc-provider, because that needs
// auto-instrumentation, which needs a loader hook in the image's entry point.
// Limitation: JSON only, without compression or headers, because the services send to the
// stack's own collector inside its network.
export function startTelemetry(env: Env, service: string, logger: Logger): Telemetry {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (!endpoint) return { shutdown: async () => {} };
  if (!URL.canParse(endpoint)) {
    logger.warn({ endpoint }, 'OTEL_EXPORTER_OTLP_ENDPOINT is not a URL, traces are off');
    return { shutdown: async () => {} };
  }
  if (loopbackHosts.has(new URL(endpoint).hostname)) {
    // Inside a container this is the container itself, where no collector listens.
    logger.warn(
      { endpoint },
      'OTEL_EXPORTER_OTLP_ENDPOINT points at loopback; in a container use the collector service name',
    );
  }

  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': env['OTEL_SERVICE_NAME'] || service,
      // The container id, like the `replica` field of the logs.
      'service.instance.id': hostname(),
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
        scheduledDelayMillis: 1_000,
      }),
    ],
  });
  reportSdkProblems(logger);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  logger.info({ endpoint }, 'exporting traces');

  return {
    shutdown: async () => {
      // Bounded: an unreachable collector must not eat the container's stop grace period.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${flushTimeoutMs} ms`)),
          flushTimeoutMs,
        );
      });
      try {
        await Promise.race([provider.shutdown(), timeout]);
      } catch (error) {
        // Losing the last batch of spans must not turn a clean stop into a failure.
        logger.warn({ err: error }, 'flushing traces failed');
      } finally {
        clearTimeout(timer);
        // Spans made after this point are no-ops, and a later start may register again.
        trace.disable();
        propagation.disable();
        context.disable();
        diag.disable();
      }
    },
  };
}
