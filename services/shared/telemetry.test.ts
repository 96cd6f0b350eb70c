import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { setTimeout } from 'node:timers/promises';

import { trace } from '@opentelemetry/api';

import { pino } from 'pino';

import { createHealthRoutes } from './health.ts';
import { startHttpService } from './http-server.ts';
import { startTelemetry } from './telemetry.ts';
import { startOtlpReceiver } from '../test-support/otlp-receiver.ts';

test('exports one server span per request, in the caller trace, named after the service', async () => {
  const receiver = await startOtlpReceiver();
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

test('reports exports the endpoint refuses in the logs, once for many failures', async () => {
  const records: { msg: string; detail?: string; heldBack?: number }[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => records.push(JSON.parse(line)) },
  );
  // A 400 is final (a refused connection is retried with backoff for seconds before it is).
  const refusing = createServer((_req, res) => res.writeHead(400).end('{"message":"no"}'));
  refusing.listen(0, '127.0.0.1');
  await once(refusing, 'listening');
  const port = (refusing.address() as { port: number }).port;
  const telemetry = startTelemetry(
    { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    'rs',
    logger,
  );

  // Three batches, a second apart: three refused exports.
  const tracer = trace.getTracer('test');
  for (let batch = 0; batch < 3; batch += 1) {
    tracer.startSpan('refused').end();
    await setTimeout(1_100);
  }
  await telemetry.shutdown();
  refusing.close();

  const problems = records.filter((r) => r.msg === 'telemetry: OpenTelemetry reported a problem');
  assert.equal(problems.length, 1, JSON.stringify(records));
  assert.equal(problems[0]!.detail, 'OTLPExporterError: Bad Request (code 400)');
});
