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
      });
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
      if (error instanceof joseErrors.JOSEError) throw new UnauthenticatedError('the token is not valid', { cause: error });
      throw error;
    }
  };
}
