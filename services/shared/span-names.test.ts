import assert from 'node:assert/strict';
import { test } from 'node:test';

import { spanRoute } from './span-names.ts';

test('replaces generated ids in a path with :id and keeps route names', () => {
  const cases = [
    ['/.well-known/openid-configuration', '/.well-known/openid-configuration'],
    ['/interaction/Xq3o1dWnYh8N_RbZ2lKkP', '/interaction/:id'],
    ['/interaction/Xq3o1dWnYh8N_RbZ2lKkP/login', '/interaction/:id/login'],
    ['/session/end/confirm', '/session/end/confirm'],
    ['/token/introspection', '/token/introspection'],
    ['/api/items', '/api/items'],
  ];
  for (const [path, route] of cases) assert.equal(spanRoute(path!), route, path);
});
