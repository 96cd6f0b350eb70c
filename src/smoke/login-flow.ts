import * as client from 'openid-client';
import { CookieSession, type Fetch, readForm } from './cookie-session.ts';

export interface LoginUser {
  username: string;
  password: string;
}

export interface LoginResult {
  config: client.Configuration;
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  session: CookieSession;
}

export class LoginError extends Error {}

// Fills the idp's login form: the field that takes a password gets the password, the one that
// names the user gets the username; hidden fields keep their values.
function fillLogin(fields: Record<string, string>, user: LoginUser): Record<string, string> {
  const filled = { ...fields };
  for (const name of Object.keys(filled)) {
    if (/pass/i.test(name)) filled[name] = user.password;
    else if (/user|login|email/i.test(name)) filled[name] = user.username;
  }
  return filled;
}

async function postForm(
  session: CookieSession,
  action: URL,
  fields: Record<string, string>,
  stopAt: string,
) {
  return session.follow(action, stopAt, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

// One full login as the public `spa` client over plain HTTP with openid-client as the relying
// party: authorize, login form, consent, callback, code exchange with PKCE. Every step goes
// through the proxy, so any replica may answer it. The code exchange asks for no resource, so
// the access token is for userinfo; refresh with resource=<api> for an API token.
export async function loginAs(
  issuer: string,
  user: LoginUser,
  fetchImpl: Fetch = fetch,
): Promise<LoginResult> {
  const session = new CookieSession(fetchImpl);
  // The given fetch is used for discovery too: prod's issuer is https under a local CA.
  const customFetch: client.CustomFetch = (url, options) => fetchImpl(url, options as RequestInit);
  const config = await client.discovery(new URL(issuer), 'spa', undefined, client.None(), {
    execute: issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
    [client.customFetch]: customFetch,
  });
  config[client.customFetch] = customFetch;
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
  if (page.status !== 200) throw new LoginError(`the login page answered ${page.status}`);
  const login = readForm(await page.text(), issuer);
  page = await postForm(session, login.action, fillLogin(login.fields, user), redirectUri);
  if (page.status === 401) throw new LoginError(`the idp refused the password of ${user.username}`);
  if (page.status === 200) {
    const consent = readForm(await page.text(), issuer);
    page = await postForm(session, consent.action, consent.fields, redirectUri);
  }
  const callback = page.headers.get('location');
  if (callback === null || !callback.startsWith(redirectUri)) {
    throw new LoginError(
      `expected a redirect to the callback, got ${page.status} ${callback ?? ''}`,
    );
  }
  const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { config, tokens, session };
}

// RP-initiated logout, confirming the provider's logout form; resolves to where it redirects.
export async function logout(result: LoginResult, issuer: string): Promise<string | null> {
  const postLogout = `${issuer}/app/`;
  const url = client.buildEndSessionUrl(result.config, {
    id_token_hint: result.tokens.id_token!,
    post_logout_redirect_uri: postLogout,
  });
  let page = await result.session.follow(url, postLogout);
  if (page.status === 200) {
    const form = readForm(await page.text(), issuer);
    page = await postForm(
      result.session,
      form.action,
      { ...form.fields, logout: 'yes' },
      postLogout,
    );
  }
  return page.headers.get('location');
}
