import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { hostCaBundle } from './app-image.ts';
import { DockerScratch } from './docker-scratch.ts';
import { offlineTags } from './image-refs.ts';
import { readNodeVersion } from './npm-dist.ts';
import { buildOfflineKit } from './offline-kit.ts';

// The node stand-in on real Docker: what the application image's build and runtime rely on.
const image = offlineTags.node;

async function npmRegistryAnswers(): Promise<boolean> {
  const ping = await execa('npm', ['ping'], { reject: false, timeout: 20_000 });
  return ping.exitCode === 0;
}

describe('node stand-in', { timeout: 600_000 }, () => {
  const scratch = new DockerScratch('node');

  before(async () => {
    await buildOfflineKit({ only: ['node'], progress: () => {} });
  });

  after(async () => {
    await scratch.cleanup();
    assert.deepEqual(await scratch.leftovers(), []);
  });

  it('runs the pinned Node.js, npm 11 and tini, as root by default', async () => {
    const run = await scratch.run([
      '--rm',
      image,
      'sh',
      '-c',
      'node --version; npm --version; tini --version; id -u; ' +
        'test -s /etc/ssl/certs/ca-certificates.crt && echo ca',
    ]);
    assert.equal(run.exitCode, 0, run.stderr);
    const [node, npm, tini, uid, ca] = run.stdout.trim().split('\n');
    assert.equal(node, `v${await readNodeVersion()}`);
    assert.match(npm ?? '', /^11\./);
    assert.match(tini ?? '', /^tini version 0\./);
    assert.equal(uid, '0');
    assert.equal(ca, 'ca');
  });

  it('has a node user with uid 1000 and a home, and runs a script given alone', async () => {
    const user = await scratch.run([
      '--rm',
      '--user',
      'node',
      image,
      'sh',
      '-c',
      'id -u; id -g; echo $HOME',
    ]);
    assert.equal(user.stdout.trim(), '1000\n1000\n/home/node');
    const script = await scratch.run(['--rm', image, '-e', 'console.log(6 * 7)']);
    assert.equal(script.stdout.trim(), '42');
  });

  it('runs `npm ci` through the host CA bundle', async (t) => {
    if (!existsSync(hostCaBundle) || !(await npmRegistryAnswers())) {
      t.skip('the npm registry does not answer from this machine');
      return;
    }
    const run = await scratch.run(
      [
        '--rm',
        '-v',
        `${hostCaBundle}:/run/secrets/ca_bundle:ro`,
        '-e',
        'NODE_EXTRA_CA_CERTS=/run/secrets/ca_bundle',
        '-w',
        '/work',
        image,
        'sh',
        '-c',
        [
          'npm init -y >/dev/null',
          'npm install --no-audit --no-fund ms@2.1.3 >/dev/null',
          'rm -rf node_modules',
          'npm ci --no-audit --no-fund',
          'node -p "require(\'ms\')(60000)"',
        ].join(' && '),
      ],
      { timeoutMs: 180_000 },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout.trim(), /1m$/);
  });
});
