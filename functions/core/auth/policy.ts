import type { CommunityStage } from '#core/taxonomy.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '#core/errors.ts';
import { notificationKeys } from '#core/db/keys.ts';
import type { Principal, StaffPrincipal } from './principal.ts';
import { type DangerAction, dangerMoveRefusal, type DangerSeverity } from '#hazard/danger-lifecycle.ts';

/**
 * The one place that decides who may read and write what. Resolvers and services ask it; none
 * of them decides on its own.
 *
 * Visibility comes first: a record the caller may not read is NOT_FOUND, so neither its fields
 * nor its existence leak. A record the caller may read but not change is FORBIDDEN.
 *
 * | action                  | ADMIN | REVIEWER (region)       | PROVINCIAL_ANALYST (region) | COMMUNITY_EDITOR (ids) |
 * |-------------------------|-------|-------------------------|-----------------------------|------------------------|
 * | region:read             | yes   | yes                     | yes                         | yes                    |
 * | community:read / list   | all   | in region (all if none) | in region                   | own communities        |
 * | community:create        | yes   | in region               | no                          | no                     |
 * | community:update        | yes   | no                      | no                          | own                    |
 * | community region move   | yes   | within region           | no                          | no                     |
 * | community stage change  | yes   | review decisions        | no                          | own, not reviews       |
 * | record:read             | all   | in region               | in region                   | own communities        |
 * | record:write            | yes   | no                      | no                          | own communities        |
 * | certification:apply     | yes   | no                      | no                          | own communities        |
 * | certification:review    | yes   | in region               | no                          | no                     |
 * | incident victim details | yes   | in region               | never                       | own communities        |
 * | aggregates (analytics)  | all   | in region (all if none) | in region                   | no                     |
 * | recomputeAggregates     | yes   | no                      | no                          | no                     |
 * | audit log of a region   | yes   | in region               | in region, no personal text | no (own community's)   |
 *
 * Records are what a community records about its creation: promotion projects and their
 * interventions, incidents, trainings and activities, surveys, certifications. They follow the
 * visibility of their community. Reviewers record on-site reviews and decisions; the community
 * itself applies. Analysts read aggregates and records, but of an incident only what is not
 * about the victim beyond age group and sex: never the description.
 *
 * Review decisions are the transitions into UNDER_REVIEW, DESIGNATED or LAPSED, and any
 * transition out of UNDER_REVIEW.
 */

export interface CommunityRef {
  readonly id: string;
  readonly regionCode: string;
}

export type CommunityAction = 'community:read' | 'community:update' | 'community:create';

const REVIEW_STAGES: ReadonlySet<CommunityStage> = new Set(['UNDER_REVIEW', 'DESIGNATED', 'LAPSED']);

/**
 * The caller as a member of the platform's staff: UNAUTHENTICATED without a token, FORBIDDEN for
 * an intake app (REPORT_INTAKE), which only the residents' reports section below lets in. Every
 * other decision of this module starts here, so an intake token is refused everywhere else.
 */
export function requirePrincipal(principal: Principal | null): StaffPrincipal {
  if (!principal) throw new UnauthenticatedError();
  if (principal.role === 'REPORT_INTAKE') throw new ForbiddenError('REPORT_INTAKE may only submit residents\' reports and read them by tracking code');
  return principal;
}

function withinRegion(regionPrefix: string | null, regionCode: string): boolean {
  return regionPrefix === null || regionCode.startsWith(regionPrefix);
}

export function canReadCommunity(principal: Principal, community: CommunityRef): boolean {
  switch (principal.role) {
    case 'ADMIN':
      return true;
    case 'REVIEWER':
    case 'PROVINCIAL_ANALYST':
      return withinRegion(principal.regionPrefix, community.regionCode);
    case 'COMMUNITY_EDITOR':
      return principal.communityIds.includes(community.id);
    case 'REPORT_INTAKE':
      return false;
  }
}

function canWriteCommunity(principal: Principal, action: CommunityAction, community: CommunityRef): boolean {
  switch (action) {
    case 'community:read':
      return canReadCommunity(principal, community);
    case 'community:create':
      return (
        principal.role === 'ADMIN' ||
        (principal.role === 'REVIEWER' && withinRegion(principal.regionPrefix, community.regionCode))
      );
    case 'community:update':
      return (
        principal.role === 'ADMIN' ||
        (principal.role === 'COMMUNITY_EDITOR' && principal.communityIds.includes(community.id))
      );
  }
}

