/**
 * Who is calling, as the policy sees it: a role and the scope it holds. Built from verified JWT
 * claims in the shape Cognito ID tokens carry (`cognito:groups`, `custom:communities`,
 * `custom:region`, `custom:app`), so local tokens and Cognito tokens map through the same code.
 */
import { CLAIMS, type Role, ROLES } from './claims.ts';

// The roles and claim names live in a constants-only module the CDK app may import too.
export { CLAIMS, type Role, ROLES };

export type Principal =
  | { readonly role: 'ADMIN'; readonly subject: string }
  /** National reviewers hold no region; city or provincial centres hold their region prefix. */
  | { readonly role: 'REVIEWER'; readonly subject: string; readonly regionPrefix: string | null }
  | { readonly role: 'PROVINCIAL_ANALYST'; readonly subject: string; readonly regionPrefix: string }
  | { readonly role: 'COMMUNITY_EDITOR'; readonly subject: string; readonly communityIds: readonly string[] }
  /**
   * A partner app that takes in residents' reports (群众举报): it files reports and reads them back
   * by tracking code, nothing else (the policy's "Residents' reports" section). `regionPrefix`,
   * when its token carries one, bounds the communities it may file into.
   */
  | { readonly role: 'REPORT_INTAKE'; readonly subject: string; readonly appId: string; readonly regionPrefix: string | null };

/** The platform's staff: every role but the intake apps, which the policy keeps to their two operations. */
export type StaffPrincipal = Exclude<Principal, { readonly role: 'REPORT_INTAKE' }>;

/** An intake app's id: letters, digits and hyphens, 2 to 64 (it names the app's rate-limit window and its reports). */
export const APP_ID = /^[A-Za-z0-9][A-Za-z0-9-]{1,63}$/;

const REGION_PREFIX = /^(\d{2}|\d{4}|\d{6}|\d{9})$/;

export class ClaimsError extends Error {}

/** Maps verified claims to a principal; throws ClaimsError when they do not describe one. */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!subject) throw new ClaimsError('token has no subject');
  const groups = Array.isArray(claims[CLAIMS.groups]) ? (claims[CLAIMS.groups] as unknown[]) : [];
  // ROLES is ordered by privilege, so a user in several groups acts with the highest.
  const role = ROLES.find((candidate) => groups.includes(candidate));
  const region = typeof claims[CLAIMS.region] === 'string' ? (claims[CLAIMS.region] as string).trim() : '';
  switch (role) {
    case 'ADMIN':
      return { role, subject };
    case 'REVIEWER':
      if (region && !REGION_PREFIX.test(region)) throw new ClaimsError('reviewer region is not a division code');
      return { role, subject, regionPrefix: region || null };
    case 'PROVINCIAL_ANALYST':
      if (!REGION_PREFIX.test(region)) throw new ClaimsError('analyst token carries no region code');
      return { role, subject, regionPrefix: region };
    case 'COMMUNITY_EDITOR': {
      const raw = typeof claims[CLAIMS.communities] === 'string' ? (claims[CLAIMS.communities] as string) : '';
      const communityIds = raw.split(',').map((id) => id.trim()).filter(Boolean);
      if (communityIds.length === 0) throw new ClaimsError('editor token names no community');
      return { role, subject, communityIds };
    }
    case 'REPORT_INTAKE': {
      const appId = typeof claims[CLAIMS.app] === 'string' ? (claims[CLAIMS.app] as string).trim() : '';
      if (!APP_ID.test(appId)) throw new ClaimsError('intake token names no app (custom:app: letters, digits and hyphens)');
      if (region && !REGION_PREFIX.test(region)) throw new ClaimsError('intake region is not a division code');
      return { role, subject, appId, regionPrefix: region || null };
    }
    default:
      throw new ClaimsError('token carries no platform role');
  }
}
