import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';

import type { Pool } from '../shared/db-pool.ts';
import type { Logger } from '../shared/logger.ts';

export type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

// What one interaction step handler works with.
export type InteractionContext = {
  provider: Provider;
  pool: Pool;
  logger: Logger;
  req: IncomingMessage;
  res: ServerResponse;
  interaction: Interaction;
};
