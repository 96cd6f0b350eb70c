import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { jwksProblems } from './jwks-check.ts';
import { generateJwks, keptPreviousKeysPerAlg, parseJwks, rotateJwks } from './jwks.ts';

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

function publicSet(keys: JWK[]): { keys: JWK[] } {
  return {
    keys: keys.map((key) =>
      Object.fromEntries(
        Object.entries(key).filter(([member]) => !privateMembers.includes(member)),
      ),
    ),
  };
}

test('generates private ES256 and RS256 keys with thumbprint kids and use sig', async () => {
  const content = await generateJwks();
  const { keys } = parseJwks(content);
  assert.deepEqual(
    keys.map((key) => [key.alg, key.kty, key.use]),
    [
      ['ES256', 'EC', 'sig'],
      ['RS256', 'RSA', 'sig'],
    ],
  );
  for (const key of keys) {
    assert.match(key.kid!, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(key.d !== undefined);
  }
  assert.deepEqual(await jwksProblems(content), []);
});

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

test('reports a set that is not JSON without quoting its content', async () => {
  const content = (await generateJwks()).slice(0, 300);
  assert.deepEqual(await jwksProblems(content), ['is not valid JSON']);
});

test('reports public keys, a missing kid and a wrong use', async () => {
  const { keys } = parseJwks(await generateJwks());
  const [ec, rsa] = publicSet(keys).keys;
  const problems = await jwksProblems(
    JSON.stringify({
      keys: [
        { ...ec, kid: undefined },
        { ...rsa, use: 'enc' },
      ],
    }),
  );
  assert.deepEqual(problems, [
    'key 1 has no kid',
    'key 1 is a public key, expected a private key',
    `key "${rsa!.kid}" has use "enc", expected "sig"`,
    `key "${rsa!.kid}" is a public key, expected a private key`,
    'has no usable private ES256 key',
    'has no usable private RS256 key',
  ]);
});

test('reports a set without an RS256 key', async () => {
  const { keys } = parseJwks(await generateJwks());
  const problems = await jwksProblems(JSON.stringify({ keys: [keys[0]] }));
  assert.deepEqual(problems, ['has no usable private RS256 key']);
});

test('reports an RS256 key whose private members are damaged', async () => {
  const { keys } = parseJwks(await generateJwks());
  const damaged = { ...keys[1]!, d: keys[1]!.dq!, dp: keys[1]!.dq! };
  const problems = await jwksProblems(JSON.stringify({ keys: [keys[0], damaged] }));
  assert.deepEqual(problems, [
    `key "${damaged.kid}" signs what its public part cannot verify (damaged private part)`,
    'has no usable private RS256 key',
  ]);
});
