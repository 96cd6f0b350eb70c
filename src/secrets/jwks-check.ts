import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';
import { parseJwks, rsaModulusBits, signingAlgs } from './jwks.ts';

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

// The problems of a JWK Set file for the provider: every key private, with a unique kid and
// use sig; at least one usable key per signing alg. Messages name keys by kid or position.
export async function jwksProblems(content: string): Promise<string[]> {
  let keys: JWK[];
  try {
    keys = parseJwks(content).keys;
  } catch (error) {
    return [(error as Error).message];
  }
  if (keys.length === 0) return ['holds no key'];

  const problems: string[] = [];
  const kids = new Set<string>();
  const usable = new Set<string>();

  for (const [index, key] of keys.entries()) {
    const label = typeof key.kid === 'string' && key.kid !== '' ? `key "${key.kid}"` : null;
    const name = label ?? `key ${index + 1}`;
    if (label === null) problems.push(`${name} has no kid`);
    else if (kids.has(key.kid!)) problems.push(`${name} appears twice`);
    else kids.add(key.kid!);
    if (key.use !== 'sig') problems.push(`${name} has use "${String(key.use)}", expected "sig"`);
    if (key.d === undefined) problems.push(`${name} is a public key, expected a private key`);

    const alg = key.alg ?? inferAlg(key);
    if (alg === undefined) {
      problems.push(`${name} has no alg, expected one of ${signingAlgs.join(', ')}`);
      continue;
    }
    const keyProblem = await importProblem(key, alg);
    if (keyProblem !== undefined) problems.push(`${name} ${keyProblem}`);
    else if (key.d !== undefined) usable.add(alg);
  }

  for (const alg of signingAlgs) {
    if (!usable.has(alg)) problems.push(`has no usable private ${alg} key`);
  }
  return problems;
}

function inferAlg(key: JWK): string | undefined {
  if (key.kty === 'EC' && key.crv === 'P-256') return 'ES256';
  return undefined;
}

async function importProblem(key: JWK, alg: string): Promise<string | undefined> {
  if (alg === 'ES256' && (key.kty !== 'EC' || key.crv !== 'P-256')) {
    return 'is marked ES256 but is not an EC P-256 key';
  }
  if (alg === 'RS256') {
    if (key.kty !== 'RSA') return 'is marked RS256 but is not an RSA key';
    const bits = Buffer.from(key.n ?? '', 'base64url').length * 8;
    if (bits < rsaModulusBits)
      return `has a ${bits}-bit modulus, expected at least ${rsaModulusBits}`;
  }
  // Importing checks the structure only; a damaged private member imports fine, so the pair
  // signs and verifies a probe message to prove the key is whole.
  try {
    if (key.d === undefined) {
      createPublicKey({ key: key as JsonWebKey, format: 'jwk' });
      return undefined;
    }
    const privateKey = createPrivateKey({ key: key as JsonWebKey, format: 'jwk' });
    const publicKey = createPublicKey({ key: publicPart(key) as JsonWebKey, format: 'jwk' });
    const probe = Buffer.from('identity signing key check');
    return verify('sha256', probe, publicKey, sign('sha256', probe, privateKey))
      ? undefined
      : 'signs what its public part cannot verify (damaged private part)';
  } catch {
    // OpenSSL's message may describe the key material; the problem is said without it.
    const hasPrivate = privateMembers.some((member) => member in key);
    return hasPrivate ? `does not parse as a private ${alg} key` : `does not parse as a ${alg} key`;
  }
}

function publicPart(key: JWK): JWK {
  return Object.fromEntries(
    Object.entries(key).filter(([member]) => !privateMembers.includes(member)),
  ) as JWK;
}
