import { LRUCache } from 'lru-cache';
import type { AppConfig } from '#core/config.ts';
import { UnauthenticatedError } from '#core/errors.ts';
import type { JwtVerification, KeySource } from './jwt.ts';
import type { Principal } from './principal.ts';

/**
 * Verifies bearer tokens against a JWKS: Cognito's endpoint in AWS, the local runner's public
 * key set locally. Only the key source differs; signature, issuer, audience, expiry and claim
 * mapping are checked by this one path (jwt.ts, with jose, loaded when the first token comes:
 * module init compiles none of jose).
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
  // What jose checks when the key set is made, checked here at module init, so a malformed key
  // set or URL still fails the cold start rather than the first request (jwt.ts makes the set).
  if (auth.jwks && !isJwkSet(auth.jwks)) throw new TypeError('JSON Web Key Set malformed');
  const source: KeySource = auth.jwks ? { jwks: auth.jwks } : { url: new URL(auth.jwksUrl ?? '') };
  const verified = new LRUCache<string, Principal>({ max: VERIFIED_TOKENS_KEPT });
  let verification: Promise<JwtVerification> | undefined;
  const load = () => {
    if (!verification) {
      verification = import('./jwt.ts').then(({ createJwtVerification }) => createJwtVerification(auth, source));
      // A failed load is retried by the next token rather than kept.
      verification.catch(() => {
        verification = undefined;
      });
    }
    return verification;
  };
  return async (authorization) => {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"', { challenge: 'invalid_request' });
    const token = match[1];
    const known = verified.get(token);
    if (known) return known;
    const { principal: claimed, expiresAt } = await (await load())(token);
    // Frozen: the one object every request with this token shares.
    const principal = Object.freeze(claimed);
    // Kept until the token's own expiry (jwt.ts refused an expired one).
    const ttl = expiresAt - Date.now();
    if (ttl > 0) verified.set(token, principal, { ttl });
    return principal;
  };
}

/** jose's test of a key set (`isJwkSet`): an object whose `keys` is a list of plain objects. */
function isJwkSet(value: unknown): boolean {
  const keys = isPlainObject(value) ? (value as { keys?: unknown }).keys : undefined;
  return Array.isArray(keys) && keys.every(isPlainObject);
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.prototype.toString.call(value) !== '[object Object]') return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
