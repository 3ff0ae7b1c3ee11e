import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
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

/**
 * Tokens verified lately, by the token itself, each until its own expiry: a front end sends one
 * token with every request for up to an hour, and checking its RS256 signature again each time
 * is most of what a warm request costs beyond its reads (bench/, foundation). A token is the
 * same bytes or another token, so a hit is the verdict the full check gave, and it expires with
 * the token's `exp`, when the full check runs again (and refuses it). Refusals are not kept: a
 * refused token is checked, and refused, each time. Bounded, least recently used out first.
 */
const VERIFIED_TOKENS_KEPT = 1000;

export function createTokenVerifier(auth: AppConfig['auth']): TokenVerifier {
  const keys: JWTVerifyGetKey = auth.jwks
    ? createLocalJWKSet(auth.jwks as Parameters<typeof createLocalJWKSet>[0])
    : createRemoteJWKSet(new URL(auth.jwksUrl ?? ''));
  const verified = new LRUCache<string, Principal>({ max: VERIFIED_TOKENS_KEPT });
  return async (authorization) => {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"', { challenge: 'invalid_request' });
    const token = match[1];
    const known = verified.get(token);
    if (known) return known;
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
      // Frozen: the one object every request with this token shares.
      const principal = Object.freeze(principalFromClaims(payload));
      // jwtVerify refused an expired token and requiredClaims made `exp` a number: kept until then.
      const ttl = (payload.exp as number) * 1000 - Date.now();
      if (ttl > 0) verified.set(token, principal, { ttl });
      return principal;
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