/** Throws UNAUTHENTICATED, NOT_FOUND (not visible) or FORBIDDEN (visible, not allowed). */
export function authorizeCommunity(
  principal: Principal | null,
  action: CommunityAction,
  community: CommunityRef,
): Principal {
  const caller = requirePrincipal(principal);
  if (action !== 'community:create' && !canReadCommunity(caller, community)) {
    throw new NotFoundError('community', community.id);
  }
  if (!canWriteCommunity(caller, action, community)) {
    throw new ForbiddenError(`${caller.role} may not ${action.split(':')[1]} this community`);
  }
  return caller;
}

/**
 * Moving a community to another region changes who sees it and where it counts: an admin's
 * change, or a reviewer's whose region holds both the old and the new code. Editors may not.
 */
export function authorizeCommunityMove(principal: Principal | null, community: CommunityRef, regionCode: string): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError('community', community.id);
  const allowed =
    caller.role === 'ADMIN' ||
    (caller.role === 'REVIEWER' && (caller.regionPrefix === null || regionCode.startsWith(caller.regionPrefix)));
  if (!allowed) throw new ForbiddenError(`${caller.role} may not move a community to another region: a reviewer or an admin does`);
  return caller;
}

export function isReviewDecision(from: CommunityStage, to: CommunityStage): boolean {
  return REVIEW_STAGES.has(to) || from === 'UNDER_REVIEW';
}

/** Stage changes: the community moves itself forward; reviewers alone record review outcomes. */
export function authorizeStageChange(
  principal: Principal | null,
  community: CommunityRef,
  from: CommunityStage,
  to: CommunityStage,
): void {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError('community', community.id);
  const review = isReviewDecision(from, to);
  const allowed =
    caller.role === 'ADMIN' ||
    (review && caller.role === 'REVIEWER') ||
    (!review && caller.role === 'COMMUNITY_EDITOR' && caller.communityIds.includes(community.id));
  if (!allowed) {
    throw new ForbiddenError(
      review
        ? `moving a community from ${from} to ${to} is a review decision (REVIEWER or ADMIN)`
        : `${caller.role} may not change this community's stage`,
    );
  }
}

/** What a community listing may show the caller. */
export type CommunityListScope =
  | { readonly kind: 'region'; readonly regionPrefix: string | null }
  | { readonly kind: 'communities'; readonly communityIds: readonly string[]; readonly regionPrefix: string | null };

/**
 * Narrows a listing request to the caller's scope. Asking for a region outside one's own is
 * FORBIDDEN (the caller named the region, so nothing leaks by saying no).
 */
export function communityListScope(principal: Principal | null, requestedRegion: string | null): CommunityListScope {
  const caller = requirePrincipal(principal);
  switch (caller.role) {
    case 'ADMIN':
      return { kind: 'region', regionPrefix: requestedRegion };
    case 'REVIEWER':
    case 'PROVINCIAL_ANALYST': {
      const own = caller.regionPrefix;
      if (requestedRegion === null) return { kind: 'region', regionPrefix: own };
      if (own !== null && !requestedRegion.startsWith(own)) {
        throw new ForbiddenError(`region ${requestedRegion} is outside your region ${own}`);
      }
      return { kind: 'region', regionPrefix: requestedRegion };
    }
    case 'COMMUNITY_EDITOR':
      return { kind: 'communities', communityIds: caller.communityIds, regionPrefix: requestedRegion };
  }
}

export function authorizeRegionRead(principal: Principal | null): void {
  requirePrincipal(principal);
}

export type RecordAction = 'record:read' | 'record:write' | 'certification:apply' | 'certification:review';

function mayActOnRecord(principal: Principal, action: RecordAction, community: CommunityRef): boolean {
  const ownCommunity = principal.role === 'COMMUNITY_EDITOR' && principal.communityIds.includes(community.id);
  switch (action) {
    case 'record:read':
      return canReadCommunity(principal, community);
    case 'record:write':
    case 'certification:apply':
      return principal.role === 'ADMIN' || ownCommunity;
    case 'certification:review':
      return principal.role === 'ADMIN' || (principal.role === 'REVIEWER' && withinRegion(principal.regionPrefix, community.regionCode));
  }
}

/**
 * A community's records: NOT_FOUND when the community is not visible to the caller (the record's
 * existence does not leak), FORBIDDEN when it is visible but the action is not theirs.
 */
export function authorizeRecord(
  principal: Principal | null,
  action: RecordAction,
  community: CommunityRef,
  record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id },
): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  if (!mayActOnRecord(caller, action, community)) {
    throw new ForbiddenError(`${caller.role} may not ${action === 'record:write' ? 'change' : action.replace(':', ' ')} records of this community`);
  }
  return caller;
}

