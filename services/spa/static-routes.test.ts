import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { RunningService } from '../shared/http-server.ts';
import { silentLogger } from '../test-support/stack-fixture.ts';
import { startSpa } from './start-spa.ts';

let spa: RunningService;
let base: string;

before(async () => {
  spa = await startSpa({ IDENTITY_ISSUER: 'http://127.0.0.1:8480', PORT: '0' }, silentLogger);
  base = `http://127.0.0.1:${spa.port}`;
});
after(() => spa.stop());

describe('spa', () => {
  test('gives the browser its configuration under the issuer origin', async () => {
    const response = await fetch(`${base}/app/config.json`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      issuer: 'http://127.0.0.1:8480',
      client_id: 'spa',
      redirect_uri: 'http://127.0.0.1:8480/app/callback',
      post_logout_redirect_uri: 'http://127.0.0.1:8480/app/',
      api: 'http://127.0.0.1:8480/api',
      scope: 'openid profile email offline_access items:read',
    });
  });

  for (const path of ['/app/', '/app/callback']) {
    test(`serves the page at ${path} with a same-origin CSP`, async () => {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self';/);
      assert.match(await response.text(), /<script type="module" src="\/app\/app.js">/);
    });
  }

  test('serves oauth4webapi from node_modules as an ES module', async () => {
    const response = await fetch(`${base}/app/vendor/oauth4webapi.js`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(await response.text(), /export async function authorizationCodeGrantRequest/);
  });

  test('redirects /app to /app/', async () => {
    const response = await fetch(`${base}/app`, { redirect: 'manual' });
    assert.deepEqual([response.status, response.headers.get('location')], [308, '/app/']);
  });

  test('answers 404 with a JSON body for an unknown file', async () => {
    const response = await fetch(`${base}/app/../../etc/passwd`);
    assert.equal(response.status, 404);
    assert.equal((await response.json()).error, 'not_found');
  });

  test('is ready and live on its own port', async () => {
    const ready = await fetch(`${base}/readyz`);
    assert.deepEqual([ready.status, await ready.json()], [200, { status: 'ready' }]);
    const live = await fetch(`${base}/livez`);
    assert.deepEqual([live.status, await live.json()], [200, { status: 'live' }]);
  });
});
