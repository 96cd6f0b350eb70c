import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';

import { demoUser } from '../migrate/seed-demo.ts';
import { BrowserSession, type Hop } from '../test-support/browser-session.ts';
import { startIdentityStack, type IdentityStack } from '../test-support/identity-stack.ts';

// The whole product path over HTTP, one origin for authz, idp, rs and spa as behind the real
// proxy: authorize, idp login, consent, code + PKCE at the token endpoint, API calls, refresh
// rotation with reuse detection, revocation, introspection and RP-initiated logout.
let stack: IdentityStack;
let spa: oidc.Configuration;
let callback: string;

before(async () => {
  stack = await startIdentityStack();
  spa = await oidc.discovery(new URL(stack.issuer), 'spa', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  callback = `${stack.issuer}/app/callback`;
});
after(() => stack.stop());

type Login = {
  browser: BrowserSession;
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
};

async function startAuthorization(browser: BrowserSession) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(spa, {
    redirect_uri: callback,
    scope: 'openid profile email offline_access items:read',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return { verifier, state, hop: await browser.get(url.href) };
}

function formAction(hop: Hop): string {
  const match = /<form method="post" action="([^"]+)"/.exec(hop.body);
  assert.ok(match?.[1], `no form in page: ${hop.body.slice(0, 200)}`);
  return new URL(match[1], hop.url).href;
}

// Drives the browser through login and, when the provider asks, consent; returns at the client's
// redirect URI with the code, without redeeming it.
async function authorize(browser: BrowserSession) {
  const { verifier, state, hop } = await startAuthorization(browser);
  assert.equal(hop.status, 303);
  assert.match(hop.location ?? '', /^\/interaction\/[\w-]+$/);

  const loginPage = await browser.get(new URL(hop.location!, stack.issuer).href);
  assert.equal(loginPage.status, 200);
  assert.match(loginPage.body, /Sign in/);
  let next = await browser.postForm(formAction(loginPage), {
    username: demoUser.username,
    password: demoUser.password,
  });
  assert.equal(next.status, 303);

  next = await browser.follow(next, `${stack.issuer}/interaction/`);
  if (next.location?.startsWith('/interaction/')) {
    const consentPage = await browser.get(new URL(next.location, stack.issuer).href);
    assert.equal(consentPage.status, 200);
    assert.match(consentPage.body, /Allow access/);
    assert.match(consentPage.body, /items:read/);
    next = await browser.postForm(formAction(consentPage), {});
  }
  const final = await browser.follow(next, callback);
  assert.ok(final.location?.startsWith(callback), `ended at ${final.location}`);
  return { verifier, state, callbackUrl: new URL(final.location!) };
}

async function logIn(): Promise<Login> {
  const browser = new BrowserSession();
  const { verifier, state, callbackUrl } = await authorize(browser);
  const tokens = await oidc.authorizationCodeGrant(
    spa,
    callbackUrl,
    { pkceCodeVerifier: verifier, expectedState: state },
    { resource: `${stack.issuer}/api` },
  );
  return { browser, tokens };
}

