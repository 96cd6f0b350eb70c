import type { JWK } from 'jose';
import { formatJwks, generateSigningKey, signingAlgs, type JwkSet } from './jwks.ts';

// Signing key rotation in two steps that can also run as one. Publishing adds new keys at the
// end, where they verify but do not sign (the first key per alg signs); promoting moves them to
// the front. On a running stack the CLI can wait between the two until every relying party has
// fetched the new keys, so no token carries a kid that a cached key set lacks.
export const keptPreviousKeysPerAlg = 2;

export interface JwksRotation {
  set: JwkSet;
  added: string[];
  dropped: string[];
}

export async function publishNewKeys(previous: JwkSet): Promise<JwksRotation> {
  const fresh = await Promise.all(signingAlgs.map(generateSigningKey));
  return {
    set: { keys: [...previous.keys, ...fresh] },
    added: fresh.map((key) => key.kid!),
    dropped: [],
  };
}

// The keys with the given kids first, then up to keptPreviousKeysPerAlg of the others of each
// signing alg in their order; older ones drop out. Keys of other algs are kept as they are.
export function promoteKeys(set: JwkSet, kids: string[]): JwksRotation {
  const promoted = kids.map((kid) => set.keys.find((key) => key.kid === kid)!);
  const keptCount = new Map<string, number>();
  const kept: JWK[] = [];
  const dropped: string[] = [];

  for (const key of set.keys) {
    if (kids.includes(key.kid ?? '')) continue;
    const alg = key.alg ?? '';
    const count = keptCount.get(alg) ?? 0;
    if ((signingAlgs as readonly string[]).includes(alg) && count >= keptPreviousKeysPerAlg) {
      dropped.push(key.kid ?? '(no kid)');
      continue;
    }
    keptCount.set(alg, count + 1);
    kept.push(key);
  }
  return { set: { keys: [...promoted, ...kept] }, added: kids, dropped };
}

// Both steps at once: the new keys sign from now on.
export async function rotateJwks(previous: JwkSet): Promise<JwksRotation & { content: string }> {
  const published = await publishNewKeys(previous);
  const promoted = promoteKeys(published.set, published.added);
  return { ...promoted, content: formatJwks(promoted.set) };
}
