import { createPrivateKey, X509Certificate } from 'node:crypto';
import { certificates, privateKeys } from './pem.ts';

export const minRemainingDays = 30;
// What the proxy's certificate must cover: the issuer URL is http(s)://127.0.0.1:<port>.
export const requiredHosts = { ips: ['127.0.0.1'], dns: ['localhost'] };
const dayMs = 86_400_000;

// The problems of proxy_tls: one certificate chain and one key that matches it, valid now and
// for at least minRemainingDays, for 127.0.0.1 and localhost, issued by a CA in ca_cert when
// that file is there and parses.
export function proxyTlsProblems(
  content: string,
  caContent: string | undefined,
  now: Date = new Date(),
): string[] {
  const certs = parseCertificates(content);
  if (certs === undefined) return ['holds a certificate that does not parse'];
  const keys = privateKeys(content);
  if (certs.length === 0) return ['holds no certificate (expected PEM: chain, then key)'];
  if (keys.length !== 1) return [`holds ${keys.length} private keys, expected 1`];

  const leaf = certs[0]!;
  const problems = validityProblems(leaf, 'the certificate', now);
  for (const ip of requiredHosts.ips) {
    if (leaf.checkIP(ip) === undefined) problems.push(`the certificate does not cover ${ip}`);
  }
  for (const host of requiredHosts.dns) {
    if (leaf.checkHost(host) === undefined) problems.push(`the certificate does not cover ${host}`);
  }
  if (!keyMatches(leaf, keys[0]!)) problems.push('the private key does not match the certificate');

  const cas = caContent === undefined ? undefined : parseCertificates(caContent);
  if (cas !== undefined && cas.length > 0 && !cas.some((ca) => issuedBy(leaf, ca))) {
    problems.push('the certificate was not issued by a CA in ca_cert');
  }
  return problems;
}

// The problems of ca_cert: CA certificates only, the first valid for minRemainingDays.
export function caCertProblems(content: string, now: Date = new Date()): string[] {
  const certs = parseCertificates(content);
  if (certs === undefined) return ['holds a certificate that does not parse'];
  if (certs.length === 0) return ['holds no certificate'];
  if (privateKeys(content).length > 0) {
    return ['holds a private key, expected certificates only (it is handed to clients)'];
  }
  const problems = validityProblems(certs[0]!, 'the CA certificate', now);
  if (!certs.every((cert) => cert.ca)) problems.push('holds a certificate that is not a CA');
  return problems;
}

// Public facts for listings: SHA-256 fingerprint prefix and expiry of the first certificate.
export function describeCertificate(content: string): string | undefined {
  const first = parseCertificates(content)?.[0];
  if (first === undefined) return undefined;
  const fingerprint = first.fingerprint256.replaceAll(':', '').slice(0, 16).toLowerCase();
  return `sha256:${fingerprint} until ${first.validToDate.toISOString().slice(0, 10)}`;
}

function parseCertificates(content: string): X509Certificate[] | undefined {
  try {
    return certificates(content).map((pem) => new X509Certificate(pem));
  } catch {
    // OpenSSL's message says nothing useful to a user and is not repeated.
    return undefined;
  }
}

function validityProblems(cert: X509Certificate, subject: string, now: Date): string[] {
  const until = cert.validToDate;
  const daysLeft = Math.floor((until.getTime() - now.getTime()) / dayMs);
  const date = until.toISOString().slice(0, 10);
  if (cert.validFromDate > now) return [`${subject} is not valid before ${cert.validFrom}`];
  if (daysLeft < 0) return [`${subject} expired on ${date}`];
  if (daysLeft < minRemainingDays) {
    return [`${subject} expires on ${date}, in ${daysLeft} days (less than ${minRemainingDays})`];
  }
  return [];
}

function keyMatches(cert: X509Certificate, keyPem: string): boolean {
  try {
    return cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

function issuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  try {
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}
