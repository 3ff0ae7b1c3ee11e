import { type ChainPosition, CHAIN_LEVEL_DIGITS, CHAIN_LEVELS, type CommunityRef, chainRegionOf, reviewerLevel } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { addDays, daysBetween } from '#core/dates.ts';

/**
 * A hidden danger's (隐患) life, as pure functions of its state, the move asked for, the caller
 * and the day (China): the service reads the record, asks these, and writes.
 *
 *   OPEN         found by an inspection or triaged from a resident's report; the unit must fix it by its deadline
 *   RECTIFYING   the unit is fixing it (整改中)
 *   RECTIFIED    the unit reports it fixed, with photos after (整改完成, 待复查)
 *   VERIFIED     an inspector checked it on site and closed it (复查合格, 销号)
 *
 * A failed verification sends it back to RECTIFYING. OVERDUE is not a state: it is what an OPEN
 * or RECTIFYING danger is on a day after its deadline (the deadline day itself is not overdue),
 * so it needs no job to set it and can never disagree with the deadline. A RECTIFIED danger
 * waiting for its verification is not overdue: the unit has done its part.
 */
export const DANGER_STATES = ['OPEN', 'RECTIFYING', 'RECTIFIED', 'VERIFIED'] as const;
export type DangerState = (typeof DANGER_STATES)[number];

export const DANGER_ACTIONS = ['START_RECTIFICATION', 'REPORT_RECTIFIED', 'VERIFY', 'REJECT_VERIFICATION'] as const;
export type DangerAction = (typeof DANGER_ACTIONS)[number];

/** 一般隐患 and 重大隐患 (the two grades of China's hidden-danger rules). */
export const DANGER_SEVERITIES = ['GENERAL', 'MAJOR'] as const;
export type DangerSeverity = (typeof DANGER_SEVERITIES)[number];

interface Move {
  readonly from: DangerState;
  readonly to: DangerState;
  /** Photos after (evidence) the move must carry. */
  readonly needsPhotos: boolean;
  /** Whether the move must say why (a failed verification says what is still wrong). */
  readonly needsReason: boolean;
  /** Whether it is an inspector's move (verification), not the community's record of the unit's work. */
  readonly inspection: boolean;
}

export const DANGER_MOVES: Readonly<Record<DangerAction, Move>> = {
  START_RECTIFICATION: { from: 'OPEN', to: 'RECTIFYING', needsPhotos: false, needsReason: false, inspection: false },
  REPORT_RECTIFIED: { from: 'RECTIFYING', to: 'RECTIFIED', needsPhotos: true, needsReason: false, inspection: false },
  VERIFY: { from: 'RECTIFIED', to: 'VERIFIED', needsPhotos: false, needsReason: false, inspection: true },
  REJECT_VERIFICATION: { from: 'RECTIFIED', to: 'RECTIFYING', needsPhotos: false, needsReason: true, inspection: true },
};

/** The state a move leads to, or why it cannot be made from `state`. */
export function transition(state: DangerState, action: DangerAction): { readonly to: DangerState; readonly refusal?: undefined } | { readonly to?: undefined; readonly refusal: string } {
  const move = DANGER_MOVES[action];
  if (move.from !== state) {
    return { refusal: state === 'VERIFIED' ? `a VERIFIED hidden danger is closed: ${action} is not possible` : `${action} moves a hidden danger from ${move.from}, and this one is ${state}` };
  }
  return { to: move.to };
}

/** The actions possible from a state (what a client may offer). */
export const actionsFrom = (state: DangerState): DangerAction[] => DANGER_ACTIONS.filter((action) => DANGER_MOVES[action].from === state);

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** What a move must carry beyond its state: photos after a rectification, a reason for a failed verification. */
export function moveInputIssues(action: DangerAction, input: { readonly photoEvidenceIds?: readonly string[]; readonly reason?: string | null }): FieldIssue[] {
  const move = DANGER_MOVES[action];
  const issues: FieldIssue[] = [];
  if (move.needsPhotos && (input.photoEvidenceIds?.length ?? 0) === 0) issues.push({ field: 'photoEvidenceIds', message: 'a rectification is reported with at least one photo after (整改后照片)' });
  if (move.needsReason && !input.reason?.trim()) issues.push({ field: 'reason', message: 'a failed verification says what is still wrong' });
  return issues;
}

/**
 * Who may make a move on a hidden danger the caller may already read (visibility, and NOT_FOUND
 * for what is not, stays the policy's). Returns undefined when allowed, else why not.
 *
 * - The community's work (START_RECTIFICATION, REPORT_RECTIFIED) is recorded by the community's
 *   editors: the unit that must fix the danger is not a user of the platform, its community
 *   office records what it did. Reviewers and analysts never record it.
 * - An inspector's verification (VERIFY, REJECT_VERIFICATION), of a GENERAL (一般) danger: the
 *   community's editor acting as the inspector (the street's safety office inspects its units)
 *   or a REVIEWER whose region covers the community. Of a MAJOR (重大) danger: only a REVIEWER
 *   of the county, city, province or nation that covers it, as a major danger's closing is
 *   accepted above the street (a town's reviewer, 9 digits, acts at no such level).
 * - Four eyes: whoever reported the rectification does not verify it (nor reject it).
 * - ADMIN may make any move (maintenance), four eyes included.
 *
 * The policy module's hazards section calls this and turns a reason into FORBIDDEN.
 */
