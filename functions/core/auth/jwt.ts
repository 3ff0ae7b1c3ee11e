import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AppConfig, JsonWebKeySet } from '#core/config.ts';
import { UnauthenticatedError } from '#core/errors.ts';
import { ClaimsError, type Principal, principalFromClaims } from './principal.ts';
import { lifetimeIssue } from './token.ts';

/**
 * The full check of a bearer token, with jose: its RS256 signature against the key set, its
 * issuer, audience, expiry and lifetime, and its claims mapped onto a principal. token.ts loads
 * this module when the first token arrives (its own chunk of the GraphQL function's bundle, so
 * module init compiles no jose) and keeps what it verified; the key set is made once, here.
 */
export type JwtVerification = (token: string) => Promise<{ principal: Principal; expiresAt: number }>;

/** Where the keys are: a key set given inline, or its URL. */
export type KeySource = { readonly jwks: JsonWebKeySet } | { readonly url: URL };

export function createJwtVerification(auth: Pick<AppConfig['auth'], 'issuer' | 'audience'>, source: KeySource): JwtVerification {
  const keys: JWTVerifyGetKey = 'jwks' in source ? createLocalJWKSet(source.jwks as Parameters<typeof createLocalJWKSet>[0]) : createRemoteJWKSet(source.url);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
      const lifetime = lifetimeIssue(payload);
      if (lifetime) throw new UnauthenticatedError(lifetime, { challenge: 'invalid_token' });
      // Cognito access tokens carry neither the audience nor the custom scope attributes: the
      // platform takes ID tokens.
      if (payload.token_use !== undefined && payload.token_use !== 'id') {
        throw new UnauthenticatedError('an ID token is required (token_use is not "id")', { challenge: 'invalid_token' });
      }
      // jwtVerify refused an expired token and requiredClaims made `exp` a number.
      return { principal: principalFromClaims(payload), expiresAt: (payload.exp as number) * 1000 };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof ClaimsError) throw new UnauthenticatedError(error.message, { cause: error, challenge: 'invalid_token' });
      throw new UnauthenticatedError(joseProblem(error), { cause: error, challenge: 'invalid_token' });
    }
  };
}

/**
 * What is wrong with a token jose refused, in the caller's words: never the token, its claims'
 * values or the key; an error that is not jose's is a fault of ours and is thrown on.
 */
function joseProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired (exp)';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'exp':
        return 'the token has no expiry (exp)';
      case 'aud':
        return 'the token is for another audience (aud): use a token issued for this API';
      case 'iss':
        return 'the token is from another issuer (iss): use a token issued for this API';
      case 'nbf':
        return 'the token is not valid yet (nbf)';
      case 'iat':
        return 'the token is issued in the future (iat)';
      default:
        return `the token's ${error.claim} claim is not valid`;
    }
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token\'s signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token is signed by a key this API does not know (kid)';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not signed with RS256';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'the token is malformed: not a signed JWT';
  // The key set not answering (JWKSTimeout) is ours to fix, not the caller's: a masked 500, logged.
  if (error instanceof joseErrors.JOSEError && !(error instanceof joseErrors.JWKSTimeout)) return 'the token is not valid';
  throw error;
}
