import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedService, ResolvedStack } from '../stack/resolved-stack.ts';
import { dependantsOf, planStages } from './stages.ts';

function service(name: string, dependsOn: string[] = [], oneShot = false): ResolvedService {
  return {
    name,
    image: 'identity-app:0.1.0',
    replicas: 1,
    oneShot,
    hasHealthcheck: !oneShot,
    healthcheckTest: [],
    environment: {},
    dependsOn,
    publishedPorts: [],
    secrets: [],
  };
}

function stack(services: ResolvedService[]): ResolvedStack {
  return { name: 'identity', services, secretFiles: [], volumes: [] };
}

const bundle = stack([
  service('authz', ['migrate', 'postgres']),
  service('idp', ['migrate', 'postgres']),
  service('migrate', ['postgres'], true),
  service('postgres'),
  service('proxy'),
  service('rs', ['migrate', 'postgres']),
  service('spa'),
]);

describe('planStages', () => {
  it('starts the one-shot jobs and what they need before anything else', () => {
    assert.deepEqual(
      planStages(bundle).map((stage) => [stage.name, stage.services.map((s) => s.name)]),
      [
        ['jobs', ['migrate', 'postgres']],
        ['services', ['authz', 'idp', 'proxy', 'rs', 'spa']],
      ],
    );
  });

  it('has one stage when there is no one-shot job', () => {
    const plain = stack([service('proxy'), service('spa')]);
    assert.deepEqual(
      planStages(plain).map((stage) => stage.name),
      ['services'],
    );
  });

  it('follows dependencies of dependencies into the first stage', () => {
    const chained = stack([
      service('seed', ['migrate'], true),
      service('migrate', ['postgres'], true),
      service('postgres', ['volume-init']),
      service('volume-init'),
      service('authz', ['seed']),
    ]);
    assert.deepEqual(
      planStages(chained)[0]!.services.map((s) => s.name),
      ['seed', 'migrate', 'postgres', 'volume-init'],
    );
  });
});

describe('dependantsOf', () => {
  it('lists the services that need a job, directly or through another service', () => {
    const chained = stack([...bundle.services, service('worker', ['authz'])]);
    assert.deepEqual(dependantsOf(chained, 'migrate'), ['authz', 'idp', 'rs', 'worker']);
  });
});
