import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';

import { pino } from 'pino';

import { createHealthRoutes } from './health.ts';
import { replicaHeader, startHttpService } from './http-server.ts';

test('names the replica on every response, errors and health answers included', async () => {
  const service = await startHttpService({
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'silent' }),
    health: createHealthRoutes({}),
    handler: (req, res) => {
      if (req.url === '/boom') throw new Error('handler failed');
      res.writeHead(204).end();
    },
    close: async () => {},
  });
  const base = `http://127.0.0.1:${service.port}`;

  for (const path of ['/', '/livez', '/readyz', '/boom']) {
    const response = await fetch(`${base}${path}`);
    await response.arrayBuffer();
    assert.equal(response.headers.get(replicaHeader), hostname(), path);
  }
  await service.stop();
});
