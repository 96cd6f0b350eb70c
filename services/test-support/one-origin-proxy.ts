import { createServer, request, type Server } from 'node:http';
import { once } from 'node:events';

export type Upstreams = { authz: number; idp: number; rs: number; spa: number };

// Test-only stand-in for the stack's HAProxy: one origin, routing by path like the real proxy
// configuration, and the X-Forwarded-* headers the provider trusts. Cookies set by authz thereby
// reach idp, as in the real stack.
export async function startOneOriginProxy(
  upstreams: Upstreams,
  port = 0,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const target = path.startsWith('/interaction/')
      ? upstreams.idp
      : path.startsWith('/api/')
        ? upstreams.rs
        : path.startsWith('/app')
          ? upstreams.spa
          : upstreams.authz;
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target,
        method: req.method,
        path,
        headers: {
          ...req.headers,
          'x-forwarded-proto': 'http',
          'x-forwarded-host': req.headers.host ?? '',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port };
}
