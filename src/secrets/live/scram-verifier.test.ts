import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { test } from 'node:test';
import { createScramVerifier } from './scram-verifier.ts';

test('builds the verifier PostgreSQL stores, from which the password cannot be read', () => {
  const salt = Buffer.alloc(16, 7);
  const verifier = createScramVerifier('a-password-of-24-characters', salt);

  const [method, rest] = verifier.split('$', 2) as [string, string];
  const [iterationsAndSalt, keys] = verifier.slice(method.length + 1).split('$') as [
    string,
    string,
  ];
  assert.equal(method, 'SCRAM-SHA-256');
  assert.equal(iterationsAndSalt, `4096:${salt.toString('base64')}`);
  assert.ok(rest.length > 0);

  // A client that knows the password proves it with this stored key (RFC 5802).
  const salted = pbkdf2Sync('a-password-of-24-characters', salt, 4096, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest('base64');
  assert.equal(keys.split(':')[0], storedKey);
  assert.ok(!verifier.includes('a-password-of-24-characters'));
});
