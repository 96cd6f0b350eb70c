import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cookieKeyProblems,
  generateCookieKeys,
  keptPreviousCookieKeys,
  parseCookieKeys,
  promoteCookieKey,
  publishCookieKey,
  rotateCookieKeys,
} from './cookie-keys.ts';

test('generates one key of 256 bits that passes the check', () => {
  const content = generateCookieKeys();
  assert.equal(parseCookieKeys(content).length, 1);
  assert.deepEqual(cookieKeyProblems(content), []);
});

test('rotation puts a new key first and keeps the previous one', () => {
  const before = generateCookieKeys();
  const { content, dropped } = rotateCookieKeys(before);
  const keys = parseCookieKeys(content);
  assert.equal(keys.length, 2);
  assert.equal(keys[1], parseCookieKeys(before)[0]);
  assert.equal(dropped, 0);
  assert.deepEqual(cookieKeyProblems(content), []);
});

test('rotation keeps at most two previous keys and drops older ones', () => {
  let content = generateCookieKeys();
  const first = parseCookieKeys(content)[0];
  for (let i = 0; i < 3; i += 1) content = rotateCookieKeys(content).content;
  const keys = parseCookieKeys(content);
  assert.equal(keys.length, 1 + keptPreviousCookieKeys);
  assert.ok(!keys.includes(first!));
});

test('publishing adds the new key last, where it verifies but does not sign', () => {
  const before = rotateCookieKeys(generateCookieKeys()).content;
  const { content, key } = publishCookieKey(before);
  assert.deepEqual(parseCookieKeys(content), [...parseCookieKeys(before), key]);
  assert.deepEqual(cookieKeyProblems(content), []);
});

test('promoting moves the published key first and drops keys past the overlap', () => {
  let content = generateCookieKeys();
  for (let i = 0; i < 2; i += 1) content = rotateCookieKeys(content).content;
  const previous = parseCookieKeys(content);
  const published = publishCookieKey(content);

  const promoted = promoteCookieKey(published.content, published.key);

  assert.deepEqual(parseCookieKeys(promoted.content), [published.key, ...previous.slice(0, 2)]);
  assert.equal(promoted.dropped, 1);
});

test('rejects a key with less than 256 bits of entropy, naming its line only', () => {
  const weak = 'LEAKME0123456789abcdef';
  const problems = cookieKeyProblems(`${generateCookieKeys()}${weak}\n`);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /^key on line 2 has about \d+ bits of entropy, expected 256$/);
  assert.ok(!problems[0]!.includes(weak));
});

test('rejects a hex key of 32 characters as 128 bits', () => {
  const problems = cookieKeyProblems(`${'ab'.repeat(16)}\n`);
  assert.deepEqual(problems, ['key on line 1 has about 128 bits of entropy, expected 256']);
});

test('rejects an empty file and a repeated key', () => {
  assert.deepEqual(cookieKeyProblems('\n'), ['holds no key']);
  const key = parseCookieKeys(generateCookieKeys())[0];
  assert.deepEqual(cookieKeyProblems(`${key}\n${key}\n`), ['holds the same key twice']);
});
