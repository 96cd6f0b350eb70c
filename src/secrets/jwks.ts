import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

// The token signing keys: a private JWK Set with an ES256 (P-256) and an RS256 key, each with a
// `kid` (its RFC 7638 thumbprint) and `use: sig`. The first key per alg signs; the others are
// still published so tokens they signed verify until they expire.
export const signingAlgs = ['ES256', 'RS256'] as const;
export type SigningAlg = (typeof signingAlgs)[number];
export const rsaModulusBits = 2048;

export interface JwkSet {
  keys: JWK[];
}

export async function generateSigningKey(alg: SigningAlg): Promise<JWK> {
  const options = alg === 'RS256' ? { modulusLength: rsaModulusBits } : {};
  const { privateKey } = await generateKeyPair(alg, { ...options, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { kid, use: 'sig', alg, ...jwk };
}

export async function generateJwks(): Promise<string> {
  const keys = await Promise.all(signingAlgs.map(generateSigningKey));
  return formatJwks({ keys });
}

export function formatJwks(set: JwkSet): string {
  return `${JSON.stringify(set, null, 2)}\n`;
}

// A JWK Set's structure, without judging its keys. Throws with a message that never quotes the
// content; JSON.parse's own message does, so it is kept only as the cause.
export function parseJwks(content: string): JwkSet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new Error('is not valid JSON', { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as JwkSet).keys)) {
    throw new Error('is not a JWK Set (expected an object with a "keys" array)');
  }
  const keys = (parsed as JwkSet).keys;
  if (!keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))) {
    throw new Error('has a "keys" entry that is not an object');
  }
  return { keys };
}

// The members that make a JWK private (RFC 7518): an RSA or EC private key's, and a symmetric
// key's `k`. What a JWKS endpoint publishes has none of them.
export const privateJwkMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

export function publicJwkSet(keys: JWK[]): JwkSet {
  return {
    keys: keys.map((key) =>
      Object.fromEntries(
        Object.entries(key).filter(([member]) => !privateJwkMembers.includes(member)),
      ),
    ),
  };
}
