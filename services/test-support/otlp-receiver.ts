import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';

export type OtlpExport = { path: string; headers: IncomingHttpHeaders; body: string };

export type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number };
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
};

export type OtlpReceiver = { server: Server; exports: OtlpExport[]; url: string };

// A stand-in OTLP/HTTP receiver on loopback that records what the exporter posts.
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpExport[] = [];
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

// Every span of every JSON export, with the service.name of its resource.
export function spansOf(exports: OtlpExport[]): (OtlpSpan & { service?: string })[] {
  return exports.flatMap((posted) => {
    const payload = JSON.parse(posted.body) as {
      resourceSpans: {
        resource: { attributes: OtlpSpan['attributes'] };
        scopeSpans: { spans: OtlpSpan[] }[];
      }[];
    };
    return payload.resourceSpans.flatMap((resourceSpans) => {
      const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name');
      return resourceSpans.scopeSpans.flatMap((scope) =>
        scope.spans.map((span) => ({ ...span, service: service?.value.stringValue })),
      );
    });
  });
}
