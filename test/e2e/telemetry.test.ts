import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { generateKeyPair, SignJWT } from 'jose';
import { repoRoot } from '../../src/paths.ts';
import { type RunningStack, startStack, stopStack } from '../support/demo-stack.ts';
import {
  otlpKind,
  readReceived,
  type ReceivedSpan,
  receiverUrl,
  waitForQuiet,
  waitForSpans,
} from '../support/received-spans.ts';
import { hostnamesOf, projectReplicas, replicaHeader } from '../support/replicas.ts';

// K09 at runtime: a request through the proxy yields, at the OTLP endpoint the services are
// given, spans from each service it crossed, with their service names and replica ids, in one
// trace. The endpoint is a receiver of the suite's own inside the stack's network; rs and authz
// run two replicas each, so a replica id is something to get right.
const project = 'identity-e2e-telemetry';
const override = `${repoRoot}/test/fixtures/e2e/k09-otlp-receiver.yml`;
const endpoint = 'http://otlp-receiver:4318';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

interface KeyFetchTrace {
  traceId: string;
  rsServer: ReceivedSpan;
  rsClient: ReceivedSpan;
  authzServer: ReceivedSpan;
}

// The spans of one request to /api/items whose rs fetched the key set from authz: rs's server
// span, its client span for the fetch, and the authz server span that answered it.
function keyFetchTraces(spans: ReceivedSpan[]): KeyFetchTrace[] {
  const found: KeyFetchTrace[] = [];
  for (const rsServer of spans) {
    if (rsServer.kind !== otlpKind.server || rsServer.name !== 'GET /api/items') continue;
    const rsClient = spans.find(
      (s) => s.kind === otlpKind.client && s.parentSpanId === rsServer.spanId,
    );
    const authzServer = spans.find(
      (s) => s.kind === otlpKind.server && rsClient && s.parentSpanId === rsClient.spanId,
    );
    if (rsClient && authzServer) {
      found.push({ traceId: rsServer.traceId, rsServer, rsClient, authzServer });
    }
  }
  return found;
}

