import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imagesFor, parseInterpolation, roleImages } from './image-refs.ts';
import { refsFor } from './image-selection.ts';

describe('image refs', () => {
  it("takes the online refs from the bundles' interpolation defaults", () => {
    assert.equal(imagesFor('postgres').envKey, 'IDENTITY_POSTGRES_IMAGE');
    assert.equal(imagesFor('postgres').online, 'postgres:17-trixie');
    assert.equal(imagesFor('proxy').online, 'haproxy:3.0');
    assert.equal(imagesFor('app').online, 'identity-app:0.1.0');
  });

  it('has a stand-in for node, postgres and the proxy and none for observability', () => {
    const withStandIn = roleImages.filter((r) => r.offline !== undefined && !r.builtHere);
    assert.deepEqual(
      withStandIn.map((r) => r.offline),
      ['identity-offline/node:24', 'identity-offline/postgres:17', 'identity-offline/haproxy:3.0'],
    );
    assert.equal(imagesFor('grafana').offline, undefined);
  });

  it('writes the stand-ins offline and the upstream refs online', () => {
    assert.deepEqual(refsFor('offline'), {
      IDENTITY_APP_IMAGE: 'identity-app:0.1.0',
      IDENTITY_NODE_IMAGE: 'identity-offline/node:24',
      IDENTITY_POSTGRES_IMAGE: 'identity-offline/postgres:17',
      IDENTITY_PROXY_IMAGE: 'identity-offline/haproxy:3.0',
    });
    assert.equal(refsFor('online')['IDENTITY_POSTGRES_IMAGE'], 'postgres:17-trixie');
  });

  it('rejects a reference without a default', () => {
    assert.throws(() => parseInterpolation('postgres:17'), /not of the form/);
  });
});
