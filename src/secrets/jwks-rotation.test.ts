import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { jwksProblems } from './jwks-check.ts';
import {
  keptPreviousKeysPerAlg,
  promoteKeys,
  publishNewKeys,
  rotateJwks,
} from './jwks-rotation.ts';
import { generateJwks, parseJwks, publicJwkSet } from './jwks.ts';

const publicSet = publicJwkSet;

test('rotation puts new keys first and keeps the previous ones', async () => {
  const before = parseJwks(await generateJwks());
  const rotation = await rotateJwks(before);
  const { keys } = parseJwks(rotation.content);
  assert.equal(keys.length, 4);
  assert.deepEqual(
    keys.slice(0, 2).map((key) => key.kid),
    rotation.added,
  );
  assert.deepEqual(
    keys.slice(2).map((key) => key.kid),
    before.keys.map((key) => key.kid),
  );
  assert.deepEqual(await jwksProblems(rotation.content), []);
});

test('a token signed before the rotation still verifies against the rotated set', async () => {
  const before = parseJwks(await generateJwks());
  const signer = before.keys[0]!;
  const token = await new SignJWT({ scope: 'items:read' })
    .setProtectedHeader({ alg: 'ES256', kid: signer.kid! })
    .setIssuer('http://127.0.0.1:8480')
    .setExpirationTime('5m')
    .sign(await importJWK(signer, 'ES256'));

  const after = parseJwks((await rotateJwks(before)).content);
  const { payload } = await jwtVerify(token, createLocalJWKSet(publicSet(after.keys)));
  assert.equal(payload.scope, 'items:read');
});

test('rotation keeps two previous keys per alg and drops older ones', async () => {
  let set = parseJwks(await generateJwks());
  const original = set.keys.map((key) => key.kid);
  let dropped: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const rotation = await rotateJwks(set);
    set = parseJwks(rotation.content);
    dropped = rotation.dropped;
  }
  assert.equal(set.keys.length, 2 * (1 + keptPreviousKeysPerAlg));
  assert.deepEqual(dropped, original);
});

test('publishing adds new keys at the end, where they verify but do not sign', async () => {
  const before = parseJwks(await generateJwks());
  const published = await publishNewKeys(before);
  assert.deepEqual(
    published.set.keys.map((key) => key.kid),
    [...before.keys.map((key) => key.kid), ...published.added],
  );
  assert.deepEqual(await jwksProblems(JSON.stringify(published.set)), []);
});

test('promoting moves the published keys to the front', async () => {
  const before = parseJwks(await generateJwks());
  const published = await publishNewKeys(before);
  const promoted = promoteKeys(published.set, published.added);
  assert.deepEqual(
    promoted.set.keys.map((key) => key.kid),
    [...published.added, ...before.keys.map((key) => key.kid)],
  );
  assert.deepEqual(promoted.dropped, []);
});
