import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { renderHaproxyConfig } from './haproxy-config.ts';

// The check runs the real proxy image the bundles use (the offline stand-in where no registry
// can be reached), so it checks the very HAProxy version that will load the file.
const proxyImage = ['identity-offline/haproxy:3.0', 'haproxy:3.0'].find(
  (image) => spawnSync('docker', ['image', 'inspect', image]).status === 0,
);

describe('renderHaproxyConfig', () => {
  const plain = renderHaproxyConfig({ tls: false });
  const tls = renderHaproxyConfig({ tls: true });

  it('follows every replica through Docker DNS with a server template checked on /readyz', () => {
    assert.match(plain, /nameserver dns 127\.0\.0\.11:53/);
    for (const [name, port] of [
      ['authz', 3000],
      ['idp', 3001],
      ['rs', 3002],
      ['spa', 3003],
    ]) {
      assert.match(
        plain,
        new RegExp(
          `server-template ${name} 1-50 ${name}:${port} check resolvers docker init-addr none`,
        ),
      );
    }
    assert.match(plain, /http-check send meth GET uri \/readyz/);
  });

  it('routes by path prefix with authz as the default', () => {
    assert.match(plain, /use_backend idp if \{ path_beg \/interaction\/ \}/);
    assert.match(plain, /use_backend rs if \{ path_beg \/api\/ \}/);
    assert.match(plain, /use_backend spa if \{ path_beg \/app\/ \}/);
    assert.match(plain, /default_backend authz/);
  });

  it('answers 404 for /livez and /readyz from outside and forwards scheme and host', () => {
    assert.match(plain, /return status 404 .* if \{ path_end \/livez \/readyz \}/);
    assert.match(plain, /set-header X-Forwarded-Proto https if \{ ssl_fc \}/);
    assert.match(plain, /set-header X-Forwarded-Host %\[req\.hdr\(host\)\]/);
  });

  it('sends a request whose connection fails to another replica, after at most a second', () => {
    for (const config of [plain, tls]) {
      assert.match(config, /\n  timeout connect 1s\n/);
      assert.match(config, /\n  option redispatch 1\n/);
      assert.match(config, /\n  retry-on conn-failure empty-response\n/);
    }
  });

  it('serves its own health on 8405 and terminates TLS from the proxy_tls secret', () => {
    assert.match(plain, /bind :8405/);
    assert.match(plain, /bind :8080\n/);
    assert.match(tls, /bind :8443 ssl crt \/run\/secrets\/proxy_tls/);
    assert.doesNotMatch(tls, /bind :8080/);
  });

  it('serves backend states on the container loopback only', () => {
    for (const config of [plain, tls]) {
      assert.match(
        config,
        /frontend stats\n  bind 127\.0\.0\.1:8406\n  stats enable\n  stats uri \/stats\n/,
      );
    }
  });

  it(
    'is accepted by haproxy -c',
    { skip: proxyImage === undefined && 'no proxy image built' },
    () => {
      // The configuration goes in on stdin: the container's user could not read a private temp dir.
      const result = spawnSync(
        'docker',
        [
          'run',
          '--rm',
          '-i',
          '--network',
          'none',
          proxyImage!,
          'haproxy',
          '-c',
          '-f',
          '/dev/stdin',
        ],
        { encoding: 'utf8', input: plain },
      );
      assert.equal(result.status, 0, result.stderr);
    },
  );
});