export function dangerMoveRefusal(
  principal: Principal,
  community: CommunityRef,
  danger: { readonly severity: DangerSeverity; readonly rectifiedBy?: string | null },
  action: DangerAction,
): string | undefined {
  const move = DANGER_MOVES[action];
  const ownEditor = principal.role === 'COMMUNITY_EDITOR' && principal.communityIds.includes(community.id);
  if (!move.inspection) {
    if (principal.role === 'ADMIN' || ownEditor) return undefined;
    return `${action} is recorded by the community's editors; ${principal.role} may not`;
  }
  if (principal.role !== 'ADMIN' && danger.rectifiedBy && danger.rectifiedBy === principal.subject) {
    return 'whoever reported the rectification does not verify it: another inspector does (四眼原则)';
  }
  switch (principal.role) {
    case 'ADMIN':
      return undefined;
    case 'COMMUNITY_EDITOR':
      if (!ownEditor) return 'an editor verifies hidden dangers of their own communities only';
      return danger.severity === 'GENERAL' ? undefined : 'a MAJOR (重大) hidden danger is verified by a reviewer of the county or a level above it, not by the community';
    case 'REVIEWER': {
      const covers = principal.regionPrefix === null || community.regionCode.startsWith(principal.regionPrefix);
      if (!covers) return 'a reviewer verifies hidden dangers within their region only';
      if (danger.severity === 'MAJOR' && !reviewerLevel(principal)) return 'a MAJOR (重大) hidden danger is verified by a reviewer of the county or a level above it, not of a town';
      return undefined;
    }
    case 'PROVINCIAL_ANALYST':
      return 'analysts read hidden dangers; they do not verify them';
  }
}


/** The longest deadline an office may set (限期整改): a year after the danger was found. */
export const MAX_DEADLINE_DAYS = 365;

/** Why a deadline cannot be set for a danger found on `foundOn` (both China dates), or undefined. */
export function deadlineIssue(foundOn: string, deadline: string): FieldIssue | undefined {
  if (deadline < foundOn) return { field: 'deadline', message: `must not be before the day the hidden danger was found (${foundOn})` };
  if (daysBetween(foundOn, deadline) > MAX_DEADLINE_DAYS) return { field: 'deadline', message: `at most ${MAX_DEADLINE_DAYS} days after the day it was found (${addDays(foundOn, MAX_DEADLINE_DAYS)})` };
  return undefined;
}

/** Whether the unit still owes its fix: OPEN or RECTIFYING. */
export const awaitsRectification = (state: DangerState): boolean => state === 'OPEN' || state === 'RECTIFYING';

/** Days past the deadline on `today` (China); 0 on the deadline day and before, and once the unit has reported the fix. */
export function daysOverdue(danger: { readonly state: DangerState; readonly deadline: string }, today: string): number {
  if (!awaitsRectification(danger.state)) return 0;
  return Math.max(0, daysBetween(danger.deadline, today));
}

/** OVERDUE on `today`: awaiting its fix after the deadline day. */
export const isOverdue = (danger: { readonly state: DangerState; readonly deadline: string }, today: string): boolean => daysOverdue(danger, today) > 0;

/**
 * How many days overdue a danger climbs to each level above its community: the first level
 * above on its first overdue day, the next two weeks later, then a month, then two months. A
 * street's (9-digit) danger climbs county → city → province → national; a county community's
 * starts at the city.
 */
export const ESCALATION_AFTER_DAYS = [1, 15, 30, 60] as const;

/** The levels above a community, nearest first, at which its overdue dangers are seen (the chain's own levels and digits). */
export function escalationLadder(communityRegionCode: string): ChainPosition[] {
  return CHAIN_LEVELS.filter((level) => level === 'NATIONAL' || CHAIN_LEVEL_DIGITS[level] < communityRegionCode.length).map((level) => ({ level, regionCode: chainRegionOf(level, communityRegionCode) }));
}

/** A level's key in a notification's threshold and in "escalations sent": `COUNTY#210102`, `NATIONAL`. */
export const escalationThreshold = (position: ChainPosition): string => (position.regionCode ? `${position.level}#${position.regionCode}` : position.level);

/** The levels a danger has climbed to on `today` (nearest first), whether or not they were told. */
export function escalatedTo(danger: { readonly state: DangerState; readonly deadline: string }, communityRegionCode: string, today: string): ChainPosition[] {
  const overdue = daysOverdue(danger, today);
  return escalationLadder(communityRegionCode).filter((_, index) => {
    const after = ESCALATION_AFTER_DAYS[index];
    return after !== undefined && overdue >= after;
  });
}

/**
 * The escalations to send on `today`: each level the danger has climbed to and that was not told
 * yet (`sent`: thresholds as escalationThreshold writes them, or positions). Exactly once per
 * level: a level in `sent` is never returned again, whatever the day or the state; a job that
 * missed days sends every level the danger passed meanwhile, nearest first, so none is skipped.
 */
export function escalationsDue(
  danger: { readonly state: DangerState; readonly deadline: string },
  communityRegionCode: string,
  today: string,
  sent: readonly (string | ChainPosition)[],
): ChainPosition[] {
  const told = new Set(sent.map((entry) => (typeof entry === 'string' ? entry : escalationThreshold(entry))));
  return escalatedTo(danger, communityRegionCode, today).filter((position) => !told.has(escalationThreshold(position)));
}

/** The first day (China) a danger climbs to the i-th level above (0 nearest), from its deadline. */
export function escalationDay(deadline: string, index: number): string | undefined {
  const after = ESCALATION_AFTER_DAYS[index];
  return after === undefined ? undefined : addDays(deadline, after);
}