/** Whether the caller sees an incident's description (analysts read only age group and sex of a victim). */
export function canSeeIncidentDetails(principal: Principal | null, community: CommunityRef): boolean {
  return principal !== null && principal.role !== 'PROVINCIAL_ANALYST' && canReadCommunity(principal, community);
}

/**
 * The audit log of a region: ADMIN any; REVIEWER and PROVINCIAL_ANALYST their region and below;
 * COMMUNITY_EDITOR never (they read their own community's log, which authorizeRecord decides).
 * Whether personal text shows in it is canSeeIncidentDetails's decision, entry by entry.
 */
export function authorizeRegionAuditRead(principal: Principal | null, regionCode: string): Principal {
  const caller = requirePrincipal(principal);
  const inRegion =
    caller.role === 'ADMIN' ||
    ((caller.role === 'REVIEWER' || caller.role === 'PROVINCIAL_ANALYST') && (caller.regionPrefix === null || regionCode.startsWith(caller.regionPrefix)));
  if (!inRegion) throw new ForbiddenError(`${caller.role} may not read the audit log of region ${regionCode}`);
  return caller;
}

/**
 * Aggregates (analytics) of a region: ADMIN any region; REVIEWER and PROVINCIAL_ANALYST only
 * their region and below (a national reviewer, without a region, any), otherwise FORBIDDEN (the
 * caller named the region, so nothing leaks by saying no); COMMUNITY_EDITOR never: a region's
 * counters hold the figures of every community in it, not only the editor's own.
 */
export function authorizeAggregateRead(principal: Principal | null, regionCode: string): Principal {
  const caller = requirePrincipal(principal);
  switch (caller.role) {
    case 'ADMIN':
      return caller;
    case 'REVIEWER':
    case 'PROVINCIAL_ANALYST':
      if (!withinRegion(caller.regionPrefix, regionCode)) {
        throw new ForbiddenError(`region ${regionCode} is outside your region ${caller.regionPrefix ?? ''}`);
      }
      return caller;
    case 'COMMUNITY_EDITOR':
      throw new ForbiddenError('COMMUNITY_EDITOR may not read regional aggregates');
  }
}

/** Rebuilding the counters from the records reads every incident of a region: ADMIN only. */
export function authorizeAggregateMaintenance(principal: Principal | null): Principal {
  const caller = requirePrincipal(principal);
  if (caller.role !== 'ADMIN') throw new ForbiddenError(`${caller.role} may not recompute aggregates`);
  return caller;
}

/**
 * Designation review (review.md): the chain of endorsements and who scores and decides.
 *
 * | action                                   | ADMIN | REVIEWER                                           | others |
 * |------------------------------------------|-------|----------------------------------------------------|--------|
 * | assessment:read                          | all   | in region                                          | as record:read |
 * | self-assessment: open, save, submit      | yes   | no                                                 | COMMUNITY_EDITOR of it |
 * | endorse / return / accept a chain step   | yes   | at the step's level, within its region             | no     |
 * | on-site scoring, decision (CITY)         | yes   | reviewers of the community's city (4 digits)       | no     |
 * | on-site scoring, decision (NATIONAL)     | yes   | national reviewers (no region)                     | no     |
 * | review steps (INTERNATIONAL, by ISCCC)   | yes   | in region, as before                               | no     |
 * | evidence of a certification              | yes   | those who may score it                             | COMMUNITY_EDITOR of it |
 *
 * A reviewer's level is the length of their region code: 6 digits county (区县), 4 city, 2
 * province, none national; a reviewer of a town (9 digits) acts at no level of the chain.
 */
export const CHAIN_LEVELS = ['COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'] as const;
export type ChainLevel = (typeof CHAIN_LEVELS)[number];

/** Where an application waits: a level and, below national, the region code at that level. */
export interface ChainPosition {
  readonly level: ChainLevel;
  readonly regionCode: string | null;
}

/** How many digits a region code has at each level of the chain (the national centre has none). */
export const CHAIN_LEVEL_DIGITS: Readonly<Record<Exclude<ChainLevel, 'NATIONAL'>, number>> = { PROVINCE: 2, CITY: 4, COUNTY: 6 };

/** The region code of a community's county, city or province; null for the national level. */
export function chainRegionOf(level: ChainLevel, communityRegionCode: string): string | null {
  return level === 'NATIONAL' ? null : communityRegionCode.slice(0, CHAIN_LEVEL_DIGITS[level]);
}

