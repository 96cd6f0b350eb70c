import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { sendJson } from '../shared/http-response.ts';

export type SpaConfig = {
  issuer: string;
  client_id: string;
  redirect_uri: string;
  post_logout_redirect_uri: string;
  api: string;
  scope: string;
};

type PublicFile = { path: string; type: string };

const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
// The browser imports oauth4webapi straight from node_modules: it is one dependency-free ES
// module, so no bundler is needed.
const oauth4webapiPath = createRequire(import.meta.url).resolve('oauth4webapi');

const html = 'text/html; charset=utf-8';
const javascript = 'text/javascript; charset=utf-8';

export const publicFiles: Record<string, PublicFile> = {
  '/app/': { path: `${publicDir}index.html`, type: html },
  '/app/callback': { path: `${publicDir}index.html`, type: html },
  '/app/app.js': { path: `${publicDir}app.js`, type: javascript },
  '/app/app.css': { path: `${publicDir}app.css`, type: 'text/css; charset=utf-8' },
  '/app/vendor/oauth4webapi.js': { path: oauth4webapiPath, type: javascript },
};

// Same origin as the provider and the API, so scripts and fetches need nothing but 'self'.
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

export function createStaticRoutes(config: SpaConfig) {
  const cache = new Map<string, Buffer>();

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://spa').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      return;
    }
    if (path === '/app') {
      res.writeHead(308, { location: '/app/' });
      res.end();
      return;
    }
    if (path === '/app/config.json') {
      sendJson(res, 200, config, securityHeaders);
      return;
    }

    const file = publicFiles[path];
    if (!file) {
      sendJson(res, 404, { error: 'not_found', error_description: `no file ${path}` });
      return;
    }
    let body = cache.get(file.path);
    if (!body) {
      body = await readFile(file.path);
      cache.set(file.path, body);
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      ...securityHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
