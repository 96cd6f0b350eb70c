import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveStack } from './resolved-stack.ts';

describe('resolveStack', () => {
  it('reads a published range as its first and last port', () => {
    const stack = resolveStack({
      name: 'identity',
      services: {
        authz: {
          ports: [{ host_ip: '127.0.0.1', published: '9230-9279', target: 9229 }],
          deploy: { replicas: 2 },
        },
        proxy: { ports: [{ host_ip: '127.0.0.1', published: '8480', target: 8080 }] },
      },
    });
    assert.deepEqual(
      stack.services.map((service) => [service.name, service.replicas, service.publishedPorts]),
      [
        ['authz', 2, [{ hostIp: '127.0.0.1', published: 9230, lastPublished: 9279, target: 9229 }]],
        ['proxy', 1, [{ hostIp: '127.0.0.1', published: 8480, lastPublished: 8480, target: 8080 }]],
      ],
    );
  });

  it('counts a service as a one-shot job when another waits for it to complete', () => {
    const stack = resolveStack({
      name: 'identity',
      services: {
        migrate: {},
        authz: { depends_on: { migrate: { condition: 'service_completed_successfully' } } },
      },
    });
    assert.deepEqual(
      stack.services.map((service) => [service.name, service.oneShot]),
      [
        ['authz', false],
        ['migrate', true],
      ],
    );
  });
});