/** The level a reviewer acts at, by the length of their region code; undefined for a town's reviewer and for other roles. */
export function reviewerLevel(principal: Principal): ChainPosition | undefined {
  if (principal.role !== 'REVIEWER') return undefined;
  const region = principal.regionPrefix;
  if (region === null) return { level: 'NATIONAL', regionCode: null };
  const level = (Object.entries(CHAIN_LEVEL_DIGITS) as [ChainLevel, number][]).find(([, digits]) => digits === region.length)?.[0];
  return level ? { level, regionCode: region } : undefined;
}

function holdsPosition(principal: Principal, position: ChainPosition): boolean {
  if (principal.role === 'ADMIN') return true;
  const own = reviewerLevel(principal);
  return own !== undefined && own.level === position.level && own.regionCode === position.regionCode;
}

const LEVEL_NAMES: Readonly<Record<ChainLevel, string>> = { COUNTY: 'county (区县)', CITY: 'city', PROVINCE: 'province', NATIONAL: 'national' };

function positionName(position: ChainPosition): string {
  return position.regionCode ? `the ${LEVEL_NAMES[position.level]} reviewers of ${position.regionCode}` : `the ${LEVEL_NAMES[position.level]} reviewers (no region)`;
}

/** A step of the endorsement chain (endorse, return, accept): the reviewers of the level it waits for. */
export function authorizeChainStep(principal: Principal | null, community: CommunityRef, waitingFor: ChainPosition, record: { readonly label: string; readonly id: string }): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  if (!holdsPosition(caller, waitingFor)) {
    throw new ForbiddenError(`this application waits for ${positionName(waitingFor)}; ${describeCaller(caller)} may not act on it`);
  }
  return caller;
}

/** Who scores on site and decides a certification of a level: the deciding level's reviewers (ISCCC's steps: reviewers in region). */
export function decidingPosition(level: 'CITY' | 'NATIONAL' | 'INTERNATIONAL', communityRegionCode: string): ChainPosition | undefined {
  if (level === 'NATIONAL') return { level: 'NATIONAL', regionCode: null };
  if (level === 'CITY') return { level: 'CITY', regionCode: chainRegionOf('CITY', communityRegionCode) };
  return undefined;
}

export function authorizeCertificationDecision(
  principal: Principal | null,
  community: CommunityRef,
  level: 'CITY' | 'NATIONAL' | 'INTERNATIONAL',
  record: { readonly label: string; readonly id: string },
): Principal {
  const position = decidingPosition(level, community.regionCode);
  if (!position) return authorizeRecord(principal, 'certification:review', community, record);
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  if (!holdsPosition(caller, position)) {
    throw new ForbiddenError(`a ${level} certification is scored and decided by ${positionName(position)}; ${describeCaller(caller)} may not`);
  }
  return caller;
}

/** Evidence of a certification: the community (its editors) or the review team that may score it. */
export function authorizeCertificationEvidence(
  principal: Principal | null,
  community: CommunityRef,
  level: 'CITY' | 'NATIONAL' | 'INTERNATIONAL',
  record: { readonly label: string; readonly id: string },
): Principal {
  const caller = requirePrincipal(principal);
  if (caller.role === 'REVIEWER') return authorizeCertificationDecision(caller, community, level, record);
  return authorizeRecord(caller, 'record:write', community, record);
}

/** Self-assessments follow their community's records: read as records, written by its editors (and ADMIN). */
export function authorizeAssessment(
  principal: Principal | null,
  action: 'assessment:read' | 'assessment:write',
  community: CommunityRef,
  record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id },
): Principal {
  return authorizeRecord(principal, action === 'assessment:read' ? 'record:read' : 'record:write', community, record);
}

/** What `pendingEndorsements` lists: the caller's own level and region; an ADMIN names one. */
export function endorsementQueue(principal: Principal | null, requested: ChainPosition | undefined): ChainPosition {
  const caller = requirePrincipal(principal);
  if (caller.role === 'ADMIN') {
    if (!requested) throw new ForbiddenError('an ADMIN names the level (and region) of the queue to read');
    return requested;
  }
  const own = reviewerLevel(caller);
  if (!own) {
    throw new ForbiddenError(
      caller.role === 'REVIEWER' ? `a reviewer of ${caller.regionPrefix} (a town) acts at no level of the endorsement chain` : `${caller.role} endorses no application`,
    );
  }
  if (requested && (requested.level !== own.level || requested.regionCode !== own.regionCode)) {
    throw new ForbiddenError(`you act for ${positionName(own)}, not ${positionName(requested)}`);
  }
  return own;
}

