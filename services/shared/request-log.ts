import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  context,
  type Context,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

import type { Logger } from './logger.ts';
import { spanRoute, tracerName } from './span-names.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

type RequestFacts = { requestId: string; clientId?: string; outcome?: string };

const facts = new WeakMap<ServerResponse, RequestFacts>();

// Lets a handler add the OAuth client and a named outcome to the request's log record.
export function annotateRequest(res: ServerResponse, fields: Partial<RequestFacts>): void {
  const current = facts.get(res);
  if (current) Object.assign(current, fields);
}

export function requestIdOf(res: ServerResponse): string | undefined {
  return facts.get(res)?.requestId;
}

// One log record per request: id, method, path (never the query: it can carry codes), status,
// duration, client id and outcome. The proxy's X-Request-Id is kept so a request can be followed
// across services.
export function withRequestLog(logger: Logger, handler: RequestHandler): RequestHandler {
  return async (req, res) => {
    const startedAt = performance.now();
    const requestId = pickRequestId(req.headers['x-request-id']);
    const record: RequestFacts = { requestId };
    facts.set(res, record);
    res.setHeader('x-request-id', requestId);
    const path = new URL(req.url ?? '/', 'http://service').pathname;
    const probe = path === '/livez' || path === '/readyz';
    // Probes every few seconds from Docker and the proxy would drown the real traces.
    const traced = probe ? undefined : startServerSpan(req, path);
    const span = traced?.span ?? trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

    res.on('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : probe ? 'debug' : 'info';
      span.setAttribute('http.response.status_code', status);
      if (record.clientId) span.setAttribute('oauth.client_id', record.clientId);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      logger[level](
        {
          reqId: record.requestId,
          traceId: span.isRecording() ? span.spanContext().traceId : undefined,
          method: req.method,
          path,
          status,
          durationMs: Math.round(performance.now() - startedAt),
          clientId: record.clientId,
          outcome: record.outcome ?? outcomeOf(status),
        },
        'request',
      );
    });

    try {
      // The span stays active through the handler's awaits, so what it calls joins the trace.
      await (traced ? context.with(traced.context, () => handler(req, res)) : handler(req, res));
    } catch (error) {
      logger.error({ reqId: requestId, err: error }, 'unhandled request error');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'server_error' }));
      } else {
        res.destroy();
      }
    }
  };
}

// A no-op span unless shared/telemetry.ts registered a tracer provider. Its parent is the
// caller's `traceparent` (the proxy sets one on every request).
function startServerSpan(req: IncomingMessage, path: string): { span: Span; context: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = trace.getTracer(tracerName).startSpan(
    `${req.method} ${spanRoute(path)}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method ?? '', 'url.path': path },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

function pickRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  // Accept the proxy's id only when it looks like an id, so a client cannot inject log content.
  if (value && /^[\w.-]{1,128}$/.test(value)) return value;
  return randomUUID();
}

function outcomeOf(status: number): string {
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'ok';
}
