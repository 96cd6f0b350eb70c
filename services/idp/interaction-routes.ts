import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';

import type { Pool } from '../shared/db-pool.ts';
import { readFormBody } from '../shared/form-body.ts';
import { sendHtml } from '../shared/http-response.ts';
import type { Logger } from '../shared/logger.ts';
import { annotateRequest, requestIdOf } from '../shared/request-log.ts';
import { isServiceError } from '../shared/service-error.ts';
import { authenticateUser } from '../users/user-store.ts';
import { renderLoginPage, renderMessagePage } from './interaction-pages.ts';
import { grantConsent, showConsent } from './consent.ts';
import type { Interaction, InteractionContext } from './interaction-context.ts';

const routePattern = /^\/interaction\/([\w-]{1,64})(?:\/(login|confirm|abort))?$/;

// The login and consent steps of an authorization request. authz starts the interaction and
// redirects here; these handlers read it from the shared store through the interaction cookie,
// and hand the result back with `interactionFinished`, which redirects to authz to resume.
export function createInteractionRoutes(provider: Provider, pool: Pool, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = routePattern.exec(new URL(req.url ?? '/', 'http://idp').pathname);
    const action = match?.[2] ?? 'show';
    const allowed = action === 'show' ? ['GET', 'HEAD'] : ['POST'];
    if (!match || !allowed.includes(req.method ?? '')) {
      sendHtml(res, 404, renderMessagePage('Not found', 'There is no page at this address.'));
      return;
    }

    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(req, res);
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      annotateRequest(res, { outcome: 'interaction_expired' });
      const message =
        'This sign-in has expired or was already used. Start again from the application.';
      sendHtml(res, 400, renderMessagePage('Sign-in expired', message));
      return;
    }
    annotateRequest(res, { clientId: interaction.params['client_id'] as string });
    if (interaction.uid !== match[1]) {
      sendHtml(
        res,
        400,
        renderMessagePage('Sign-in mismatch', 'Start again from the application.'),
      );
      return;
    }

    const context = { provider, pool, logger, req, res, interaction };
    try {
      if (action === 'show') await show(context);
      else if (action === 'login') await login(context);
      else if (action === 'confirm') await grantConsent(context);
      else await abort(context);
    } catch (error) {
      if (!isServiceError(error) || !error.expose) throw error;
      sendHtml(res, error.status, renderMessagePage('Request rejected', error.message));
    }
  };
}

async function show(context: InteractionContext): Promise<void> {
  const { interaction, res } = context;
  if (interaction.prompt.name === 'login') {
    sendHtml(
      res,
      200,
      renderLoginPage({ uid: interaction.uid, clientName: await clientName(context) }),
    );
    return;
  }
  await showConsent(context, await clientName(context));
}

// Limitation: no rate limit or lockout for failed logins, because the user store has no shared
// counter yet; argon2id makes each guess slow, and failures are logged as `login_failed`.
async function login(context: InteractionContext): Promise<void> {
  const { interaction, req, res, pool, provider, logger } = context;
  if (interaction.prompt.name !== 'login') {
    sendHtml(res, 400, renderMessagePage('Already signed in', 'Continue in the application.'));
    return;
  }

  const form = await readFormBody(req);
  const username = form.get('username')?.trim() ?? '';
  const password = form.get('password') ?? '';
  const user = username && password ? await authenticateUser(pool, username, password) : undefined;
  if (!user) {
    annotateRequest(res, { outcome: 'login_failed' });
    logger.info({ reqId: requestIdOf(res), event: 'login.failed' }, 'login failed');
    const view = {
      uid: interaction.uid,
      clientName: await clientName(context),
      username,
      error: 'Wrong username or password.',
    };
    sendHtml(res, 401, renderLoginPage(view));
    return;
  }

  annotateRequest(res, { outcome: 'login_succeeded' });
  logger.info({ reqId: requestIdOf(res), event: 'login.succeeded', sub: user.id }, 'login');
  const result: InteractionResults = { login: { accountId: user.id, amr: ['pwd'] } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function abort(context: InteractionContext): Promise<void> {
  const { req, res, provider } = context;
  annotateRequest(res, { outcome: 'access_denied' });
  const result: InteractionResults = {
    error: 'access_denied',
    error_description: 'End-User aborted interaction',
  };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function clientName(context: InteractionContext): Promise<string> {
  const clientId = context.interaction.params['client_id'] as string;
  const client = await context.provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}