function describeCaller(principal: Principal): string {
  if (principal.role !== 'REVIEWER') return principal.role;
  const own = reviewerLevel(principal);
  return own ? `a reviewer of ${own.regionCode ?? 'the national centre'} (${LEVEL_NAMES[own.level]})` : `a reviewer of ${principal.regionPrefix} (a town)`;
}

/** Publishing a scoring sheet version changes how every later review is scored: ADMIN only. */
export function authorizeSheetPublication(principal: Principal | null): Principal {
  const caller = requirePrincipal(principal);
  if (caller.role !== 'ADMIN') throw new ForbiddenError(`${caller.role} may not publish a scoring sheet: an ADMIN does`);
  return caller;
}

/** Who published a scoring sheet version, and when: the review's own staff (ADMIN, REVIEWER) read it. */
export function authorizeSheetHistoryRead(principal: Principal | null): Principal {
  const caller = requirePrincipal(principal);
  if (caller.role !== 'ADMIN' && caller.role !== 'REVIEWER') throw new ForbiddenError(`${caller.role} may not read the publication history of a scoring sheet`);
  return caller;
}

/**
 * The re-review radar of a region: REVIEWER and PROVINCIAL_ANALYST within their region (a
 * national reviewer anywhere), ADMIN anywhere, FORBIDDEN outside (the caller named the region);
 * a COMMUNITY_EDITOR sees their own communities' designations only.
 */
export function designationRadarScope(principal: Principal | null, regionCode: string): { readonly communityIds?: readonly string[] } {
  const caller = requirePrincipal(principal);
  if (caller.role === 'COMMUNITY_EDITOR') return { communityIds: caller.communityIds };
  // Otherwise the scope of a region's aggregates: ADMIN any, reviewers and analysts within their region.
  authorizeAggregateRead(caller, regionCode);
  return {};
}

// ---- Generated briefings (简报, functions/briefing/) ----

/**
 * Who may generate a briefing (it writes a file, as an aggregate export does): of a region, those
 * who read its aggregates (ADMIN any, REVIEWER and PROVINCIAL_ANALYST within their region,
 * FORBIDDEN outside it, COMMUNITY_EDITOR never: a region's figures hold every community's); of a
 * community, ADMIN, reviewers and analysts whose region holds it, and its own editors. A community
 * the caller may not see is NOT_FOUND, so its existence does not leak.
 */
export function authorizeBriefing(principal: Principal | null, target: { readonly regionCode: string } | { readonly community: CommunityRef }): Principal {
  const caller = requirePrincipal(principal);
  if ('regionCode' in target) return authorizeAggregateRead(caller, target.regionCode);
  if (!canReadCommunity(caller, target.community)) throw new NotFoundError('community', target.community.id);
  return caller;
}

// ---- Review packs (评审资料包, functions/review-pack/) ----

/**
 * Who may request a community's review pack and read it (its status and download link): ADMIN,
 * the community's own editors, and REVIEWERs whose region holds the community (a national
 * reviewer any). Everyone else who sees the community (a PROVINCIAL_ANALYST in region) is
 * FORBIDDEN: the pack holds every file of the archive, incident evidence included, which analysts
 * never see. A community the caller may not see is NOT_FOUND, so its existence does not leak.
 */
export function authorizeReviewPack(principal: Principal | null, community: CommunityRef, record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id }): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  const allowed =
    caller.role === 'ADMIN' ||
    (caller.role === 'COMMUNITY_EDITOR' && caller.communityIds.includes(community.id)) ||
    (caller.role === 'REVIEWER' && withinRegion(caller.regionPrefix, community.regionCode));
  if (!allowed) throw new ForbiddenError(`${caller.role} may not build or download a community's review pack: its editors, reviewers in region and admins do`);
  return caller;
}

/**
 * Who may import incidents from a file into a community (requestIncidentImport) and read the
 * import's job (importJob, with its link to the rejected rows, which hold the rows' personal
 * text): ADMIN and the community's own editors, as for importIncidents. Anyone else who sees the
 * community is FORBIDDEN; a community the caller may not see is NOT_FOUND.
 */
export function authorizeIncidentImport(principal: Principal | null, community: CommunityRef, record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id }): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  const allowed = caller.role === 'ADMIN' || (caller.role === 'COMMUNITY_EDITOR' && caller.communityIds.includes(community.id));
  if (!allowed) throw new ForbiddenError(`${caller.role} may not import a community's incidents: its editors and admins do`);
  return caller;
}

