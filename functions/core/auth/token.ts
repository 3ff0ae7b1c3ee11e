import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '#core/config.ts';
import { UnauthenticatedError } from '#core/errors.ts';
import { ClaimsError, type Principal, principalFromClaims } from './principal.ts';

/**
 * Verifies bearer tokens against a JWKS: Cognito's endpoint in AWS, the local runner's public
 * key set locally. Only the key source differs; signature, issuer, audience, expiry and claim
 * mapping are checked by this one path.
 */
export type TokenVerifier = (authorization: string | undefined) => Promise<Principal | null>;

/**
 * The longest a token may be valid: 24 hours, from its issue (`exp − iat`) and from now (`exp`
 * seen from the server's clock, with CLOCK_TOLERANCE for an issuer whose clock runs ahead). A
 * token without `exp` never expires and is refused, as is one made to last longer: a stolen
 * token then works for a day at most. Cognito's ID tokens last 1 hour (at most 24); `npm run
 * token` issues 12 hours.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

/** Why a verified token's lifetime is refused, or undefined when it is acceptable. */
export function lifetimeIssue(payload: { exp?: unknown; iat?: unknown }, nowSeconds: number = Date.now() / 1000): string | undefined {
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'the token has no expiry (exp)';
  if (typeof iat === 'number' && exp - iat > MAX_TOKEN_LIFETIME_SECONDS) return 'the token is valid for more than 24 hours';
  if (exp - nowSeconds > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) return 'the token is valid for more than 24 hours';
  return undefined;
}

export function createTokenVerifier(auth: AppConfig['auth']): TokenVerifier {
  const keys: JWTVerifyGetKey = auth.jwks
    ? createLocalJWKSet(auth.jwks as Parameters<typeof createLocalJWKSet>[0])
    : createRemoteJWKSet(new URL(auth.jwksUrl ?? ''));
  return async (authorization) => {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
    try {
      const { payload } = await jwtVerify(match[1], keys, {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
      const lifetime = lifetimeIssue(payload);
      if (lifetime) throw new UnauthenticatedError(lifetime);
      // Cognito access tokens carry neither the audience nor the custom scope attributes: the
      // platform takes ID tokens.
      if (payload.token_use !== undefined && payload.token_use !== 'id') {
        throw new UnauthenticatedError('an ID token is required');
      }
      return principalFromClaims(payload);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof ClaimsError) throw new UnauthenticatedError(error.message, { cause: error });
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('the token has expired', { cause: error });
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp') {
        throw new UnauthenticatedError('the token has no expiry (exp)', { cause: error });
      }
      if (error instanceof joseErrors.JOSEError) throw new UnauthenticatedError('the token is not valid', { cause: error });
      throw error;
    }
  };
}
