import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspectImage } from './docker-images.ts';
import { buildOfflineKit, type KitResult } from './offline-kit.ts';

// The kit on real Docker: every image labelled as a stand-in, and a second run that changes
// nothing only compares hashes.
describe('offline kit', { timeout: 1_800_000 }, () => {
  let first: KitResult | undefined;

  before(async () => {
    first = await buildOfflineKit({ progress: () => {} });
  });

  after(() => {
    first = undefined;
  });

  it('labels every image as an offline stand-in with its source and version', async () => {
    for (const outcome of first!.images) {
      const image = await inspectImage(outcome.tag);
      assert.ok(image, `${outcome.tag} is missing`);
      assert.equal(image.labels['identity.offline'], 'true', outcome.tag);
      assert.match(image.labels['identity.offline.stands-in-for'] ?? '', /^[a-z]+:/, outcome.tag);
      assert.match(image.labels['org.opencontainers.image.source'] ?? '', /images\/offline\//);
      assert.notEqual(image.labels['org.opencontainers.image.version'] ?? '', '');
      assert.match(image.labels['identity.inputs'] ?? '', /^sha256:/);
    }
  });

  it('skips every build on a second run with the same inputs', async () => {
    const started = Date.now();
    const second = await buildOfflineKit({ progress: () => {} });
    const elapsedMs = Date.now() - started;

    assert.equal(second.rootfsReused, true);
    assert.deepEqual(
      second.images.map((image) => [image.tag, image.status]),
      first!.images.map((image) => [image.tag, 'up-to-date']),
    );
    assert.deepEqual(
      second.images.map((image) => image.imageId),
      first!.images.map((image) => image.imageId),
    );
    assert.ok(elapsedMs < 10_000, `second run took ${elapsedMs}ms`);
  });

  // Man page links of update-alternatives may stay: they point at pages dpkg never unpacked.
  it('keeps the images free of docs, man pages, apt lists and private keys', async () => {
    const { runDocker } = await import('../docker/run-docker.ts');
    for (const tag of ['identity-offline/postgres:17', 'identity-offline/haproxy:3.0']) {
      const run = await runDocker([
        'run',
        '--rm',
        '--entrypoint',
        'sh',
        tag,
        '-c',
        [
          'ls /var/lib/apt/lists | grep -v -e ^lock -e ^partial',
          'find /usr/share/man -type f',
          'find /usr/share/doc -type f ! -name copyright | head -3',
          'ls -A /etc/ssl/private 2>/dev/null',
          'true',
        ].join('; '),
      ]);
      assert.equal(run.stdout.trim(), '', `${tag} still has: ${run.stdout}`);
    }
  });
});
