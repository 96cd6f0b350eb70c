import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

// A local CA and the proxy's certificate, issued by it, for the prod profile. The CA's private
// key is used once and thrown away: nobody can issue another certificate in its name, and a new
// proxy certificate comes with a new CA (rotation keeps the old CA in ca_cert for an overlap).
export const leafValidityDays = 365;
export const caValidityDays = 400;
export const leafHosts = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };

const generateKeyPairAsync = promisify(generateKeyPair);
const dayMs = 86_400_000;

export interface IssuedTls {
  // ca_cert: the CA certificate, PEM.
  caCertPem: string;
  // proxy_tls: the proxy's certificate, then the CA's, then the proxy's key (HAProxy's format).
  proxyTlsPem: string;
}

export async function issueTls(now: Date = new Date()): Promise<IssuedTls> {
  const [caKey, leafKey] = await Promise.all([newRsaKey(3072), newRsaKey(2048)]);
  const caName = [
    { name: 'organizationName', value: 'identity' },
    { name: 'commonName', value: `identity local CA ${now.toISOString().slice(0, 10)}` },
  ];

  const ca = newCertificate(caKey, now, caValidityDays);
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const leaf = newCertificate(leafKey, now, leafValidityDays);
  leaf.setSubject([{ name: 'commonName', value: 'localhost' }]);
  leaf.setIssuer(caName);
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...leafHosts.dns.map((value) => ({ type: 2, value })),
        ...leafHosts.ips.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  leaf.sign(caKey, forge.md.sha256.create());

  // forge writes CRLF line ends; the files use LF like every other PEM tool's output.
  const caCertPem = endLine(forge.pki.certificateToPem(ca));
  const leafPem = endLine(forge.pki.certificateToPem(leaf));
  const keyPem = endLine(forge.pki.privateKeyToPem(leafKey));
  return { caCertPem, proxyTlsPem: `${leafPem}${caCertPem}${keyPem}` };
}

async function newRsaKey(modulusLength: number): Promise<forge.pki.rsa.PrivateKey> {
  // node:crypto generates the key natively; forge only signs with it.
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return forge.pki.privateKeyFromPem(privateKey);
}

function newCertificate(
  key: forge.pki.rsa.PrivateKey,
  now: Date,
  validityDays: number,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // A positive 128-bit serial: random, so two CAs never issue the same one.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  // Backdated a minute so that a clock a little behind still accepts it.
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + validityDays * dayMs);
  return cert;
}

function endLine(pem: string): string {
  return pem.replace(/\r\n/g, '\n').replace(/\n*$/, '\n');
}
