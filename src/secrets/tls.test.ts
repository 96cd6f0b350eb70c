import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { test } from 'node:test';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { certificates, privateKeys, splitPem } from './pem.ts';
import { caCertProblems, proxyTlsProblems } from './tls-check.ts';
import { issueTls } from './tls-generate.ts';

const dayMs = 86_400_000;
const issued = await issueTls();

test('issues a proxy PEM with the certificate, the CA and then the key', () => {
  const labels = splitPem(issued.proxyTlsPem).map((block) => block.label);
  assert.deepEqual(labels, ['CERTIFICATE', 'CERTIFICATE', 'RSA PRIVATE KEY']);
  assert.equal(certificates(issued.proxyTlsPem)[1], certificates(issued.caCertPem)[0]);
});

test('issues a certificate for 127.0.0.1 and localhost that passes the checks', () => {
  const leaf = new X509Certificate(certificates(issued.proxyTlsPem)[0]!);
  assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(leaf.checkHost('localhost'), 'localhost');
  assert.equal(leaf.ca, false);
  assert.deepEqual(proxyTlsProblems(issued.proxyTlsPem, issued.caCertPem), []);
  assert.deepEqual(caCertProblems(issued.caCertPem), []);
});

test('a TLS client that trusts ca_cert connects to 127.0.0.1 served with proxy_tls', async () => {
  const server = createServer(
    { cert: issued.proxyTlsPem, key: privateKeys(issued.proxyTlsPem)[0]! },
    (socket) => socket.end('hello'),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const socket = connect({ host: '127.0.0.1', port, ca: issued.caCertPem });
    await once(socket, 'secureConnect');
    assert.equal(socket.authorized, true);
    socket.destroy();
  } finally {
    server.close();
  }
});

test('reports a certificate that expires within 30 days', () => {
  const later = new Date(Date.now() + 350 * dayMs);
  const problems = proxyTlsProblems(issued.proxyTlsPem, issued.caCertPem, later);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0]!,
    /^the certificate expires on \d{4}-\d\d-\d\d, in 1[45] days \(less than 30\)$/,
  );
});

test('reports an expired certificate', () => {
  const later = new Date(Date.now() + 380 * dayMs);
  const problems = proxyTlsProblems(issued.proxyTlsPem, issued.caCertPem, later);
  assert.match(problems[0]!, /^the certificate expired on /);
});

test('reports a key that does not match the certificate and a foreign CA', async () => {
  const other = await issueTls();
  const [leaf, ca] = certificates(issued.proxyTlsPem);
  const mixed = `${leaf}${ca}${privateKeys(other.proxyTlsPem)[0]}`;
  assert.deepEqual(proxyTlsProblems(mixed, issued.caCertPem), [
    'the private key does not match the certificate',
  ]);
  assert.deepEqual(proxyTlsProblems(issued.proxyTlsPem, other.caCertPem), [
    'the certificate was not issued by a CA in ca_cert',
  ]);
});

test('reports a proxy PEM without a key or with a damaged certificate', () => {
  const [leaf] = certificates(issued.proxyTlsPem);
  assert.deepEqual(proxyTlsProblems(leaf!, undefined), ['holds 0 private keys, expected 1']);
  const damaged = leaf!.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
  assert.deepEqual(proxyTlsProblems(damaged, undefined), [
    'holds a certificate that does not parse',
  ]);
});

test('reports a ca_cert that holds a private key or no certificate', () => {
  assert.deepEqual(caCertProblems(issued.proxyTlsPem).length, 1);
  assert.match(caCertProblems(issued.proxyTlsPem)[0]!, /holds a private key/);
  assert.deepEqual(caCertProblems('not a pem\n'), ['holds no certificate']);
});
