import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectSecretValues, Redactor } from './redactor.ts';

describe('Redactor', () => {
  let dir: string;
  let redactor: Redactor;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'identity-redactor-'));
    await writeFile(join(dir, 'db_app_password'), 'pw-0123456789abcdefghij');
    await writeFile(join(dir, 'cookie_keys'), 'cookie-new-0123456789\ncookie-old-0123456789\n');
    await writeFile(
      join(dir, 'jwks'),
      JSON.stringify({
        keys: [{ kty: 'EC', kid: 'public-kid-1', d: 'private-d-0123456789', x: 'pub' }],
      }),
    );
    redactor = new Redactor(await collectSecretValues([dir]));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces a password with the name of its file', () => {
    assert.equal(
      redactor.redact('connect password=pw-0123456789abcdefghij ok'),
      'connect password=[redacted:db_app_password] ok',
    );
  });

  it('replaces every cookie key, the previous ones too', () => {
    assert.equal(
      redactor.redact('a cookie-old-0123456789 b cookie-new-0123456789'),
      'a [redacted:cookie_keys] b [redacted:cookie_keys]',
    );
  });

  it('replaces the private part of a JWK and keeps its public kid', () => {
    assert.equal(
      redactor.redact('{"kid":"public-kid-1","d":"private-d-0123456789"}'),
      '{"kid":"public-kid-1","d":"[redacted:jwks]"}',
    );
  });

  it('leaves text without secrets as it is', () => {
    assert.equal(redactor.redact('nothing to see'), 'nothing to see');
  });
});
