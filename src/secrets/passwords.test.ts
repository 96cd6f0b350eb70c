import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePassword, minPasswordLength, passwordProblem } from './passwords.ts';

test('generates a 43-character base64url password from 32 random bytes', () => {
  const password = generatePassword();
  assert.match(password, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(generatePassword(), password);
});

test('accepts a generated password, also with one trailing newline', () => {
  const password = generatePassword();
  assert.equal(passwordProblem(password, minPasswordLength), undefined);
  assert.equal(passwordProblem(`${password}\n`, minPasswordLength), undefined);
});

test('rejects an empty password', () => {
  assert.equal(passwordProblem('\n', minPasswordLength), 'is empty');
});

test('rejects a password shorter than the minimum without quoting it', () => {
  const problem = passwordProblem('short-LEAKME', minPasswordLength);
  assert.equal(problem, `is 12 characters long, expected at least ${minPasswordLength}`);
});

test('rejects a password that spans two lines or holds a space', () => {
  const long = 'x'.repeat(30);
  assert.match(passwordProblem(`${long}\n${long}\n`, minPasswordLength)!, /whitespace/);
  assert.match(passwordProblem(`${long} ${long}`, minPasswordLength)!, /whitespace/);
});