/**
 * Notifications (issue 11, the reminders job): delivered by role and scope, never to a list of
 * people. A community's notification goes to the audiences that cover it — its editors
 * (`COMMUNITY#<id>`), the reviewers of each region code above it (`REGION#<2, 4, 6 or 9 digits>`),
 * and the national level (national reviewers and ADMIN) — and a caller reads the audience their
 * token holds:
 *
 * | caller                        | reads the audience(s)                      |
 * |-------------------------------|--------------------------------------------|
 * | ADMIN                         | NATIONAL                                   |
 * | REVIEWER, no region (national)| NATIONAL                                   |
 * | REVIEWER of a region code     | REGION#<that code>                         |
 * | COMMUNITY_EDITOR              | COMMUNITY#<id> of each of their communities|
 * | PROVINCIAL_ANALYST            | none: analysts hold no duty the job reminds|
 *
 * So an editor of another community and a reviewer of another region receive nothing, and a
 * caller sees exactly the notifications of the communities their scope covers.
 */
const NOTIFIED_REGION_DIGITS = [2, 4, 6, 9] as const;

/** The audiences a notification about `community` is delivered to. */
export function notificationAudiencesOf(community: CommunityRef): string[] {
  const regions = NOTIFIED_REGION_DIGITS.filter((digits) => community.regionCode.length >= digits).map((digits) => notificationKeys.regionAudience(community.regionCode.slice(0, digits)));
  return [notificationKeys.communityAudience(community.id), ...regions, notificationKeys.nationalAudience];
}

/** The audiences whose notifications the caller reads (UNAUTHENTICATED without a token). */
export function notificationAudiencesFor(principal: Principal | null): { readonly caller: Principal; readonly audiences: readonly string[] } {
  const caller = requirePrincipal(principal);
  switch (caller.role) {
    case 'ADMIN':
      return { caller, audiences: [notificationKeys.nationalAudience] };
    case 'REVIEWER':
      return { caller, audiences: [caller.regionPrefix === null ? notificationKeys.nationalAudience : notificationKeys.regionAudience(caller.regionPrefix)] };
    case 'COMMUNITY_EDITOR':
      return { caller, audiences: [...new Set(caller.communityIds)].map((id) => notificationKeys.communityAudience(id)) };
    case 'PROVINCIAL_ANALYST':
      return { caller, audiences: [] };
  }
}

/**
 * The caller's audience a notification reached them through, or NOT_FOUND: a notification outside
 * the caller's audiences does not exist for them (marking it read is refused as a missing one).
 */
export function authorizeNotificationRead(principal: Principal | null, notification: { readonly id: string; readonly audiences: readonly string[] }): string {
  const { audiences } = notificationAudiencesFor(principal);
  const through = audiences.find((audience) => notification.audiences.includes(audience));
  if (!through) throw new NotFoundError('notification', notification.id);
  return through;
}

// ---- Hazards (issue 12: the register — grid cells, hazard sources, supervised units) ----

/**
 * The hazard register of a community (its grid, hazard sources, supervised units and the
 * inspection frequencies of their grades):
 *
 * | action        | ADMIN | REVIEWER (region) | PROVINCIAL_ANALYST (region) | COMMUNITY_EDITOR (ids) |
 * |---------------|-------|-------------------|-----------------------------|------------------------|
 * | hazard:read   | all   | in region         | in region                   | own communities        |
 * | hazard:write  | yes   | no                | no                          | own communities        |
 *
 * The register holds no personal data (a responsible unit is an organisation and a post, never a
 * person's name), so analysts read all of it. A community the caller may not see is NOT_FOUND,
 * so neither the record nor its existence leaks; visible but not the caller's to write is FORBIDDEN.
 */
export type HazardAction = 'hazard:read' | 'hazard:write';

export function authorizeHazardRegister(
  principal: Principal | null,
  action: HazardAction,
  community: CommunityRef,
  record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id },
): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  if (action === 'hazard:write' && !(caller.role === 'ADMIN' || (caller.role === 'COMMUNITY_EDITOR' && caller.communityIds.includes(community.id)))) {
    throw new ForbiddenError(`${caller.role} may not change the hazard register of this community: its editors and admins do`);
  }
  return caller;
}

// ---- Hidden dangers (issue 12: 隐患 and their rectification) ----

