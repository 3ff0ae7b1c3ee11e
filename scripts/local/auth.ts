import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { CLAIMS, type Role } from '#core/auth/principal.ts';

/**
 * The local identity provider: an RS256 key pair whose public half the server is given as a
 * JWKS, and tokens shaped like Cognito ID tokens (`cognito:groups`, `custom:communities`,
 * `custom:region`, `custom:app`, `token_use: id`), so the server verifies them with its production code path.
 */
export const LOCAL_ISSUER = 'http://localhost/safe-community-local-idp';
export const LOCAL_AUDIENCE = 'safe-community-local';

export interface SigningKey {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

/** The key pair kept under .data/, made on first use, so tokens survive restarts. */
export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SigningKey;
  const key = await createSigningKey();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

export function jwksOf(key: SigningKey): { keys: JWK[] } {
  return { keys: [key.publicJwk] };
}

export interface TokenRequest {
  readonly role: Role;
  readonly communities?: readonly string[];
  readonly region?: string;
  /** REPORT_INTAKE: the partner app's id (`custom:app`). */
  readonly app?: string;
  readonly subject?: string;
  /** A jose duration, e.g. '12h'; or an absolute epoch second, to make expired tokens in tests. */
  readonly expiresIn?: string | number;
  readonly issuer?: string;
  readonly audience?: string;
}

export async function signToken(key: SigningKey, request: TokenRequest): Promise<string> {
  const claims: Record<string, unknown> = { [CLAIMS.groups]: [request.role], token_use: 'id' };
  if (request.communities?.length) claims[CLAIMS.communities] = request.communities.join(',');
  if (request.region) claims[CLAIMS.region] = request.region;
  if (request.app) claims[CLAIMS.app] = request.app;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.privateJwk.kid ?? 'local', typ: 'JWT' })
    .setSubject(request.subject ?? `local-${request.role.toLowerCase()}`)
    .setIssuer(request.issuer ?? LOCAL_ISSUER)
    .setAudience(request.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(await importJWK(key.privateJwk, 'RS256'));
}