async function api(path: string, accessToken: string) {
  const response = await fetch(`${stack.issuer}/api${path}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return { status: response.status, body: await response.json() };
}

async function rejectsWith(promise: Promise<unknown>, error: string) {
  await assert.rejects(promise, (thrown: unknown) => {
    assert.equal((thrown as oidc.ResponseBodyError).error, error, String(thrown));
    return true;
  });
}

describe('login flow through one origin', () => {
  let login: Login;

  before(async () => {
    login = await logIn();
  });

  test('issues an ID token for the demo user and an ES256 JWT access token for the API', () => {
    const claims = login.tokens.claims();
    assert.equal(claims?.preferred_username, 'demo');
    assert.equal(claims?.email, 'demo@example.test');
    assert.equal(claims?.iss, stack.issuer);

    const header = decodeProtectedHeader(login.tokens.access_token);
    const access = decodeJwt(login.tokens.access_token);
    assert.deepEqual([header.alg, header.typ], ['ES256', 'at+jwt']);
    assert.equal(access.aud, `${stack.issuer}/api`);
    assert.equal(access.sub, claims?.sub);
    assert.equal(access['scope'], 'items:read');
    assert.ok(login.tokens.refresh_token);
  });

  test('calls the API with the access token', async () => {
    const sub = login.tokens.claims()?.sub;
    assert.deepEqual(await api('/me', login.tokens.access_token), {
      status: 200,
      body: { sub, client_id: 'spa', scope: 'items:read' },
    });
    const items = await api('/items', login.tokens.access_token);
    assert.equal(items.status, 200);
    assert.equal(items.body.items.length, 3);
  });

  test('rotates refresh tokens and revokes the grant when an old one is reused', async () => {
    const first = login.tokens.refresh_token!;
    const second = await oidc.refreshTokenGrant(spa, first, { resource: `${stack.issuer}/api` });
    assert.notEqual(second.refresh_token, first);
    assert.equal((await api('/me', second.access_token)).status, 200);
    const third = await oidc.refreshTokenGrant(spa, second.refresh_token!);

    await rejectsWith(oidc.refreshTokenGrant(spa, first), 'invalid_grant');
    // Reuse means theft is possible: the whole grant, including the newest token, is gone.
    await rejectsWith(oidc.refreshTokenGrant(spa, third.refresh_token!), 'invalid_grant');
  });

  test('introspects and revokes a refresh token', async () => {
    const fresh = await logIn();
    const token = fresh.tokens.refresh_token!;
    const active = await oidc.tokenIntrospection(spa, token);
    assert.equal(active.active, true);
    assert.equal(active.client_id, 'spa');

    await oidc.tokenRevocation(spa, token);
    assert.equal((await oidc.tokenIntrospection(spa, token)).active, false);
    await rejectsWith(oidc.refreshTokenGrant(spa, token), 'invalid_grant');
  });

  test('logs out through end_session and asks for a login again', async () => {
    const { browser, tokens } = await logIn();
    const logoutUrl = oidc.buildEndSessionUrl(spa, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: `${stack.issuer}/app/`,
    });
    const confirm = await browser.get(logoutUrl.href);
    assert.equal(confirm.status, 200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1];
    assert.ok(xsrf);
    const done = await browser.postForm(`${stack.issuer}/session/end/confirm`, {
      xsrf,
      logout: 'yes',
    });
    assert.equal(done.status, 303);
    assert.equal(done.location, `${stack.issuer}/app/`);

    const again = await startAuthorization(browser);
    const page = await browser.get(new URL(again.hop.location!, stack.issuer).href);
    assert.match(page.body, /Sign in/);
  });
});

describe('login failures', () => {
  test('shows the login page again with 401 for a wrong password', async () => {
    const browser = new BrowserSession();
    const { hop } = await startAuthorization(browser);
    const page = await browser.get(new URL(hop.location!, stack.issuer).href);
    const retry = await browser.postForm(formAction(page), { username: 'demo', password: 'wrong' });
    assert.equal(retry.status, 401);
    assert.match(retry.body, /Wrong username or password/);
  });

  test('returns access_denied to the client when the user cancels', async () => {
    const browser = new BrowserSession();
    const { hop, state } = await startAuthorization(browser);
    const page = await browser.get(new URL(hop.location!, stack.issuer).href);
    const abortAction = [...page.body.matchAll(/action="([^"]+)"/g)].map((m) => m[1]).at(-1)!;
    const aborted = await browser.postForm(new URL(abortAction, stack.issuer).href, {});
    const final = await browser.follow(aborted, callback);
    const params = new URL(final.location!).searchParams;
    assert.equal(params.get('error'), 'access_denied');
    assert.equal(params.get('state'), state);
  });

  test('rejects a token request whose code_verifier does not match', async () => {
    const { state, callbackUrl } = await authorize(new BrowserSession());
    await rejectsWith(
      oidc.authorizationCodeGrant(spa, callbackUrl, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: state,
      }),
      'invalid_grant',
    );
  });

  test('refuses an authorization request without PKCE', async () => {
    const browser = new BrowserSession();
    const url = oidc.buildAuthorizationUrl(spa, { redirect_uri: callback, scope: 'openid' });
    const hop = await browser.get(url.href);
    const params = new URL(hop.location!, stack.issuer).searchParams;
    assert.equal(params.get('error'), 'invalid_request');
    assert.match(params.get('error_description') ?? '', /PKCE/);
  });
});

describe('client credentials', () => {
  test('issues a token for demo-service that the API accepts', async () => {
    const service = await oidc.discovery(
      new URL(stack.issuer),
      'demo-service',
      undefined,
      oidc.ClientSecretBasic(stack.fixture.demoClientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const tokens = await oidc.clientCredentialsGrant(service, { scope: 'items:read' });
    assert.deepEqual(await api('/me', tokens.access_token), {
      status: 200,
      body: { sub: 'demo-service', client_id: 'demo-service', scope: 'items:read' },
    });
  });

  test('rejects a wrong client secret with 401 invalid_client', async () => {
    const response = await fetch(`${stack.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('demo-service:wrong-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=items%3Aread',
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
  });
});