/**
 * A community's hidden dangers:
 *
 * | action          | ADMIN | REVIEWER (region) | PROVINCIAL_ANALYST (region) | COMMUNITY_EDITOR (ids) |
 * |-----------------|-------|-------------------|-----------------------------|------------------------|
 * | danger:read     | all   | in region         | in region                   | own communities        |
 * | danger:create   | yes   | no                | no                          | own communities        |
 * | a move          | dangerMoveRefusal (danger-lifecycle.ts): the community's work by its editors;        |
 * |                 | verification of GENERAL by another editor or a reviewer in region, MAJOR by a      |
 * |                 | reviewer of the county or above; never by whoever reported the rectification       |
 *
 * A danger holds no personal data (the unit is an organisation and a post). Outside the caller's
 * region it is NOT_FOUND; a refused move is FORBIDDEN with the lifecycle's reason.
 */
export type DangerAccess = 'danger:read' | 'danger:create';

export function authorizeHiddenDanger(
  principal: Principal | null,
  action: DangerAccess,
  community: CommunityRef,
  record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id },
): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  if (action === 'danger:create' && !(caller.role === 'ADMIN' || (caller.role === 'COMMUNITY_EDITOR' && caller.communityIds.includes(community.id)))) {
    throw new ForbiddenError(`${caller.role} may not record hidden dangers of this community: its editors and admins do`);
  }
  return caller;
}

/** A move on a danger the caller may read: FORBIDDEN with dangerMoveRefusal's reason when not theirs to make. */
export function authorizeDangerMove(
  principal: Principal | null,
  community: CommunityRef,
  danger: { readonly id: string; readonly severity: DangerSeverity; readonly rectifiedBy?: string | null },
  action: DangerAction,
): Principal {
  const caller = authorizeHiddenDanger(principal, 'danger:read', community, { label: 'hidden danger', id: danger.id });
  const refusal = dangerMoveRefusal(caller, community, danger, action);
  if (refusal) throw new ForbiddenError(refusal);
  return caller;
}

/**
 * `escalatedHazards(regionCode)`: the overdue dangers that climbed to a level (a county, city or
 * province). Its reviewers read it, and analysts and reviewers above it; admins all. A community's
 * editors read their own dangers with `hiddenDangers`, never a region's (FORBIDDEN).
 */
/** `regionCode` null: the national centre's (national reviewers and admins). */
export function authorizeEscalatedHazards(principal: Principal | null, regionCode: string | null): Principal {
  const caller = requirePrincipal(principal);
  if (caller.role === 'ADMIN') return caller;
  if (caller.role !== 'REVIEWER' && caller.role !== 'PROVINCIAL_ANALYST') throw new ForbiddenError(`${caller.role} may not read a region's escalated hidden dangers: its reviewers do`);
  if (caller.regionPrefix !== null && regionCode === null) throw new ForbiddenError(`the national centre's escalated hidden dangers are for national reviewers; yours are those of region ${caller.regionPrefix}`);
  if (caller.regionPrefix !== null && regionCode !== null && !regionCode.startsWith(caller.regionPrefix)) throw new ForbiddenError(`region ${regionCode} is outside your region ${caller.regionPrefix}`);
  return caller;
}

// ---- Inspections (issue 12: inspections of supervised units and hazard sources, and what is due) ----

/**
 * Inspections of a community's supervised units and hazard sources, and `inspectionsDue`:
 *
 * | action            | ADMIN | REVIEWER (region) | PROVINCIAL_ANALYST (region) | COMMUNITY_EDITOR (ids) |
 * |-------------------|-------|-------------------|-----------------------------|------------------------|
 * | inspection:read   | all   | in region         | in region                   | own communities        |
 * | inspection:write  | yes   | no                | no                          | own communities        |
 *
 * An inspection names the inspecting unit (organisation and post), never a person, so analysts
 * read it whole. Invisible is NOT_FOUND; visible but not the caller's to write is FORBIDDEN.
 */
export type InspectionAction = 'inspection:read' | 'inspection:write';

export function authorizeInspection(
  principal: Principal | null,
  action: InspectionAction,
  community: CommunityRef,
  record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id },
): Principal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  if (action === 'inspection:write' && !(caller.role === 'ADMIN' || (caller.role === 'COMMUNITY_EDITOR' && caller.communityIds.includes(community.id)))) {
    throw new ForbiddenError(`${caller.role} may not record inspections in this community: its editors and admins do`);
  }
  return caller;
}

/**
 * `inspectionsDue(regionCode)`, what is due across a county, city or province: reviewers and
 * analysts within their region (a national one anywhere), admins anywhere; outside it FORBIDDEN
 * (the caller named the region, so nothing leaks by saying no). A community's editors are
 * FORBIDDEN: they plan their own rounds with `inspectionsDue(communityId)`, and a region's listing
 * holds every community's units.
 */
