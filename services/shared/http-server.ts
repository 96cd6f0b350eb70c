import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { hostname } from 'node:os';

import type { HealthRoutes } from './health.ts';
import type { Logger } from './logger.ts';
import { type RequestHandler, withRequestLog } from './request-log.ts';

export type HttpServiceOptions = {
  port: number;
  host?: string;
  logger: Logger;
  health: HealthRoutes;
  handler: RequestHandler;
  // Releases what the service holds (database pool) once the last request is answered.
  close: () => Promise<void>;
};

export type RunningService = {
  server: Server;
  port: number;
  stop(): Promise<void>;
};

// Names the replica on every response (Docker sets the hostname to the container id), so a
// client behind the round-robin proxy can tell which replica answered.
export const replicaHeader = 'x-identity-replica';

// Long enough for an in-flight token request; shorter than Compose's 10 s stop grace period.
const drainTimeoutMs = 8_000;

export async function startHttpService(options: HttpServiceOptions): Promise<RunningService> {
  const { logger, health } = options;
  const replica = hostname();
  const handler = withRequestLog(logger, async (req, res) => {
    res.setHeader(replicaHeader, replica);
    if (await health.handle(req, res)) return;
    await options.handler(req, res);
  });
  const server = createServer({ requestTimeout: 30_000 }, handler);
  // Keep-alive from the proxy must outlive its own idle timeout, or it reuses closed sockets.
  server.keepAliveTimeout = 65_000;

  server.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  logger.info({ port }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= drainAndClose(server, options);
    return stopping;
  };
  return { server, port, stop };
}

async function drainAndClose(server: Server, options: HttpServiceOptions): Promise<void> {
  const { logger } = options;
  options.health.markDraining();
  logger.info('shutting down: draining connections');

  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection turns idle once its in-flight response is sent; close it then
  // rather than waiting for the keep-alive timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const timer = setTimeout(() => {
    logger.warn({ drainTimeoutMs }, 'drain timed out, closing remaining connections');
    server.closeAllConnections();
  }, drainTimeoutMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);

  try {
    await options.close();
  } catch (error) {
    logger.error({ err: error }, 'releasing resources failed during shutdown');
  }
  logger.info('stopped');
}

// SIGTERM from `docker stop` (through tini) and SIGINT from a terminal both drain and exit 0.
export function stopOnSignals(
  service: RunningService,
  logger: Logger,
  afterStop: () => Promise<void> = async () => {},
): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    service
      .stop()
      .then(afterStop)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
