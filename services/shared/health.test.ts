import assert from 'node:assert/strict';
import { test } from 'node:test';

import { pino } from 'pino';

import { createHealthRoutes } from './health.ts';
import { startHttpService } from './http-server.ts';

const logger = pino({ level: 'silent' });

async function serve(checks: Parameters<typeof createHealthRoutes>[0]) {
  const health = createHealthRoutes(checks);
  const service = await startHttpService({
    port: 0,
    host: '127.0.0.1',
    logger,
    health,
    handler: (_req, res) => {
      res.writeHead(204).end();
    },
    close: async () => {},
  });
  return { service, health, base: `http://127.0.0.1:${service.port}` };
}

test('readyz lists every check when one fails', async () => {
  const { service, base } = await serve({
    database: async () => {
      throw new Error('database identity_app@db:5432/identity is not reachable (ECONNREFUSED)');
    },
    jwks: async () => {},
  });
  const response = await fetch(`${base}/readyz`);
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), {
    status: 'not-ready',
    checks: {
      database: 'error: database identity_app@db:5432/identity is not reachable (ECONNREFUSED)',
      jwks: 'ok',
    },
  });
  await service.stop();
});

test('readyz times a hanging check out after 2 s', async () => {
  const { service, base } = await serve({ database: () => new Promise(() => {}) });
  const response = await fetch(`${base}/readyz`);
  assert.deepEqual(await response.json(), {
    status: 'not-ready',
    checks: { database: 'error: timed out after 2000 ms' },
  });
  await service.stop();
});

test('readyz turns 503 while draining, livez stays 200', async () => {
  const { service, health, base } = await serve({});
  health.markDraining();
  const ready = await fetch(`${base}/readyz`);
  assert.deepEqual(await ready.json(), { status: 'not-ready', checks: { shutdown: 'draining' } });
  assert.equal((await fetch(`${base}/livez`)).status, 200);
  await service.stop();
});

test('stop finishes an in-flight request before closing', async () => {
  let release: () => void = () => {};
  const health = createHealthRoutes({});
  const service = await startHttpService({
    port: 0,
    host: '127.0.0.1',
    logger,
    health,
    handler: async (_req, res) => {
      await new Promise<void>((resolve) => (release = resolve));
      res.writeHead(200).end('done');
    },
    close: async () => {},
  });
  const pending = fetch(`http://127.0.0.1:${service.port}/slow`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const stopped = service.stop();
  release();
  const response = await pending;
  assert.equal(await response.text(), 'done');
  await stopped;
});
