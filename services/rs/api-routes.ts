import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Pool } from '../shared/db-pool.ts';
import { sendJson } from '../shared/http-response.ts';
import type { Logger } from '../shared/logger.ts';
import { annotateRequest, requestIdOf } from '../shared/request-log.ts';
import { type AccessTokenVerifier, requireScope } from './access-token.ts';
import { BearerError } from './bearer-error.ts';
import { listItems } from './item-store.ts';

// The protected API: each route verifies the bearer token first, then its scope, then acts.
export function createApiRoutes(verify: AccessTokenVerifier, pool: Pool, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://rs').pathname;
    const route = routes[path];
    if (!route) {
      sendJson(res, 404, { error: 'not_found', error_description: `no route ${path}` });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      return;
    }

    try {
      const token = await verify(req);
      annotateRequest(res, { clientId: token.clientId });
      if (route.scope) requireScope(token, route.scope);
      sendJson(res, 200, await route.respond(token, pool));
    } catch (error) {
      if (!(error instanceof BearerError)) throw error;
      annotateRequest(res, { outcome: error.error });
      if (error.status === 503) {
        logger.error({ reqId: requestIdOf(res), err: error.cause }, 'token keys unavailable');
      }
      sendJson(res, error.status, error.body, { 'www-authenticate': error.challenge });
    }
  };
}

type Route = {
  scope?: string;
  respond: (token: { sub: string; clientId: string; scopes: string[] }, pool: Pool) => unknown;
};

const routes: Record<string, Route> = {
  '/api/me': {
    respond: (token) => ({
      sub: token.sub,
      client_id: token.clientId,
      scope: token.scopes.join(' '),
    }),
  },
  '/api/items': {
    scope: 'items:read',
    respond: async (_token, pool) => ({ items: await listItems(pool) }),
  },
};
