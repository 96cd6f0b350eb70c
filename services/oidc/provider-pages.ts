import type { KoaContextWithOIDC } from 'oidc-provider';

import { escapeHtml, renderPage } from '../shared/html.ts';

// Pages the provider renders itself. They replace the library's defaults, which load web fonts
// from a third-party host and show every error field.

export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const client = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;
  const subject = client ? ` from ${escapeHtml(client)}` : '';
  ctx.type = 'html';
  ctx.body = renderPage(
    'Sign out',
    `<p>Do you want to sign out${subject}?</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>`,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = renderPage('Signed out', '<p>You are signed out.</p>');
}

// `out` holds only the protocol error code, its public description and the state: details of
// server errors never reach it (the provider replaces them with a generic description).
export async function renderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): Promise<void> {
  ctx.type = 'html';
  ctx.body = renderPage(
    'Something went wrong',
    `<p class="error"><code>${escapeHtml(out.error)}</code></p>
<p>${escapeHtml(out.error_description ?? '')}</p>`,
  );
}
