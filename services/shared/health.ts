import type { IncomingMessage, ServerResponse } from 'node:http';

import { sendJson } from './http-response.ts';

export type ReadinessCheck = () => Promise<void>;

export type HealthRoutes = {
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  // Set on SIGTERM so the proxy's active checks take the replica out before it stops.
  markDraining(): void;
};

const checkTimeoutMs = 2_000;

// `/livez` says the process runs; `/readyz` runs every check and returns 200 only when all pass.
// Both live on the service's own port; the proxy does not route them from outside.
export function createHealthRoutes(checks: Record<string, ReadinessCheck>): HealthRoutes {
  let draining = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://service').pathname;
    if (path === '/livez') {
      sendJson(res, 200, { status: 'live' });
      return true;
    }
    if (path !== '/readyz') return false;

    const results = await runChecks(checks);
    if (draining) results['shutdown'] = 'draining';
    const ready = Object.values(results).every((result) => result === 'ok');
    if (ready) sendJson(res, 200, { status: 'ready' });
    else sendJson(res, 503, { status: 'not-ready', checks: results });
    return true;
  }

  return {
    handle,
    markDraining: () => {
      draining = true;
    },
  };
}

async function runChecks(checks: Record<string, ReadinessCheck>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const),
  );
  return Object.fromEntries(entries);
}

async function runCheck(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${checkTimeoutMs} ms`)),
      checkTimeoutMs,
    );
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
