import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import { spanRoute, tracerName } from './span-names.ts';

// `fetch` for calls from one service to another: each call is a client span, a child of the
// request being served (or a trace of its own when no request is, like a background refresh),
// and its context goes out in `traceparent`, so the service called continues the same trace.
// A no-op wrapper unless shared/telemetry.ts registered a tracer provider.
export async function tracedFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const method = (init.method ?? 'GET').toUpperCase();
  const tracer = trace.getTracer(tracerName);

  return tracer.startActiveSpan(
    `${method} ${spanRoute(target.pathname)}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        // Without query or user info: either could carry a credential.
        'url.full': `${target.origin}${target.pathname}`,
        'server.address': target.hostname,
        'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
      },
    },
    async (span) => {
      const headers = new Headers(init.headers);
      propagation.inject(context.active(), headers, {
        set: (carrier, key, value) => carrier.set(key, value),
      });
      try {
        const response = await fetch(target, { ...init, headers });
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 400) {
          span.setAttribute('error.type', String(response.status));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return response;
      } catch (error) {
        span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
