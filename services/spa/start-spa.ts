import { access } from 'node:fs/promises';

import { loadCommonConfig } from '../shared/config.ts';
import { createHealthRoutes } from '../shared/health.ts';
import { startHttpService } from '../shared/http-server.ts';
import type { ServiceStarter } from '../shared/service-context.ts';
import { createStaticRoutes, publicFiles, type SpaConfig } from './static-routes.ts';

// spa: the browser relying party's static files and its configuration. All of the OAuth work
// happens in the browser (oauth4webapi); this service only serves files, same-origin via the proxy.
export const startSpa: ServiceStarter = async (env, logger) => {
  const common = loadCommonConfig(env, 3003);
  const origin = new URL(common.issuer).origin;
  const config: SpaConfig = {
    issuer: common.issuer,
    client_id: 'spa',
    redirect_uri: `${origin}/app/callback`,
    post_logout_redirect_uri: `${origin}/app/`,
    api: `${origin}/api`,
    scope: 'openid profile email offline_access items:read',
  };

  const files = Object.values(publicFiles);
  return startHttpService({
    port: common.port,
    logger,
    health: createHealthRoutes({
      files: async () => {
        await Promise.all(files.map((file) => access(file.path)));
      },
    }),
    handler: createStaticRoutes(config),
    close: async () => {},
  });
};
