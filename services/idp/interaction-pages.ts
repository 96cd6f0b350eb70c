import { escapeHtml, renderPage } from '../shared/html.ts';

export type LoginView = { uid: string; clientName: string; username?: string; error?: string };

export type ConsentView = {
  uid: string;
  clientName: string;
  username: string;
  scopes: string[];
  resources: { indicator: string; scopes: string[] }[];
};

const scopeLabels: Record<string, string> = {
  openid: 'sign you in',
  profile: 'see your name and username',
  email: 'see your email address',
  offline_access: 'stay signed in (keep access while you are away)',
  'items:read': 'read your items',
  'items:write': 'change your items',
};

export function renderLoginPage(view: LoginView): string {
  const uid = encodeURIComponent(view.uid);
  const error = view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : '';
  return renderPage(
    'Sign in',
    `<p>to continue to <strong>${escapeHtml(view.clientName)}</strong></p>
${error}
<form method="post" action="/interaction/${uid}/login" autocomplete="on">
<label for="username">Username</label>
<input id="username" name="username" required autofocus autocomplete="username"
  value="${escapeHtml(view.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required autocomplete="current-password">
<button type="submit">Sign in</button>
</form>
${abortForm(uid, 'Cancel')}`,
  );
}

export function renderConsentPage(view: ConsentView): string {
  const uid = encodeURIComponent(view.uid);
  const scopes = [...view.scopes, ...view.resources.flatMap((resource) => resource.scopes)];
  const items = [...new Set(scopes)]
    .map(
      (scope) =>
        `<li>${escapeHtml(scopeLabels[scope] ?? scope)} <code>${escapeHtml(scope)}</code></li>`,
    )
    .join('\n');
  return renderPage(
    'Allow access',
    `<p>Signed in as <strong>${escapeHtml(view.username)}</strong>.</p>
<p><strong>${escapeHtml(view.clientName)}</strong> asks to:</p>
<ul>
${items}
</ul>
<form method="post" action="/interaction/${uid}/confirm">
<button type="submit" autofocus>Allow</button>
</form>
${abortForm(uid, 'Deny')}`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return renderPage(title, `<p>${escapeHtml(message)}</p>`);
}

function abortForm(uid: string, label: string): string {
  return `<form method="post" action="/interaction/${uid}/abort">
<button class="secondary" type="submit">${escapeHtml(label)}</button>
</form>`;
}
