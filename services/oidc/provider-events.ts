import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

import type { Logger } from '../shared/logger.ts';
import { annotateRequest, requestIdOf } from '../shared/request-log.ts';

type OAuthError = Error & { error?: string; error_description?: string; status?: number };

const errorEvents = [
  'authorization.error',
  'grant.error',
  'introspection.error',
  'revocation.error',
  'end_session.error',
  'userinfo.error',
  'discovery.error',
  'jwks.error',
  'backchannel.error',
  'pushed_authorization_request.error',
];

const successEvents = [
  'authorization.success',
  'grant.success',
  'end_session.success',
  'interaction.started',
  'interaction.ended',
];

// The provider emits events instead of logging; this turns them into log records with the
// request id, the client and the protocol outcome. Only codes and descriptions are logged, never
// the tokens, codes or secrets a request carried.
export function logProviderEvents(provider: Provider, logger: Logger): void {
  provider.use(async (ctx, next) => {
    await next();
    const clientId = ctx.oidc?.client?.clientId;
    if (clientId) annotateRequest(ctx.res, { clientId });
  });

  // The typings list each event with its own signature; these loops treat them uniformly.
  const emitter: NodeJS.EventEmitter = provider;
  for (const event of errorEvents) {
    emitter.on(event, (ctx: KoaContextWithOIDC, error: OAuthError) => {
      annotateRequest(ctx.res, { outcome: error.error ?? 'error' });
      logger.warn(
        {
          ...requestFields(ctx),
          event,
          error: error.error,
          errorDescription: error.error_description,
          status: error.status,
        },
        'oauth error',
      );
    });
  }

  for (const event of successEvents) {
    emitter.on(event, (ctx: KoaContextWithOIDC) => {
      logger.info({ ...requestFields(ctx), event }, 'oauth event');
    });
  }

  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    logger.info({ ...requestFields(ctx), event: 'grant.revoked', grantId }, 'oauth event');
  });

  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
    annotateRequest(ctx.res, { outcome: 'server_error' });
    logger.error({ ...requestFields(ctx), event: 'server_error', err: error }, 'provider failed');
  });
}

function requestFields(ctx: KoaContextWithOIDC): Record<string, unknown> {
  return {
    reqId: requestIdOf(ctx.res),
    clientId: ctx.oidc?.client?.clientId,
    route: ctx.oidc?.route,
  };
}
