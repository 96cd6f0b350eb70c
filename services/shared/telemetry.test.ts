import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { test } from 'node:test';

import { pino } from 'pino';

import { createHealthRoutes } from './health.ts';
import { startHttpService } from './http-server.ts';
import { startTelemetry } from './telemetry.ts';

type Export = { path: string; headers: IncomingHttpHeaders; body: string };

// A stand-in OTLP/HTTP receiver that records what the exporter posts.
async function startReceiver() {
  const exports: Export[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    exports.push({ path: req.url ?? '', headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    exports,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
  };
}

test('exports one server span per request, in the caller trace, named after the service', async () => {
  const receiver = await startReceiver();
  const logger = pino({ level: 'silent' });
  const telemetry = startTelemetry(
    { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'rs' },
    'rs',
    logger,
  );
  const service = await startHttpService({
    port: 0,
    host: '127.0.0.1',
    logger,
    health: createHealthRoutes({}),
    handler: (_req, res) => {
      res.writeHead(200).end('{}');
    },
    close: async () => {},
  });

  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parentId = '00f067aa0ba902b7';
  const base = `http://127.0.0.1:${service.port}`;
  await fetch(`${base}/api/items`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
  await fetch(`${base}/readyz`);
  await service.stop();
  await telemetry.shutdown();
  receiver.server.close();

  assert.equal(receiver.exports.length, 1);
  const [posted] = receiver.exports;
  assert.equal(posted?.path, '/v1/traces');
  assert.equal(posted?.headers['content-type'], 'application/json');
  const payload = JSON.parse(posted!.body);
  const resourceSpans = payload.resourceSpans[0];
  const attributes = Object.fromEntries(
    resourceSpans.resource.attributes.map((a: { key: string; value: { stringValue?: string } }) => [
      a.key,
      a.value.stringValue,
    ]),
  );
  assert.equal(attributes['service.name'], 'rs');
  assert.equal(attributes['service.instance.id'], hostname());

  // Probes make no spans: only the API request is there.
  const spans = resourceSpans.scopeSpans.flatMap((scope: { spans: unknown[] }) => scope.spans);
  assert.equal(spans.length, 1);
  assert.equal(spans[0].name, 'GET /api/items');
  assert.equal(spans[0].traceId, traceId);
  assert.equal(spans[0].parentSpanId, parentId);
});

test('exports nothing without an endpoint', async () => {
  const telemetry = startTelemetry({}, 'rs', pino({ level: 'silent' }));
  await telemetry.shutdown();
});
