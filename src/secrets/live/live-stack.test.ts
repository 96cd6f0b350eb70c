import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectState } from '../../stack/project-state.ts';
import type { ResolvedService } from '../../stack/resolved-stack.ts';
import { keyRefetchCooldownMs } from './key-publication.ts';
import { composeEnv, type LiveStack } from './live-stack.ts';

const state: ProjectState = {
  project: 'p',
  profile: 'demo',
  composeProfiles: [],
  files: [],
  scale: {},
  env: { IDENTITY_HTTP_PORT: '18480' },
};

test('gives Compose the variables start saved and none that this shell added', () => {
  const saved = { ...process.env };
  process.env['IDENTITY_HTTP_PORT'] = '9999';
  process.env['IDENTITY_OTLP_ENDPOINT'] = 'http://otel-collector:4318';
  try {
    const env = composeEnv(state);
    assert.equal(env['IDENTITY_HTTP_PORT'], '18480');
    assert.ok('IDENTITY_OTLP_ENDPOINT' in env);
    assert.equal(env['IDENTITY_OTLP_ENDPOINT'], undefined);
  } finally {
    process.env = saved;
  }
});

function stackWithRs(environment: Record<string, string>): LiveStack {
  const rs = { name: 'rs', environment } as unknown as ResolvedService;
  return { stack: { services: [rs] } } as unknown as LiveStack;
}

test("waits out the rs's own refetch cool-down, 30 s unless the bundle sets another", () => {
  assert.equal(keyRefetchCooldownMs(stackWithRs({})), 30_000);
  assert.equal(keyRefetchCooldownMs(stackWithRs({ JWKS_COOLDOWN_MS: '5000' })), 5_000);
  assert.equal(keyRefetchCooldownMs(stackWithRs({ JWKS_COOLDOWN_MS: 'soon' })), 30_000);
});
