import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { loadClients } from './clients-file.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-clients-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function clientsFile(clients: unknown): string {
  const path = join(dir, `clients-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(clients));
  return path;
}

test('replaces {origin} with the issuer origin in every string', () => {
  const path = clientsFile([
    {
      client_id: 'spa',
      redirect_uris: ['{origin}/app/callback'],
      post_logout_redirect_uris: ['{origin}/app/'],
    },
  ]);
  assert.deepEqual(loadClients(path, 'https://id.example.test:8443'), [
    {
      client_id: 'spa',
      redirect_uris: ['https://id.example.test:8443/app/callback'],
      post_logout_redirect_uris: ['https://id.example.test:8443/app/'],
    },
  ]);
});

test('reads client_secret_file into client_secret and drops the extension', () => {
  const secretPath = join(dir, 'demo_client_secret');
  writeFileSync(secretPath, 'the-secret\n');
  const path = clientsFile([{ client_id: 'demo-service', client_secret_file: secretPath }]);
  assert.deepEqual(loadClients(path, 'http://127.0.0.1:8480'), [
    { client_id: 'demo-service', client_secret: 'the-secret' },
  ]);
});

test('stops on a missing client secret file, naming the client and the path', () => {
  const secretPath = join(dir, 'absent');
  const path = clientsFile([{ client_id: 'demo-service', client_secret_file: secretPath }]);
  assert.throws(() => loadClients(path, 'http://127.0.0.1:8480'), {
    message: `client demo-service client_secret_file=${secretPath} does not exist`,
  });
});

test('rejects client_secret next to client_secret_file', () => {
  const path = clientsFile([{ client_id: 'c', client_secret: 'x', client_secret_file: '/x' }]);
  assert.throws(() => loadClients(path, 'http://127.0.0.1:8480'), {
    message: `CLIENTS_FILE=${path} [0] (client c) sets both client_secret and client_secret_file`,
  });
});

test('rejects a file that is not an array', () => {
  const path = clientsFile({ client_id: 'c' });
  assert.throws(() => loadClients(path, 'http://127.0.0.1:8480'), {
    message: `CLIENTS_FILE=${path} is not a JSON array of clients`,
  });
});

test('rejects a missing clients file', () => {
  const path = join(dir, 'none.json');
  assert.throws(() => loadClients(path, 'http://127.0.0.1:8480'), {
    message: `CLIENTS_FILE=${path} does not exist`,
  });
});
