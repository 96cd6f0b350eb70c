import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { projectReplicas } from './replicas.ts';

// What the suite's OTLP receiver (test/fixtures/e2e/otlp-receiver.ts) holds, flattened to one
// record a span with the resource attributes that name its service and replica.

export const otlpKind = { server: 2, client: 3 } as const;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  service: string;
  instance: string;
}

export interface Received {
  exports: { path: string; contentType: string }[];
  refused: { path: string; contentType: string }[];
  spans: ReceivedSpan[];
}

type Attribute = { key: string; value: { stringValue?: string } };

interface RawExport {
  path: string;
  contentType: string;
  body: {
    resourceSpans?: {
      resource?: { attributes?: Attribute[] };
      scopeSpans?: { spans?: Omit<ReceivedSpan, 'service' | 'instance'>[] }[];
    }[];
  };
}

// The receiver's port as Docker published it on 127.0.0.1 (an ephemeral one).
export async function receiverUrl(project: string, service: string): Promise<string> {
  const [receiver] = await projectReplicas(project, service);
  if (receiver === undefined) throw new Error(`no ${service} container in project ${project}`);
  const result = await execa('docker', ['port', receiver.id, '4318/tcp']);
  const published = String(result.stdout)
    .split('\n')
    .find((line) => line.startsWith('127.0.0.1:'));
  if (published === undefined) throw new Error(`${service} publishes 4318 on no 127.0.0.1 port`);
  return `http://${published}`;
}

export async function readReceived(url: string): Promise<Received> {
  const response = await fetch(`${url}/received`, { signal: AbortSignal.timeout(5_000) });
  const raw = (await response.json()) as { exports: RawExport[]; refused: Received['refused'] };
  const attribute = (attributes: Attribute[] | undefined, key: string) =>
    attributes?.find((a) => a.key === key)?.value.stringValue ?? '';
  return {
    exports: raw.exports.map(({ path, contentType }) => ({ path, contentType })),
    refused: raw.refused,
    spans: raw.exports.flatMap((posted) =>
      (posted.body.resourceSpans ?? []).flatMap((resourceSpans) => {
        const attributes = resourceSpans.resource?.attributes;
        const service = attribute(attributes, 'service.name');
        const instance = attribute(attributes, 'service.instance.id');
        return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
          (scope.spans ?? []).map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            service,
            instance,
          })),
        );
      }),
    ),
  };
}

// Polls the receiver until `ready` holds for what it received; the services batch their spans
// for a second before they send them.
export async function waitForSpans(
  url: string,
  ready: (spans: ReceivedSpan[]) => boolean,
  timeoutMs = 20_000,
): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { spans } = await readReceived(url);
    if (ready(spans) || Date.now() > deadline) return spans;
    await sleep(250);
  }
}

// Waits until no export has arrived for `quietMs`, so what a test sends next is all that
// arrives after it.
export async function waitForQuiet(url: string, quietMs = 2_500, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let count = (await readReceived(url)).exports.length;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await sleep(250);
    const now = (await readReceived(url)).exports.length;
    if (now !== count) [count, since] = [now, Date.now()];
  }
}
