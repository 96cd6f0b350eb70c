import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelError } from './model-error.ts';
import { formatScale, parseScaleSpec } from './scale-spec.ts';

const defaults = { authz: 2, idp: 2, rs: 2, spa: 2 };

function rejection(spec: string): string {
  try {
    parseScaleSpec(spec, defaults);
  } catch (error) {
    assert.ok(error instanceof ModelError);
    assert.equal(error.code, 'bad-scale-spec');
    assert.match(error.hint ?? '', /AxIxRxS/);
    return error.message;
  }
  assert.fail(`scale spec "${spec}" was accepted`);
}

describe('parseScaleSpec', () => {
  it('reads the positional form in the order authz x idp x rs x spa', () => {
    assert.deepEqual(parseScaleSpec('3x2x1x4', defaults), { authz: 3, idp: 2, rs: 1, spa: 4 });
  });

  it('reads the named form and keeps the defaults for services it leaves out', () => {
    assert.deepEqual(parseScaleSpec('authz=3,rs=1', defaults), { authz: 3, idp: 2, rs: 1, spa: 2 });
  });

  it('accepts the documented maximum of 50 and formats the scale back', () => {
    assert.equal(formatScale(parseScaleSpec('50x50x50x50', defaults)), '50x50x50x50');
  });

  it('rejects a spec with 2 parts, naming the count and the expected form', () => {
    assert.equal(
      rejection('3x2'),
      'scale spec "3x2" has 2 parts, expected 4 (authz x idp x rs x spa)',
    );
    assert.equal(
      rejection('2x2'),
      'scale spec "2x2" has 2 parts, expected 4 (authz x idp x rs x spa)',
    );
  });

  it('rejects a spec with 5 parts', () => {
    assert.equal(
      rejection('3x3x3x3x3'),
      'scale spec "3x3x3x3x3" has 5 parts, expected 4 (authz x idp x rs x spa)',
    );
  });

  it('rejects a zero count, naming the service and the range', () => {
    assert.equal(
      rejection('0x1x1x1'),
      'scale spec "0x1x1x1": authz count 0 is out of range, expected 1 to 50',
    );
  });

  it('rejects a count above the maximum', () => {
    assert.match(rejection('1x1x51x1'), /rs count 51 is out of range, expected 1 to 50/);
  });

  it('rejects a negative count in the named form', () => {
    assert.equal(
      rejection('authz=-1'),
      'scale spec "authz=-1": authz count "-1" is not a whole number from 1 to 50',
    );
  });

  it('rejects an unknown service, listing the known ones', () => {
    assert.equal(
      rejection('foo=2'),
      'scale spec "foo=2": unknown service "foo", expected one of authz, idp, rs, spa',
    );
  });

  it('rejects an empty spec with the expected forms', () => {
    assert.match(rejection(''), /^scale spec is empty, expected AxIxRxS .* or name=N\[,name=N\]/);
    assert.match(rejection('  '), /^scale spec is empty/);
  });

  it('rejects a service set twice', () => {
    assert.equal(
      rejection('authz=2,authz=3'),
      'scale spec "authz=2,authz=3": authz is set more than once',
    );
  });

  it('rejects a part that is not name=N', () => {
    assert.match(rejection('authz=2,rs'), /part "rs" is not name=N/);
  });

  it('rejects a positional part that is not a number', () => {
    assert.match(rejection('2xax2x2'), /idp count "a" is not a whole number from 1 to 50/);
    assert.match(rejection('2x2x2x'), /spa count "" is not a whole number/);
  });
});
