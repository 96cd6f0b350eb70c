import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

type Run = { code: number | null; stdout: string; stderr: string; durationMs: number };

// Spawned asynchronously: the probed test server lives in this process's event loop.
async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', main, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr, durationMs: performance.now() - started };
}

let server: Server;
let base: string;

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') res.writeHead(200).end('{"status":"ready"}');
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 5_000).unref();
    else res.writeHead(503).end('{"status":"not-ready","checks":{"database":"error: down"}}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

describe('main.ts', () => {
  test('exits 2 with the usage for an unknown role', async () => {
    const result = await run(['frobnicate']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'unknown role "frobnicate"\nusage: main.ts authz | idp | rs | spa | migrate | healthcheck <url>\n',
    );
  });

  test('healthcheck exits 0 on a 2xx answer', async () => {
    const result = await run(['healthcheck', `${base}/ok`]);
    assert.deepEqual([result.code, result.stderr], [0, '']);
  });

  test('healthcheck exits 1 and prints the status and body otherwise', async () => {
    const result = await run(['healthcheck', `${base}/readyz`]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `healthcheck: ${base}/readyz answered 503: ` +
        '{"status":"not-ready","checks":{"database":"error: down"}}\n',
    );
  });

  test('healthcheck gives up after 3 s', async () => {
    const result = await run(['healthcheck', `${base}/slow`]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `healthcheck: ${base}/slow failed: no answer within 3000 ms\n`);
    assert.ok(result.durationMs < 4_500, `took ${result.durationMs} ms`);
  });

  test('healthcheck names a refused connection', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as { port: number }).port}/readyz`;
    closed.close();
    const result = await run(['healthcheck', url]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `healthcheck: ${url} failed: fetch failed (ECONNREFUSED)\n`);
  });

  test('a service stops at start-up naming a missing secret file, as one JSON line', async () => {
    const result = await run(['rs'], {
      IDENTITY_ISSUER: 'http://127.0.0.1:8480',
      RS_AUDIENCE: 'http://127.0.0.1:8480/api',
      JWKS_URI: 'http://authz:3000/jwks',
      PGPASSWORD_FILE: '/run/secrets/db_app_password_missing',
    });
    assert.equal(result.code, 1);
    const record = JSON.parse(result.stdout.trim());
    assert.equal(record.level, 'fatal');
    assert.equal(record.service, 'rs');
    assert.equal(
      record.msg,
      'rs failed: PGPASSWORD_FILE=/run/secrets/db_app_password_missing does not exist',
    );
    assert.equal(record.code, 'secret_missing');
  });

  test('a service stops on an issuer that is not a URL', async () => {
    const result = await run(['spa'], { IDENTITY_ISSUER: 'not a url' });
    assert.equal(result.code, 1);
    assert.match(
      JSON.parse(result.stdout.trim()).msg,
      /^spa failed: IDENTITY_ISSUER "not a url" is not a URL/,
    );
  });

  test('a service refuses PGPASSWORD and PGPASSWORD_FILE together', async () => {
    const both = await run(['rs'], {
      IDENTITY_ISSUER: 'http://127.0.0.1:8480',
      RS_AUDIENCE: 'http://127.0.0.1:8480/api',
      JWKS_URI: 'http://authz:3000/jwks',
      PGPASSWORD: 'inline',
      PGPASSWORD_FILE: '/run/secrets/db_app_password',
    });
    assert.equal(
      JSON.parse(both.stdout.trim()).msg,
      'rs failed: both PGPASSWORD and PGPASSWORD_FILE=/run/secrets/db_app_password are set, expected only one',
    );
  });
});
