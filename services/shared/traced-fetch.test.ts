import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { test } from 'node:test';

import { pino } from 'pino';

import { createHealthRoutes } from './health.ts';
import { startHttpService } from './http-server.ts';
import { startTelemetry } from './telemetry.ts';
import { tracedFetch } from './traced-fetch.ts';
import { spansOf, startOtlpReceiver } from '../test-support/otlp-receiver.ts';

const logger = pino({ level: 'silent' });
// OTLP's span kinds (not the API's enum): SPAN_KIND_SERVER and SPAN_KIND_CLIENT.
const otlpKind = { server: 2, client: 3 };

function startService(handler: Parameters<typeof startHttpService>[0]['handler']) {
  return startHttpService({
    port: 0,
    host: '127.0.0.1',
    logger,
    health: createHealthRoutes({}),
    handler,
    close: async () => {},
  });
}

test('a call made while serving a request is its child and carries the trace to the callee', async () => {
  const receiver = await startOtlpReceiver();
  const telemetry = startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, 'rs', logger);
  const callee = await startService((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ traceparent: req.headers.traceparent }));
  });
  const caller = await startService(async (_req, res) => {
    // Two awaits deep, as a token check is: the request's span must still be the active one.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = await tracedFetch(`http://127.0.0.1:${callee.port}/jwks?x=secret`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(await answer.text());
  });

  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const proxySpanId = '00f067aa0ba902b7';
  const response = await fetch(`http://127.0.0.1:${caller.port}/api/items`, {
    headers: { traceparent: `00-${traceId}-${proxySpanId}-01` },
  });
  const seenByCallee = (await response.json()) as { traceparent: string };
  await caller.stop();
  await callee.stop();
  await telemetry.shutdown();
  receiver.server.close();

  const spans = spansOf(receiver.exports);
  const [server, client, served] = [
    ['GET /api/items', otlpKind.server],
    ['GET /jwks', otlpKind.client],
    ['GET /jwks', otlpKind.server],
  ].map(([name, kind]) => spans.find((span) => span.name === name && span.kind === kind));
  assert.ok(server && client && served, JSON.stringify(spans.map((span) => span.name)));
  assert.deepEqual(
    [server, client, served].map((span) => [span.traceId, span.parentSpanId]),
    [
      [traceId, proxySpanId],
      [traceId, server.spanId],
      [traceId, client.spanId],
    ],
  );
  assert.equal(seenByCallee.traceparent, `00-${traceId}-${client.spanId}-01`);
  const attributes = Object.fromEntries(client.attributes.map((a) => [a.key, a.value]));
  assert.deepEqual(attributes['url.full'], { stringValue: `http://127.0.0.1:${callee.port}/jwks` });
  assert.deepEqual(attributes['http.response.status_code'], { intValue: 200 });
});

test('a call outside any request starts a trace of its own', async () => {
  const receiver = await startOtlpReceiver();
  const telemetry = startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, 'rs', logger);
  const headers: unknown[] = [];
  const callee = createServer((req, res) => {
    headers.push(req.headers.traceparent);
    res.writeHead(503).end();
  });
  callee.listen(0, '127.0.0.1');
  await once(callee, 'listening');

  const port = (callee.address() as { port: number }).port;
  const answer = await tracedFetch(`http://127.0.0.1:${port}/jwks`);
  await telemetry.shutdown();
  callee.close();
  receiver.server.close();

  assert.equal(answer.status, 503);
  const [client] = spansOf(receiver.exports);
  assert.ok(client);
  assert.equal(client.parentSpanId ?? '', '');
  assert.deepEqual(headers, [`00-${client.traceId}-${client.spanId}-01`]);
  assert.equal(client.status?.code, 2);
});

test('sends no trace header when telemetry is off', async () => {
  const headers: unknown[] = [];
  const callee = createServer((req, res) => {
    headers.push(req.headers.traceparent);
    res.writeHead(200).end();
  });
  callee.listen(0, '127.0.0.1');
  await once(callee, 'listening');

  const port = (callee.address() as { port: number }).port;
  await (await tracedFetch(`http://127.0.0.1:${port}/jwks`)).arrayBuffer();
  callee.close();

  assert.deepEqual(headers, [undefined]);
});
