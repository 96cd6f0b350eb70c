import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDocker } from '../docker/run-docker.ts';
import { bundleDir } from '../paths.ts';
import { DockerScratch, waitUntil } from './docker-scratch.ts';
import { offlineTags } from './image-refs.ts';
import { buildOfflineKit } from './offline-kit.ts';

// The haproxy stand-in on real Docker: upstream's layout, user and command line.
const image = offlineTags.proxy;
const configPath = '/usr/local/etc/haproxy/haproxy.cfg';

const config = `global
  log stderr format raw local0

defaults
  mode http
  log global
  timeout connect 5s
  timeout client 30s
  timeout server 30s

frontend public
  bind :8080
  http-request return status 200 content-type text/plain string "served by the stand-in"

frontend health
  bind :8405
  http-request return status 200 content-type text/plain string "ok" if { path /healthz }
`;

// The bundles' healthcheck: bash's /dev/tcp, no HTTP client in the image.
const healthcheck = [
  'exec 3<>/dev/tcp/127.0.0.1/8405',
  "printf 'GET /healthz HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3",
  'read -r status <&3',
  '[[ "$status" == *" 200 "* ]]',
].join(' && ');

describe('haproxy stand-in', { timeout: 600_000 }, () => {
  const scratch = new DockerScratch('haproxy');
  let dir = '';
  let network = '';
  let proxy = '';

  before(async () => {
    await buildOfflineKit({ only: ['haproxy'], progress: () => {} });
    dir = await mkdtemp(join(tmpdir(), 'identity-haproxy-'));
    await writeFile(join(dir, 'haproxy.cfg'), config);
    network = await scratch.network();
    proxy = scratch.name('proxy');
    const started = await scratch.run(
      [
        '-d',
        '--network',
        network,
        '--network-alias',
        'proxy',
        '-v',
        `${dir}/haproxy.cfg:${configPath}:ro`,
        image,
      ],
      { name: proxy },
    );
    assert.equal(started.exitCode, 0, started.stderr);
  });

  after(async () => {
    await scratch.cleanup();
    assert.deepEqual(await scratch.leftovers(), []);
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the mounted config and passes the bundles' bash healthcheck", async () => {
    await waitUntil('haproxy healthy', async () => {
      const probe = await runDocker(['exec', proxy, 'bash', '-c', healthcheck], { reject: false });
      return probe.exitCode === 0;
    });

    const client = await scratch.run([
      '--rm',
      '--network',
      network,
      '--entrypoint',
      'bash',
      image,
      '-c',
      `exec 3<>/dev/tcp/proxy/8080 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3`,
    ]);
    assert.equal(client.exitCode, 0, client.stderr);
    assert.match(client.stdout, /^HTTP\/1\.1 200 OK/);
    assert.match(client.stdout, /served by the stand-in$/);
  });

  it('runs `haproxy -W -db -f <config>` as uid 99', async () => {
    const command = await runDocker(['exec', proxy, 'cat', '/proc/1/cmdline']);
    assert.equal(command.stdout.split('\0').join(' ').trim(), `haproxy -W -db -f ${configPath}`);
    const status = await runDocker(['exec', proxy, 'grep', '^Uid:', '/proc/1/status']);
    assert.match(status.stdout, /^Uid:\s+99\s/);
    const version = await runDocker(['exec', proxy, 'haproxy', '-v']);
    assert.match(version.stdout, /^HAProxy version 3\.0\./);
  });

  it(
    "accepts the bundles' rendered HTTP config",
    { skip: !existsSync(join(bundleDir, 'config', 'haproxy.cfg')) },
    async () => {
      const check = await scratch.run([
        '--rm',
        '-v',
        `${join(bundleDir, 'config', 'haproxy.cfg')}:${configPath}:ro`,
        image,
        '-c',
        '-f',
        configPath,
      ]);
      assert.equal(check.exitCode, 0, check.stderr);
    },
  );

  it('stops with exit code 0 on docker stop', async () => {
    await runDocker(['stop', proxy]);
    const exit = await runDocker(['inspect', '--format', '{{.State.ExitCode}}', proxy]);
    assert.equal(exit.stdout.trim(), '0');
  });
});
