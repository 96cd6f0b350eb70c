import { createHash } from 'node:crypto';
import type { SecretSpec } from './catalog.ts';
import { parseCookieKeys } from './cookie-keys.ts';
import { parseJwks } from './jwks.ts';
import { stripTrailingNewline } from './passwords.ts';
import { describeCertificate } from './tls-check.ts';

// What identifies a secret without revealing it: the kids of a JWK Set (public, in /jwks), the
// certificate's own fingerprint, or else 48 bits of a domain-separated SHA-256 of the value:
// enough to tell two copies apart or alike, too little to confirm a strong value by guessing.
export function fingerprint(spec: SecretSpec, content: string): string {
  switch (spec.kind) {
    case 'jwks':
      return jwksFingerprint(content);
    case 'tls':
    case 'ca':
      return describeCertificate(content) ?? 'unparsable';
    case 'cookie-keys': {
      const keys = parseCookieKeys(content);
      return `${keys.length} ${keys.length === 1 ? 'key' : 'keys'}, first ${hashPrefix(keys[0] ?? '')}`;
    }
    default:
      return hashPrefix(stripTrailingNewline(content));
  }
}

export function hashPrefix(value: string): string {
  const digest = createHash('sha256').update('identity secret fingerprint\0').update(value);
  return `sha256:${digest.digest('hex').slice(0, 12)}`;
}

function jwksFingerprint(content: string): string {
  try {
    const { keys } = parseJwks(content);
    return keys
      .map((key) => `${key.alg ?? key.kty ?? '?'}:${String(key.kid ?? '?').slice(0, 12)}`)
      .join(' ');
  } catch {
    // An unparsable set has no kids to show; `secrets check` says what is wrong with it.
    return 'unparsable';
  }
}
