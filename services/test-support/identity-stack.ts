import { createServer } from 'node:net';

import { startAuthz } from '../authz/start-authz.ts';
import { startIdp } from '../idp/start-idp.ts';
import { startRs } from '../rs/start-rs.ts';
import type { RunningService } from '../shared/http-server.ts';
import { startSpa } from '../spa/start-spa.ts';
import { startOneOriginProxy } from './one-origin-proxy.ts';
import { silentLogger, startStackFixture, type StackFixture } from './stack-fixture.ts';

export type IdentityStack = {
  fixture: StackFixture;
  issuer: string;
  services: Record<'authz' | 'idp' | 'rs' | 'spa', RunningService>;
  stop(): Promise<void>;
};

// The four services as host processes' worth of code in this process, behind one origin. The
// proxy's port must be known before the services start, because it is the issuer.
export async function startIdentityStack(): Promise<IdentityStack> {
  const fixture = await startStackFixture();
  const proxyPort = await reservePort();
  const issuer = `http://127.0.0.1:${proxyPort}`;
  const base = { ...fixture.env, PORT: '0', IDENTITY_ISSUER: issuer, RS_AUDIENCE: `${issuer}/api` };

  const authz = await startAuthz(base, silentLogger);
  const idp = await startIdp(base, silentLogger);
  const rs = await startRs(
    { ...base, JWKS_URI: `http://127.0.0.1:${authz.port}/jwks` },
    silentLogger,
  );
  const spa = await startSpa(base, silentLogger);
  const upstreams = { authz: authz.port, idp: idp.port, rs: rs.port, spa: spa.port };
  const proxy = await startOneOriginProxy(upstreams, proxyPort);

  const services = { authz, idp, rs, spa };
  return {
    fixture,
    issuer,
    services,
    stop: async () => {
      proxy.server.close();
      proxy.server.closeAllConnections();
      await Promise.all(Object.values(services).map((service) => service.stop()));
      await fixture.stop();
    },
  };
}

async function reservePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
