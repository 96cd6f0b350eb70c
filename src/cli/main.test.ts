import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCliSync } from '../../test/support/cli.ts';

const identity = runCliSync;

describe('identity usage errors', () => {
  it('prints an unknown flag as a JSON error on stdout with --json', () => {
    const result = identity(['start', '--bogus', '--json']);
    assert.equal(result.code, 2);
    assert.deepEqual(JSON.parse(result.stdout), {
      error: { code: 'usage', exitCode: 2, message: "unknown option '--bogus'", details: [] },
    });
    assert.match(result.stderr, /^error: unknown option '--bogus'$/m);
  });

  it('keeps stdout empty for an unknown flag without --json', () => {
    const result = identity(['start', '--bogus']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
  });

  it('says a verb is needed when --json comes alone', () => {
    const result = identity(['--json']);
    assert.equal(result.code, 2);
    const body = JSON.parse(result.stdout) as { error: { message: string } };
    assert.equal(body.error.message, 'a verb is needed, e.g. identity start');
  });
});
