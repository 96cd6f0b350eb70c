import { requireFileEnv, type Env } from '../shared/file-env.ts';
import { ServiceError } from '../shared/service-error.ts';

export type PrivateJwk = Record<string, unknown> & { kty: string; kid: string };

// Cookie signing keys: one a line; the first signs, the rest still verify (rotation overlap).
export function loadCookieKeys(env: Env): string[] {
  const keys = requireFileEnv('COOKIE_KEYS', env)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const short = keys.findIndex((key) => key.length < 32);
  if (short !== -1) {
    throw new ServiceError(
      `COOKIE_KEYS_FILE=${env['COOKIE_KEYS_FILE']} line ${short + 1} has a key shorter than 32 characters`,
      { code: 'secret_invalid', hint: 'regenerate the secret with `identity secrets init`' },
    );
  }
  return keys;
}

// The private JWK Set that signs ID tokens and JWT access tokens. The first key of each
// algorithm signs; later keys stay published for verification during a rotation overlap.
export function loadSigningKeys(env: Env): PrivateJwk[] {
  const subject = `JWKS_FILE=${env['JWKS_FILE']}`;
  const text = requireFileEnv('JWKS', env);

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ServiceError(`${subject} is not JSON`, { code: 'secret_invalid', cause });
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ServiceError(`${subject} has no "keys" array, expected a JWK Set`, {
      code: 'secret_invalid',
    });
  }

  keys.forEach((key, index) => checkPrivateKey(key, `${subject} keys[${index}]`));
  const jwks = keys as PrivateJwk[];
  if (!jwks.some((key) => key.kty === 'EC' && key['crv'] === 'P-256')) {
    throw new ServiceError(`${subject} has no P-256 key, access tokens are signed ES256`, {
      code: 'secret_invalid',
    });
  }
  return jwks;
}

function checkPrivateKey(key: unknown, subject: string): void {
  const jwk = key as Record<string, unknown>;
  if (typeof jwk !== 'object' || jwk === null || typeof jwk['kty'] !== 'string') {
    throw new ServiceError(`${subject} is not a JWK`, { code: 'secret_invalid' });
  }
  if (typeof jwk['kid'] !== 'string' || jwk['kid'] === '') {
    throw new ServiceError(`${subject} has no "kid"`, { code: 'secret_invalid' });
  }
  if (typeof jwk['d'] !== 'string') {
    throw new ServiceError(
      `${subject} (kid ${jwk['kid']}) is a public key, expected a private key`,
      {
        code: 'secret_invalid',
      },
    );
  }
}
