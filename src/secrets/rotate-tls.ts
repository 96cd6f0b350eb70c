import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { certificates } from './pem.ts';
import { issueTls } from './tls-generate.ts';

// Previous CA certificates kept in ca_cert after a new CA is issued, so clients that trusted the
// old bundle keep working until they re-read it and the proxy switches.
export const keptPreviousCas = 1;

export interface TlsRotation {
  caCertPem: string;
  proxyTlsPem: string;
  keptCas: number;
}

export async function rotateTls(caCertPath: string, now: Date = new Date()): Promise<TlsRotation> {
  const issued = await issueTls(now);
  const previous = await readFile(caCertPath, 'utf8').catch(() => '');
  const kept = certificates(previous)
    .filter((pem) => stillValidCa(pem, now))
    .slice(0, keptPreviousCas);
  return {
    caCertPem: [issued.caCertPem, ...kept].join(''),
    proxyTlsPem: issued.proxyTlsPem,
    keptCas: kept.length,
  };
}

function stillValidCa(pem: string, now: Date): boolean {
  try {
    const cert = new X509Certificate(pem);
    return cert.ca && cert.validToDate > now;
  } catch {
    // A certificate that does not parse is not worth keeping; check reports the old file anyway.
    return false;
  }
}
