import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStack } from './build-stack.ts';
import { ModelError } from './model-error.ts';
import { assertNoDemoMaterial, findDemoMaterial } from './prod-guard.ts';
import { profiles } from './profiles.ts';

function prodStack() {
  const profile = profiles.prod;
  return buildStack({ profile, scale: profile.defaultScale, observability: false });
}

describe('assertNoDemoMaterial', () => {
  it('finds no demo material in the prod model', () => {
    assert.deepEqual(findDemoMaterial(prodStack()), []);
    assert.doesNotThrow(() => assertNoDemoMaterial(profiles.prod, prodStack()));
  });

  it('refuses a prod stack that carries the demo secret and the demo seed', () => {
    const stack = prodStack();
    stack.secrets!['demo_client_secret'] = { file: './secrets/demo_client_secret' };
    stack.services['migrate']!.environment!['SEED_DEMO'] = 'true';
    assert.throws(
      () => assertNoDemoMaterial(profiles.prod, stack),
      (error: unknown) =>
        error instanceof ModelError &&
        error.code === 'demo-material-in-prod' &&
        error.message ===
          'refusing to render prod: it would carry demo material ' +
            '(secret demo_client_secret, service migrate seeds demo users)',
    );
  });

  it('lets profiles with demo material carry it', () => {
    const profile = profiles.demo;
    const stack = buildStack({ profile, scale: profile.defaultScale, observability: false });
    assert.doesNotThrow(() => assertNoDemoMaterial(profile, stack));
    assert.ok(findDemoMaterial(stack).length > 0);
  });
});
