import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { CookieSession, readForm } from './cookie-session.ts';

export const demoUser = { username: 'demo', password: 'demo-password-change-me' };

export interface LoginResult {
  config: client.Configuration;
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  session: CookieSession;
}

// Fills the idp's login form: the field that takes a password gets the password, the one that
// names the user gets the username; hidden fields keep their values.
function fillLogin(fields: Record<string, string>): Record<string, string> {
  const filled = { ...fields };
  for (const name of Object.keys(filled)) {
    if (/pass/i.test(name)) filled[name] = demoUser.password;
    else if (/user|login|email/i.test(name)) filled[name] = demoUser.username;
  }
  if (!Object.keys(filled).some((name) => /pass/i.test(name))) filled['password'] = demoUser.password;
  return filled;
}

// One full login of the demo user as the public `spa` client, over plain HTTP with
// openid-client as the relying party: authorize, login form, consent, callback, code exchange
// with PKCE. Every step goes through the proxy, so any replica may answer it.
export async function loginAsDemoUser(issuer: string, session = new CookieSession()): Promise<LoginResult> {
  const config = await client.discovery(new URL(issuer), 'spa', undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  const redirectUri = `${issuer}/app/callback`;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizeUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access items:read',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
    resource: `${issuer}/api`,
  });

  let page = await session.follow(authorizeUrl, redirectUri);
  assert.equal(page.status, 200, `login page: ${page.status}`);
  let form = readForm(await page.text(), page.url || issuer);
  page = await session.follow(form.action, redirectUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fillLogin(form.fields)),
  });
  if (page.status === 200) {
    // The consent page: grant what was asked.
    form = readForm(await page.text(), issuer);
    page = await session.follow(form.action, redirectUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields),
    });
  }
  const callback = page.headers.get('location');
  assert.ok(callback?.startsWith(redirectUri), `expected a redirect to the callback, got ${page.status} ${callback}`);

  const tokens = await client.authorizationCodeGrant(config, new URL(callback!), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { config, tokens, session };
}
