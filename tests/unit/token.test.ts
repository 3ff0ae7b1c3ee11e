import { createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '#core/auth/token.ts';
import type { JsonWebKeySet } from '#core/config.ts';
import { createSigningKey, jwksOf, LOCAL_AUDIENCE, LOCAL_ISSUER, signToken } from '#local/auth.ts';

/**
 * The token verifier loads jose (core/auth/jwt.ts) with the first token, not at module init, yet
 * a key set jose would refuse still fails at creation, the cold start, as jose's key set did when
 * it was made there: the same key sets refused (jose's own createLocalJWKSet is the reference).
 */
const auth = (jwks: unknown) => ({ issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: jwks as JsonWebKeySet });

describe('the token verifier (core/auth/token.ts)', () => {
  it('refuses at creation the key sets jose refuses, and takes the ones it takes', () => {
    const candidates: unknown[] = [
      { keys: [] },
      { keys: [{ kty: 'RSA' }] },
      { keys: [{ kty: 'RSA' }, {}] },
      { keys: {} },
      { keys: [null] },
      { keys: [[]] },
      { keys: ['key'] },
      { keys: [Object.create(null)] },
      [],
      'keys',
      7,
      { other: [] },
    ];
    for (const jwks of candidates) {
      const jose = (() => {
        try {
          createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
          return 'taken';
        } catch {
          return 'refused';
        }
      })();
      const ours = (() => {
        try {
          createTokenVerifier(auth(jwks));
          return 'taken';
        } catch (error) {
          expect((error as Error).message).toBe('JSON Web Key Set malformed');
          return 'refused';
        }
      })();
      expect(ours, JSON.stringify(jwks)).toBe(jose);
    }
  });

  it('refuses at creation a key set URL that does not parse', () => {
    expect(() => createTokenVerifier({ issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwksUrl: 'not a url' })).toThrow(TypeError);
  });

  it('verifies a token with the lazily loaded check, keeps it, and refuses a forged one each time', async () => {
    const key = await createSigningKey();
    const verify = createTokenVerifier(auth(jwksOf(key)));
    const token = await signToken(key, { role: 'ADMIN' });
    const principal = await verify(`Bearer ${token}`);
    expect(principal).toEqual({ role: 'ADMIN', subject: 'local-admin' });
    expect(Object.isFrozen(principal)).toBe(true);
    expect(await verify(`Bearer ${token}`)).toBe(principal);
    const forged = await signToken(await createSigningKey(), { role: 'ADMIN' });
    await expect(verify(`Bearer ${forged}`)).rejects.toThrow(/kid|signature/);
    await expect(verify(`Bearer ${forged}`)).rejects.toThrow(/kid|signature/);
    await expect(verify('Basic abc')).rejects.toThrow(/Bearer <token>/);
    expect(await verify(undefined)).toBeNull();
  });
});
