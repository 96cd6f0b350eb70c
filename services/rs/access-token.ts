import type { IncomingMessage } from 'node:http';

import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

import { BearerError } from './bearer-error.ts';

export type AccessToken = {
  sub: string;
  clientId: string;
  scopes: string[];
};

export type VerifierOptions = {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
};

export type AccessTokenVerifier = (req: IncomingMessage) => Promise<AccessToken>;

// Checks the bearer JWT of a request: signature against the authz JWKS, issuer, audience,
// expiry and the `at+jwt` type (RFC 9068), so an ID token is never accepted as an access token.
export function createAccessTokenVerifier(options: VerifierOptions): AccessTokenVerifier {
  return async (req) => {
    const token = readBearerToken(req);

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
        algorithms: ['ES256', 'RS256'],
        clockTolerance: 5,
        requiredClaims: ['exp', 'sub', 'client_id'],
      }));
    } catch (error) {
      throw toBearerError(error);
    }

    return {
      sub: payload.sub as string,
      clientId: String(payload['client_id']),
      scopes: typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [],
    };
  };
}

export function requireScope(token: AccessToken, scope: string): void {
  if (!token.scopes.includes(scope)) {
    throw new BearerError(403, 'insufficient_scope', `access token lacks scope ${scope}`, {
      scope,
    });
  }
}

function readBearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization;
  if (!header) {
    throw new BearerError(401, 'missing_token', 'a bearer access token is required');
  }
  const match = /^Bearer +([\w~+/.-]+=*)$/i.exec(header);
  if (!match?.[1]) {
    throw new BearerError(400, 'invalid_request', 'authorization header is not "Bearer <token>"');
  }
  return match[1];
}

function toBearerError(error: unknown): BearerError {
  const invalid = (description: string) =>
    new BearerError(401, 'invalid_token', description, { cause: error });

  if (error instanceof errors.JWTExpired) return invalid('access token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalid(`access token ${error.claim} claim is invalid`);
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return invalid('access token signing key is unknown');
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return invalid('access token signature is invalid');
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return invalid('access token algorithm is not allowed');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return invalid('access token is malformed');
  }
  if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) {
    return invalid('access token is invalid');
  }
  // The key set could not be fetched: our fault, not the client's, so no 401.
  return new BearerError(
    503,
    'temporarily_unavailable',
    'token keys are unavailable, retry later',
    {
      cause: error,
    },
  );
}
