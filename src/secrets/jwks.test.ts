import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jwksProblems } from './jwks-check.ts';
import { generateJwks, parseJwks, publicJwkSet } from './jwks.ts';

const publicSet = publicJwkSet;

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