describe('K09 traces through the proxy reach the OTLP endpoint', { timeout: 900_000 }, () => {
  let stack: RunningStack | undefined;
  let receiver = '';
  let unknownKeyToken = '';

  // A well-formed API token signed by a key authz never had: rs fetches the key set to look
  // for its `kid` (JWKS_COOLDOWN_MS=0 in the override), then refuses it.
  const callApi = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${stack!.issuer}/api/items`, {
      headers: { authorization: `Bearer ${unknownKeyToken}`, ...headers },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: 'invalid_token',
      error_description: 'access token signing key is unknown',
    });
    return response.headers.get(replicaHeader) ?? '(no replica header)';
  };

  before(async () => {
    stack = await startStack(project, 'ci', ['--scale', '2x1x2x1', '-f', override], {
      IDENTITY_OTLP_ENDPOINT: endpoint,
    });
    receiver = await receiverUrl(project, 'otlp-receiver');
    const { privateKey } = await generateKeyPair('ES256');
    unknownKeyToken = await new SignJWT({ client_id: 'k09-client', scope: 'items:read' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: `k09-${hex(8)}` })
      .setIssuer(stack.issuer)
      .setAudience(`${stack.issuer}/api`)
      .setSubject('k09')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  });

  after(async () => {
    await stopStack(stack, project);
  });

  it('starts a trace at the proxy for each request and follows it through rs into authz', async () => {
    await waitForQuiet(receiver);
    const known = new Set((await readReceived(receiver)).spans.map((span) => span.traceId));
    const rsReplicas = await hostnamesOf(project, 'rs');
    const authzReplicas = await hostnamesOf(project, 'authz');

    // Round robin: a few requests reach both rs replicas.
    const answeredBy: string[] = [];
    while (answeredBy.length < 8 && !rsReplicas.every((name) => answeredBy.includes(name))) {
      answeredBy.push(await callApi());
    }
    const isNew = (t: KeyFetchTrace) => !known.has(t.traceId);
    const spans = await waitForSpans(
      receiver,
      (all) => keyFetchTraces(all).filter(isNew).length >= answeredBy.length,
    );
    const traces = keyFetchTraces(spans).filter(isNew);

    assert.equal(traces.length, answeredBy.length, `rs answered ${answeredBy.join(', ')}`);
    assert.equal(new Set(traces.map((t) => t.traceId)).size, traces.length, 'one trace each');
    assert.deepEqual(traces.map((t) => t.rsServer.instance).sort(), [...answeredBy].sort());
    assert.deepEqual([...new Set(answeredBy)].sort(), rsReplicas);
    const spanIds = new Set(spans.map((span) => span.spanId));
    for (const { traceId, rsServer, rsClient, authzServer } of traces) {
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.deepEqual(
        [rsServer, rsClient, authzServer].map((s) => [s.traceId, s.service, s.name]),
        [
          [traceId, 'rs', 'GET /api/items'],
          [traceId, 'rs', 'GET /jwks'],
          [traceId, 'authz', 'GET /jwks'],
        ],
      );
      assert.equal(rsClient.instance, rsServer.instance);
      assert.ok(authzReplicas.includes(authzServer.instance), authzServer.instance);
      // The parent of rs's span is the proxy's hop: an id from the proxy, not any span's.
      assert.match(rsServer.parentSpanId, /^[0-9a-f]{16}$/);
      assert.equal(spanIds.has(rsServer.parentSpanId), false);
    }

    // The proxy's access log shows the traceparent it sent, to go from a log line to a trace.
    const [proxy] = await projectReplicas(project, 'proxy');
    const log = String((await execa('docker', ['logs', proxy!.id])).stdout);
    for (const { traceId, rsServer } of traces) {
      assert.ok(log.includes(`{00-${traceId}-${rsServer.parentSpanId}-01}`), traceId);
    }
  });

  it('continues the trace a caller sends in traceparent', async () => {
    const traceId = hex(16);
    const parentId = hex(8);

    const replica = await callApi({ traceparent: `00-${traceId}-${parentId}-01` });
    const spans = await waitForSpans(receiver, (all) =>
      keyFetchTraces(all).some((t) => t.traceId === traceId),
    );

    const [trace] = keyFetchTraces(spans).filter((t) => t.traceId === traceId);
    assert.ok(trace, `no spans of trace ${traceId} from rs and authz`);
    assert.equal(trace.rsServer.parentSpanId, parentId);
    assert.equal(trace.rsServer.instance, replica);
    assert.deepEqual(
      spans
        .filter((span) => span.traceId === traceId)
        .map((span) => `${span.service} ${span.name}`)
        .sort(),
      ['authz GET /jwks', 'rs GET /api/items', 'rs GET /jwks'],
    );
  });

  it('names the service and the replica on the spans of every service', async () => {
    const requests = [
      ['authz', '/.well-known/openid-configuration', 'GET /.well-known/openid-configuration'],
      // Ids in paths become :id, so span names stay few.
      ['idp', '/interaction/k09-no-such-interaction', 'GET /interaction/:id'],
      ['rs', '/api/me', 'GET /api/me'],
      ['spa', '/app/config.json', 'GET /app/config.json'],
    ] as const;
    const sent: { service: string; name: string; traceId: string; replica: string }[] = [];
    for (const [service, path, name] of requests) {
      const traceId = hex(16);
      const response = await fetch(`${stack!.issuer}${path}`, {
        headers: { traceparent: `00-${traceId}-${hex(8)}-01` },
        redirect: 'manual',
      });
      await response.arrayBuffer();
      const replica = response.headers.get(replicaHeader) ?? '(no replica header)';
      sent.push({ service, name, traceId, replica });
    }

    const traceIds = new Set(sent.map((request) => request.traceId));
    const spans = await waitForSpans(receiver, (all) =>
      [...traceIds].every((id) => all.some((span) => span.traceId === id)),
    );
    for (const request of sent) {
      const inTrace = spans.filter((span) => span.traceId === request.traceId);
      assert.deepEqual(
        inTrace.map((span) => [span.service, span.instance, span.name, span.kind]),
        [[request.service, request.replica, request.name, otlpKind.server]],
        request.service,
      );
      assert.ok((await hostnamesOf(project, request.service)).includes(request.replica));
    }
  });

  it('sends OTLP/HTTP JSON to /v1/traces of the endpoint, and nothing else', async () => {
    const received = await readReceived(receiver);
    assert.ok(received.exports.length > 0);
    assert.deepEqual(
      [...new Set(received.exports.map((e) => `${e.path} ${e.contentType}`))],
      ['/v1/traces application/json'],
    );
    assert.deepEqual(received.refused, []);
    const services = new Set(received.spans.map((span) => span.service));
    assert.deepEqual([...services].sort(), ['authz', 'idp', 'rs', 'spa']);
  });
});
