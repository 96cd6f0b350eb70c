import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { renderBundle } from './render-bundle.ts';
import { renderForFlags } from './render-selection.ts';

describe('renderBundle', () => {
  it('gives the same bytes on every call', () => {
    assert.deepEqual(renderForFlags({}), renderForFlags({}));
  });

  it('writes no absolute path and nothing from the machine', () => {
    for (const file of renderForFlags({})) {
      assert.doesNotMatch(file.content, /\/work\/|\/home\/|\/tmp\/|\/root\//, file.path);
      assert.doesNotMatch(file.content, /\d{4}-\d\d-\d\dT\d\d:/, `${file.path} has a timestamp`);
    }
  });

  it('references only relative paths under the bundle folder', () => {
    const stack = parse(renderBundle({ profile: 'demo' })[0]!.content);
    const files = [
      ...Object.values(stack.secrets as Record<string, { file: string }>),
      ...Object.values(stack.configs as Record<string, { file: string }>),
    ].map((entry) => entry.file);
    for (const file of files) assert.match(file, /^\.\/(secrets|config)\//);
  });

  it('renders every file a bundle references', () => {
    for (const profile of ['demo', 'dev', 'ci', 'prod'] as const) {
      const files = renderBundle({ profile });
      const stack = parse(files[0]!.content);
      for (const { file } of Object.values(stack.configs as Record<string, { file: string }>)) {
        assert.ok(
          files.some((f) => `./${f.path}` === file),
          `${profile} lacks ${file}`,
        );
      }
    }
  });

  it('writes services in model order and keys in canonical order', () => {
    const stack = parse(renderBundle({ profile: 'demo' })[0]!.content);
    assert.deepEqual(Object.keys(stack), ['name', 'services', 'volumes', 'secrets', 'configs']);
    assert.deepEqual(Object.keys(stack.services), [
      'postgres',
      'migrate',
      'authz',
      'idp',
      'rs',
      'spa',
      'proxy',
      'otel-collector',
      'grafana',
    ]);
    assert.deepEqual(Object.keys(stack.services.authz).slice(0, 3), [
      'image',
      'command',
      'environment',
    ]);
  });

  it('sets the replicas of a scale and keeps the rest of the bundle', () => {
    const scaled = renderBundle({ profile: 'demo', scale: { authz: 3, idp: 2, rs: 50, spa: 1 } });
    const stack = parse(scaled[0]!.content);
    assert.equal(stack.services.authz.deploy.replicas, 3);
    assert.equal(stack.services.rs.deploy.replicas, 50);
    assert.match(scaled[0]!.content, /scale: 3x2x50x1/);
  });

  it('turns observability on: collector always on, services pointed at it by name', () => {
    const stack = parse(renderBundle({ profile: 'ci', observability: true })[0]!.content);
    assert.equal(stack.services['otel-collector'].profiles, undefined);
    for (const name of ['authz', 'idp', 'rs', 'spa', 'migrate']) {
      assert.equal(
        stack.services[name].environment.OTEL_EXPORTER_OTLP_ENDPOINT,
        '${IDENTITY_OTLP_ENDPOINT:-http://otel-collector:4318}',
      );
    }
  });
});
