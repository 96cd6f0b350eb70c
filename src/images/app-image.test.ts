import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDocker } from '../docker/run-docker.ts';
import { buildAppImage, type AppBuildSource } from './app-image.ts';
import { inspectImage } from './docker-images.ts';
import { offlineTags } from './image-refs.ts';
import { buildOfflineKit } from './offline-kit.ts';

// The application image's build and its skip, with a small Dockerfile of the same shape as
// images/app/Dockerfile: NODE_IMAGE build arg, optional ca_bundle secret.
const dockerfile = `ARG NODE_IMAGE
FROM \${NODE_IMAGE}
COPY app.js /app/app.js
RUN --mount=type=secret,id=ca_bundle,required=false \\
    if [ -s /run/secrets/ca_bundle ]; then echo with-ca; else echo without-ca; fi > /app/built
CMD ["node", "/app/app.js"]
`;

describe('application image build', { timeout: 600_000 }, () => {
  let dir = '';
  let source: AppBuildSource;

  before(async () => {
    await buildOfflineKit({ only: ['node'], progress: () => {} });
    dir = await mkdtemp(join(tmpdir(), 'identity-app-build-'));
    await writeFile(join(dir, 'Dockerfile'), dockerfile);
    await writeFile(join(dir, 'app.js'), 'console.log("one")\n');
    await writeFile(join(dir, 'ca.pem'), 'not a real bundle, only has to be non-empty\n');
    source = {
      dockerfile: join(dir, 'Dockerfile'),
      contextDir: dir,
      tag: `identity-test-app:${process.pid}`,
      caBundle: join(dir, 'ca.pem'),
    };
  });

  after(async () => {
    await runDocker(['image', 'rm', '--force', source.tag], { reject: false });
    await rm(dir, { recursive: true, force: true });
  });

  it('builds on the given Node image with the CA secret, which stays out of it', async () => {
    const outcome = await buildAppImage(offlineTags.node, false, source);
    assert.equal(outcome.status, 'built');

    const run = await runDocker([
      'run',
      '--rm',
      source.tag,
      'sh',
      '-c',
      'cat /app/built; node /app/app.js; ls /run/secrets 2>&1 | head -1',
    ]);
    assert.equal(run.stdout.trim().split('\n').slice(0, 2).join(' '), 'with-ca one');
    assert.match(run.stdout, /No such file or directory/);
  });

  it('skips an unchanged build, rebuilds a changed one and drops the old image', async () => {
    const again = await buildAppImage(offlineTags.node, false, source);
    assert.equal(again.status, 'up-to-date');

    await writeFile(join(dir, 'app.js'), 'console.log("two")\n');
    const changed = await buildAppImage(offlineTags.node, false, source);
    assert.equal(changed.status, 'built');
    assert.equal(changed.replacedImageId, again.imageId);
    assert.equal(await inspectImage(again.imageId), undefined, 'the replaced image is removed');
    const run = await runDocker(['run', '--rm', source.tag]);
    assert.equal(run.stdout.trim(), 'two');
  });

  it('rebuilds when forced', async () => {
    const forced = await buildAppImage(offlineTags.node, true, source);
    assert.equal(forced.status, 'built');
  });
});
