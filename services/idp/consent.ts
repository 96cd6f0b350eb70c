import type { InteractionResults } from 'oidc-provider';

import { sendHtml } from '../shared/http-response.ts';
import { annotateRequest, requestIdOf } from '../shared/request-log.ts';
import { findUserById } from '../users/user-store.ts';
import type { InteractionContext } from './interaction-context.ts';
import { renderConsentPage, renderMessagePage } from './interaction-pages.ts';

type ConsentDetails = {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
};

export async function showConsent(context: InteractionContext, clientName: string): Promise<void> {
  const { interaction, res } = context;
  if (interaction.prompt.name !== 'consent') {
    sendHtml(res, 400, renderMessagePage('Unexpected step', 'Start again from the application.'));
    return;
  }
  const details = interaction.prompt.details as ConsentDetails;
  sendHtml(
    res,
    200,
    renderConsentPage({
      uid: interaction.uid,
      clientName,
      username: await usernameOf(context),
      scopes: details.missingOIDCScope ?? [],
      resources: Object.entries(details.missingResourceScopes ?? {}).map(([indicator, scopes]) => ({
        indicator,
        scopes,
      })),
    }),
  );
}

// Records what the user allowed as a Grant in the shared store, then resumes the authorization
// request at authz. An existing grant (the client asked for more) is extended, not replaced.
export async function grantConsent(context: InteractionContext): Promise<void> {
  const { interaction, provider, req, res, logger } = context;
  const accountId = interaction.session?.accountId;
  if (interaction.prompt.name !== 'consent' || !accountId) {
    sendHtml(res, 400, renderMessagePage('Unexpected step', 'Start again from the application.'));
    return;
  }

  const details = interaction.prompt.details as ConsentDetails;
  const clientId = interaction.params['client_id'] as string;
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();

  annotateRequest(res, { outcome: 'consent_granted' });
  logger.info({ reqId: requestIdOf(res), event: 'consent.granted', clientId, grantId }, 'consent');
  const result: InteractionResults = { consent: existing ? {} : { grantId } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

async function usernameOf(context: InteractionContext): Promise<string> {
  const accountId = context.interaction.session?.accountId;
  const user = accountId ? await findUserById(context.pool, accountId) : undefined;
  return user?.username ?? 'unknown user';
}