export function authorizeInspectionsDueInRegion(principal: Principal | null, regionCode: string): Principal {
  const caller = requirePrincipal(principal);
  if (caller.role === 'ADMIN') return caller;
  if (caller.role === 'COMMUNITY_EDITOR') throw new ForbiddenError("COMMUNITY_EDITOR may not read a region's inspections due: ask for your community's (communityId)");
  if (!withinRegion(caller.regionPrefix, regionCode)) throw new ForbiddenError(`region ${regionCode} is outside your region ${caller.regionPrefix ?? ''}`);
  return caller;
}

// ---- Residents' reports (issue 12: 群众举报, taken in by partner apps, answered by the office) ----

/**
 * Residents' reports of hazards, and the intake apps (REPORT_INTAKE) that take them in:
 *
 * | action                         | ADMIN | REVIEWER (region) | PROVINCIAL_ANALYST (region) | COMMUNITY_EDITOR (ids) | REPORT_INTAKE (app, region?) |
 * |--------------------------------|-------|-------------------|-----------------------------|------------------------|------------------------------|
 * | submitResidentReport           | no    | no                | no                          | no                     | into a community of its region (all without one) |
 * | residentReportByTrackingCode   | no    | no                | no                          | no                     | reports its own app filed    |
 * | report:read (residentReport(s))| all   | in region         | in region                   | own communities        | never                        |
 * | report:answer (triage)         | yes   | no                | no                          | own communities        | never                        |
 * | the resident's phone           | no    | no                | no                          | own communities        | never (not even its own)     |
 * | any other field                | …     | …                 | …                           | …                      | FORBIDDEN                    |
 *
 * An intake app is refused every root field but its two (authorizeRootField, asked for each root
 * field of every operation, and requirePrincipal, where every other decision starts). A tracking
 * code of another app's report is NOT_FOUND: the code does not tell one app about another's.
 * The phone is for the office that answers the community's residents: its editors call back. An
 * admin runs the platform and answers a report when the office cannot, without calling anyone, so
 * the number stays with the office; reviewers and analysts read reports without it.
 */
export const INTAKE_ROOT_FIELDS: ReadonlySet<string> = new Set(['submitResidentReport', 'residentReportByTrackingCode']);

/** Each root field of an operation: an intake app only its two, FORBIDDEN otherwise; everyone else as each field's service decides. */
export function authorizeRootField(principal: Principal | null, fieldName: string): void {
  if (principal?.role === 'REPORT_INTAKE' && !INTAKE_ROOT_FIELDS.has(fieldName)) {
    throw new ForbiddenError(`REPORT_INTAKE may not use ${fieldName}: an intake app only submits residents' reports and reads them by tracking code`);
  }
}

export type IntakePrincipal = Extract<Principal, { readonly role: 'REPORT_INTAKE' }>;

/**
 * An intake app filing into `community` (or, without one, reading back by code): FORBIDDEN for
 * everyone else; a community outside the app's region is NOT_FOUND, as one that does not exist.
 */
export function authorizeReportIntake(principal: Principal | null, community?: CommunityRef): IntakePrincipal {
  if (!principal) throw new UnauthenticatedError();
  if (principal.role !== 'REPORT_INTAKE') throw new ForbiddenError(`${principal.role} may not take in residents' reports: partner apps do (REPORT_INTAKE); the office reads them with residentReports`);
  if (community && !withinRegion(principal.regionPrefix, community.regionCode)) throw new NotFoundError('community', community.id);
  return principal;
}

export type ReportAction = 'report:read' | 'report:answer';

/** A community's residents' reports for its staff: NOT_FOUND outside the caller's scope, FORBIDDEN to answer unless its editor or an admin. */
export function authorizeResidentReport(
  principal: Principal | null,
  action: ReportAction,
  community: CommunityRef,
  record: { readonly label: string; readonly id: string } = { label: 'community', id: community.id },
): StaffPrincipal {
  const caller = requirePrincipal(principal);
  if (!canReadCommunity(caller, community)) throw new NotFoundError(record.label, record.id);
  if (action === 'report:answer' && !(caller.role === 'ADMIN' || (caller.role === 'COMMUNITY_EDITOR' && caller.communityIds.includes(community.id)))) {
    throw new ForbiddenError(`${caller.role} may not answer residents' reports of this community: its editors and admins do`);
  }
  return caller;
}

/** Whether the caller sees the phone a resident left: the community's own editors only. */
export function canSeeReporterPhone(principal: Principal | null, community: CommunityRef): boolean {
  return principal?.role === 'COMMUNITY_EDITOR' && principal.communityIds.includes(community.id);
}
