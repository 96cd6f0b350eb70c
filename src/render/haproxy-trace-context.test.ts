import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { renderHaproxyConfig } from './haproxy-config.ts';

// The trace context rules of the rendered proxy configuration, run in the real proxy image in
// front of an echo of the headers a backend would get.
const proxyImage = ['identity-offline/haproxy:3.0', 'haproxy:3.0'].find(
  (image) => spawnSync('docker', ['image', 'inspect', image]).status === 0,
);
const container = `identity-unit-trace-context-${process.pid}`;
const traceparentForm = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;
const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function traceContextRules(config: string): string[] {
  const lines = config.split('\n');
  const first = lines.findIndex((line) => line.includes('# Trace context'));
  const last = lines.findIndex((line) => line.includes('capture req.hdr(traceparent)'));
  assert.ok(first > 0 && last > first, 'trace context rules in the rendered configuration');
  return lines.slice(first, last + 1);
}

describe('the proxy trace context', () => {
  const plain = renderHaproxyConfig({ tls: false });
  const tls = renderHaproxyConfig({ tls: true });
  let port = '';

  // What a backend would get: how many traceparent headers, the last one, and the tracestate.
  const sent = async (headers: [string, string][]) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/items`, { headers });
    const [count = '', traceparent = '', tracestate = ''] = (await response.text()).split('\n');
    return { count: Number(count), traceparent, tracestate };
  };

  before(async () => {
    if (proxyImage === undefined) return;
    const config = [
      'defaults',
      '  mode http',
      '  timeout client 5s',
      '  timeout connect 1s',
      '  timeout server 5s',
      'frontend public',
      '  bind :8080',
      ...traceContextRules(plain),
      '  http-request return status 200 content-type text/plain lf-string ' +
        '"%[req.fhdr_cnt(traceparent)]\\n%[req.fhdr(traceparent)]\\n%[req.fhdr(tracestate)]"',
      '',
    ].join('\n');
    // Attached, so the configuration goes in on stdin; `after` removes the container.
    const run = ['run', '--rm', '-i', '--name', container, '-p', '127.0.0.1::8080'];
    const proxy = execa(
      'docker',
      [
        ...run,
        proxyImage,
        'sh',
        '-c',
        'cat > /tmp/haproxy.cfg && exec haproxy -f /tmp/haproxy.cfg',
      ],
      { reject: false },
    );
    proxy.stdin?.end(config);
    for (let attempt = 0; attempt < 50 && port === ''; attempt += 1) {
      const mapped = await execa('docker', ['port', container, '8080/tcp'], { reject: false });
      port = String(mapped.stdout).split('\n')[0]?.split(':').at(-1) ?? '';
      if (port === '') await sleep(100);
    }
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      );
      if (ok) break;
      await sleep(100);
    }
  });

  after(async () => {
    if (proxyImage !== undefined) await execa('docker', ['rm', '-f', container], { reject: false });
  });

  it('is the same with and without TLS', () => {
    assert.deepEqual(traceContextRules(tls), traceContextRules(plain));
  });

  it(
    'starts a new trace for each request that has none',
    { skip: proxyImage === undefined && 'no proxy image built' },
    async () => {
      const first = await sent([]);
      const second = await sent([]);
      assert.equal(first.count, 1);
      assert.match(first.traceparent, traceparentForm);
      assert.match(second.traceparent, traceparentForm);
      assert.notEqual(first.traceparent.slice(3, 35), second.traceparent.slice(3, 35));
    },
  );

  it(
    'keeps one valid incoming traceparent and its tracestate',
    { skip: proxyImage === undefined && 'no proxy image built' },
    async () => {
      const kept = await sent([
        ['traceparent', incoming],
        ['tracestate', 'vendor=abc'],
      ]);
      assert.deepEqual(kept, { count: 1, traceparent: incoming, tracestate: 'vendor=abc' });
    },
  );

  it(
    'replaces an invalid, all-zero or repeated traceparent and drops the tracestate',
    { skip: proxyImage === undefined && 'no proxy image built' },
    async () => {
      const cases: [string, [string, string][]][] = [
        ['garbage', [['traceparent', 'not-a-trace']]],
        ['upper case', [['traceparent', incoming.toUpperCase()]]],
        ['zero trace id', [['traceparent', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`]]],
        [
          'zero parent id',
          [['traceparent', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`]],
        ],
        // fetch joins repeated headers into one value, as a proxy on the way may.
        ['two values', [['traceparent', `${incoming}, ${incoming}`]]],
      ];
      for (const [name, headers] of cases) {
        const result = await sent([...headers, ['tracestate', 'vendor=abc']]);
        assert.equal(result.count, 1, name);
        assert.match(result.traceparent, traceparentForm, name);
        assert.notEqual(result.traceparent, incoming, name);
        assert.equal(result.tracestate, '', name);
      }
    },
  );
});
