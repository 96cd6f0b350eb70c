// The demo relying party: authorization code flow with PKCE (S256) as a public client, entirely
// in the browser with oauth4webapi.
// Limitation: tokens live in sessionStorage for the tab's lifetime, readable by any script on
// the page, because a demo without a backend has nowhere else to keep them; the CSP admits only
// this origin's scripts.
import * as oauth from '/app/vendor/oauth4webapi.js';

const storageKey = 'identity-demo';
const $ = (id) => document.getElementById(id);

const config = await (await fetch('/app/config.json')).json();
const issuer = new URL(config.issuer);
// The demo profile serves plain http on 127.0.0.1; oauth4webapi refuses that unless told.
const httpOptions = { [oauth.allowInsecureRequests]: issuer.protocol === 'http:' };
const client = { client_id: config.client_id };

function load() {
  return JSON.parse(sessionStorage.getItem(storageKey) ?? '{}');
}

function save(state) {
  sessionStorage.setItem(storageKey, JSON.stringify(state));
}

function show(message, error) {
  $('status').textContent = message;
  $('error').hidden = !error;
  $('error').textContent = error ? String(error.message ?? error) : '';
}

async function discover() {
  const response = await oauth.discoveryRequest(issuer, httpOptions);
  return oauth.processDiscoveryResponse(issuer, response);
}

async function login(as) {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  save({ codeVerifier, state });

  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: config.redirect_uri,
    response_type: 'code',
    scope: config.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    resource: config.api,
  }).toString();
  location.assign(url);
}

async function completeLogin(as) {
  const { codeVerifier, state } = load();
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    config.redirect_uri,
    codeVerifier,
    // The access token is for the API (RFC 8707); the ID token carries what the page shows.
    { ...httpOptions, additionalParameters: { resource: config.api } },
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response);
  save({ tokens: pickTokens(result), claims: oauth.getValidatedIdTokenClaims(result) });
  history.replaceState(null, '', '/app/');
}

async function refresh(as) {
  const current = load();
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    current.tokens.refresh_token,
    { ...httpOptions, additionalParameters: { resource: config.api } },
  );
  const result = await oauth.processRefreshTokenResponse(as, client, response);
  save({ ...current, tokens: { ...current.tokens, ...pickTokens(result) } });
}

function pickTokens(result) {
  return {
    access_token: result.access_token,
    refresh_token: result.refresh_token,
    id_token: result.id_token,
  };
}

async function callApi(path) {
  const { tokens } = load();
  const response = await fetch(`${config.api}${path}`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  const body = await response.json();
  $('api').textContent = `${response.status} ${path}\n${JSON.stringify(body, null, 2)}`;
}

function logout(as) {
  const { tokens } = load();
  sessionStorage.removeItem(storageKey);
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    id_token_hint: tokens?.id_token ?? '',
    post_logout_redirect_uri: config.post_logout_redirect_uri,
  }).toString();
  location.assign(url);
}

function render() {
  const { tokens, claims } = load();
  $('signed-in').hidden = !tokens;
  $('signed-out').hidden = Boolean(tokens);
  if (tokens) {
    $('claims').textContent = JSON.stringify(claims, null, 2);
    show(`Signed in as ${claims.preferred_username ?? claims.sub}`);
  } else {
    show('Signed out');
  }
}

function guard(action) {
  return () => action().catch((error) => show('Request failed', error));
}

async function start() {
  const as = await discover();
  $('login').addEventListener(
    'click',
    guard(() => login(as)),
  );
  $('call-me').addEventListener(
    'click',
    guard(() => callApi('/me')),
  );
  $('call-items').addEventListener(
    'click',
    guard(() => callApi('/items')),
  );
  $('refresh').addEventListener(
    'click',
    guard(async () => {
      await refresh(as);
      render();
    }),
  );
  $('logout').addEventListener('click', () => logout(as));
  // The listeners come first, so a failed callback still leaves a working "Sign in" button.
  if (location.pathname === '/app/callback') {
    try {
      await completeLogin(as);
    } catch (error) {
      sessionStorage.removeItem(storageKey);
      history.replaceState(null, '', '/app/');
      render();
      show('Sign-in failed', error);
      return;
    }
  }
  render();
}

start().catch((error) => show('The app could not start', error));
