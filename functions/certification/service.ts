import { addMonths, daysBetween } from '#core/dates.ts';
import DataLoader from 'dataloader';
import {
  authorizeCertificationDecision,
  authorizeChainStep,
  authorizeRecord,
  type ChainPosition,
  CHAIN_LEVEL_DIGITS,
  CHAIN_LEVELS,
  designationRadarScope,
  endorsementQueue,
} from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, ConflictError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, pageRequest } from '#core/pagination.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { findRegion } from '#region/region-table.ts';
import { parseInput } from '#core/validation.ts';
import type { Community, CommunityStage } from '#community/model.ts';
import { type CommunityService, StageMoves } from '#community/service.ts';
import { type Assessment, type AssessmentItem, mergeItems, parseAssessmentItems, scoreItems, summarize } from '#review/assessment-model.ts';
import type { CommunityFacts } from '#review/facts.ts';
import { incidentTrend } from '#review/suggestions.ts';
import type { SheetResult } from '#review/scoring.ts';
import type { ScoringSheet } from '#review/sheet.ts';
import { afterEndorsement, type ChainStep, firstPosition, isOpen, phaseOf } from './chain.ts';
import { CYCLES, reReviewDueOn, siteVisitRequired } from './cycles.ts';
import {
  applyForCertificationInputSchema,
  type Certification,
  type CertificationDecision,
  DEFAULT_MAX_SCORE,
  DEFAULT_RECTIFICATION_MONTHS,
  decideCertificationInputSchema,
  endorseCertificationInputSchema,
  recordCertificationReviewInputSchema,
  resubmitCertificationInputSchema,
  scoreCertificationOnSiteInputSchema,
} from './model.ts';
import { type CertificationRepository, certificationPosition } from './repository.ts';
import { newId } from '#core/ids.ts';

export type CertificationConnectionModel = Connection<Certification>;

/** The radar looks at most ten years ahead. */
export const MAX_RADAR_MONTHS = 120;

/** One designation on the re-review radar. */
export interface DesignationDue {
  readonly certification: Certification;
  readonly communityId: string;
  readonly level: Certification['level'];
  readonly dueOn: string;
  /** Days from today (China) to the due date; negative when overdue, 0 when due today. */
  readonly daysLeft: number;
  /** Which designation of the community at this level it is, and whether its re-review must visit the site. */
  readonly cycle: number;
  readonly siteVisitRequired: boolean;
  /** The latest month with recorded work in this year or the last; null when none. */
  readonly lastWorkMonth: string | null;
  /** No recorded work in the current month and the (atRiskAfterMonths − 1) before it. */
  readonly atRisk: boolean;
}

export type DesignationDueConnectionModel = Connection<DesignationDue>;

export function designationDue(certification: Certification, workMonths: readonly string[], today: string): DesignationDue {
  const dueOn = reReviewDueOn(certification) as string;
  const cycle = certification.cycle ?? 1;
  const since = addMonths(`${today.slice(0, 7)}-01`, -(CYCLES.atRiskAfterMonths - 1)).slice(0, 7);
  const lastWorkMonth = workMonths.at(-1) ?? null;
  return {
    certification,
    communityId: certification.communityId,
    level: certification.level,
    dueOn,
    daysLeft: daysBetween(today, dueOn),
    cycle,
    siteVisitRequired: siteVisitRequired(certification.level, cycle),
    lastWorkMonth,
    atRisk: lastWorkMonth === null || lastWorkMonth < since,
  };
}

/** Stages from which a community may apply: after its self-assessment, or designated already (复评 or the next level). */
const MAY_APPLY_FROM: ReadonlySet<CommunityStage> = new Set(['SELF_ASSESSED', 'APPLIED', 'DESIGNATED']);

/** What the chain reads of the review feature: submitted self-assessments, sheets, a community's facts. */
export interface ReviewReads {
  /** A SUBMITTED self-assessment of the community: NOT_FOUND or BAD_USER_INPUT (field `input.selfAssessmentId`) otherwise. */
  requireSubmittedSelf(id: string, communityId: string): Promise<Assessment>;
  sheet(id: string, version: number): Promise<ScoringSheet>;
  /** The community's facts as of a day, in a fixed number of reads (facts.ts). */
  facts(community: Community, on: string): Promise<CommunityFacts>;
}

/**
 * Certifications: the community applies on its submitted self-assessment; the levels of
 * government endorse it in turn (chain.ts); the deciding level scores it on site on the same
 * sheet and decides as the sheet's outcome says. Each step that moves the community's stage
 * does so in the same transaction:
 *   apply                      SELF_ASSESSED → APPLIED
 *   accept (the last level)    APPLIED or DESIGNATED (re-review) → UNDER_REVIEW
 *   recordReview (ISCCC)       APPLIED or DESIGNATED → UNDER_REVIEW
 *   decide DESIGNATED          → DESIGNATED
 *   decide RECTIFICATION       stays UNDER_REVIEW: the application stays open for the re-score
 *   decide REJECTED/WITHDRAWN  → IMPLEMENTING (first application) or, on a re-review, REJECTED → LAPSED
 *                                and WITHDRAWN → DESIGNATED (the title holds meanwhile)
 * INTERNATIONAL applications are ISCCC's: no chain, the steps are recorded as they happen.
 */
export class CertificationService {
  private readonly certificationById: DataLoader<string, Certification | undefined>;
  private readonly certificationIdsOfCommunity: DataLoader<string, string[]>;
  private readonly moves: StageMoves;

  constructor(
    private readonly repository: CertificationRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly origin: WriteOrigin,
    private readonly review: ReviewReads,
  ) {
    this.certificationById = new DataLoader((ids) => repository.certifications.getMany(ids), { maxBatchSize: 100 });
    this.certificationIdsOfCommunity = new DataLoader((ids) => repository.certificationsOfCommunity.childIds(ids), { maxBatchSize: 100 });
    this.moves = new StageMoves(communities);
  }

  async get(id: string): Promise<Certification> {
    const certification = await this.certificationById.load(id);
    const community = certification && (await this.communities.find(certification.communityId));
    if (!certification || !community) throw new NotFoundError('certification', id);
    authorizeRecord(this.principal, 'record:read', community, { label: 'certification', id });
    return certification;
  }

  /** A community's certification history, newest application first. */
  async ofCommunity(community: Community): Promise<Certification[]> {
    authorizeRecord(this.principal, 'record:read', community);
    const loaded = await this.certificationById.loadMany(await this.certificationIdsOfCommunity.load(community.id));
    return loaded
      .filter((value): value is Certification => value !== undefined && !(value instanceof Error))
      .sort((a, b) => (certificationPosition(a) < certificationPosition(b) ? 1 : -1));
  }

  async latestOf(community: Community): Promise<Certification | null> {
    return (await this.ofCommunity(community))[0] ?? null;
  }

  /** What waits for the caller's level (and region), oldest first: endorsements, acceptances, on-site reviews and rectifications. */
  async pendingEndorsements(
    requested: { level?: string | null; regionCode?: string | null },
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<Certification>> {
    const page = pageRequest(first, after);
    const position = endorsementQueue(this.principal, requestedPosition(requested));
    const result = await this.repository.waiting(position, page.first, page.after);
    for (const { node } of result.items) this.certificationById.prime(node.id, node);
    return connectionOf(result.items, result.hasNextPage, page.after !== undefined, () => this.repository.certifications.count({ index: 'gsi2', partition: this.repository.waitingPartition(position) }));
  }

  /**
   * The re-review radar (复评): the designations standing in a region whose re-review falls due
   * within `within` months or is overdue, soonest first, with the community's last recorded work.
   */
  async designationsDue(regionCode: string, within: number, first: number | null | undefined, after: string | null | undefined): Promise<Connection<DesignationDue>> {
    if (!findRegion(regionCode)) throw BadUserInputError.field('regionCode', `${regionCode} is not a division code (GB/T 2260)`);
    if (!Number.isInteger(within) || within < 0 || within > MAX_RADAR_MONTHS) throw BadUserInputError.field('within', `must be a whole number of months from 0 to ${MAX_RADAR_MONTHS}`);
    const page = pageRequest(first, after);
    const scope = designationRadarScope(this.principal, regionCode);
    const today = chinaToday();
    const radar = this.repository.designationsDue(regionCode, addMonths(today, within), scope.communityIds);
    const result = await radar.page(page.first, page.after);
    const work = await this.repository.workMonths(result.items.map(({ node }) => node.communityId), today);
    const items = result.items.map(({ position, node }) => {
      this.certificationById.prime(node.id, node);
      return { position, node: designationDue(node, work.get(node.communityId) ?? [], today) };
    });
    return connectionOf(items, result.hasNextPage, page.after !== undefined, radar.count);
  }

  async apply(rawInput: unknown): Promise<Certification> {
    const input = parseInput(applyForCertificationInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.require(input.communityId);
    const caller = authorizeRecord(this.principal, 'certification:apply', community);
    if (!MAY_APPLY_FROM.has(community.stage)) {
      throw BadUserInputError.field(
        'input.communityId',
        `the community is ${community.stage}: it applies after its self-assessment (SELF_ASSESSED) or, for a re-review, when DESIGNATED`,
      );
    }
    if (input.reReview && community.stage !== 'DESIGNATED') {
      throw BadUserInputError.field('input.reReview', 'only a designated community applies for a re-review');
    }
    const { comment, selfAssessmentId, ...fields } = input;
    const selfAssessment = await this.submittedSelf(selfAssessmentId, community, input.level);
    if (!input.reReview) await this.checkEligibility(community, input.level, input.appliedOn);
    const now = new Date().toISOString();
    const start = firstPosition(input.level, community.regionCode);
    const certification: Certification = {
      id: newId('certification'),
      ...fields,
      regionCode: community.regionCode,
      ...(selfAssessment ? { selfAssessmentId: selfAssessment.id } : {}),
      decision: 'PENDING',
      phase: start.phase,
      ...(start.waitingFor ? { waitingFor: start.waitingFor, waitingSince: now } : {}),
      chain: [this.step(caller, 'SUBMIT', 'COMMUNITY', community.regionCode, now, comment, selfAssessment?.id)],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const move = community.stage === 'SELF_ASSESSED' ? this.moveCommunity(community, 'APPLIED', input.appliedOn, 'input.appliedOn') : undefined;
    await this.write(() => this.repository.apply(certification, community.regionCode, move, this.origin));
    this.certificationIdsOfCommunity.clear(community.id);
    return certification;
  }

  /**
   * A level endorses (推荐) the application waiting for it, or returns it to the community. The
   * last level's endorsement accepts it for review: the community moves to UNDER_REVIEW.
   */
  async endorse(rawInput: unknown): Promise<Certification> {
    const { id, version, action, comment } = parseInput(endorseCertificationInputSchema, rawInput, { nullMeansAbsent: true });
    const { certification, community } = await this.load(id);
    // Visibility first; then the version the reviewer read: a reviewer whose step another took
    // meanwhile learns it as CONFLICT, not as a step that is no longer theirs.
    authorizeRecord(this.principal, 'record:read', community, { label: 'certification', id });
    this.repository.certifications.assertVersion(certification, version);
    const phase = phaseOf(certification);
    if (phase !== 'ENDORSEMENT' || !certification.waitingFor) {
      throw BadUserInputError.field('input.id', `certification ${id} is not waiting for an endorsement: it is ${phase}`);
    }
    const caller = authorizeChainStep(this.principal, community, certification.waitingFor, { label: 'certification', id });
    const now = new Date().toISOString();
    const at = certification.waitingFor;
    if (action === 'RETURN') {
      const next: Certification = {
        ...withoutWaiting(certification),
        phase: 'RETURNED',
        chain: [...(certification.chain ?? []), this.step(caller, 'RETURN', at.level, at.regionCode, now, comment)],
        version: certification.version + 1,
        updatedAt: now,
      };
      await this.write(() => this.repository.chainStep('CERTIFICATION_RETURNED', certification, next, community.regionCode, undefined, this.origin));
      return this.remember(next);
    }
    const after = afterEndorsement(certification.level, at.level, community.regionCode);
    const next: Certification = {
      ...withoutWaiting(certification),
      phase: after.phase,
      ...(after.waitingFor ? { waitingFor: after.waitingFor, waitingSince: now } : {}),
      chain: [...(certification.chain ?? []), this.step(caller, after.accepted ? 'ACCEPT' : 'ENDORSE', at.level, at.regionCode, now, comment)],
      version: certification.version + 1,
      updatedAt: now,
    };
    const today = chinaToday();
    const moves = after.accepted && (community.stage === 'APPLIED' || community.stage === 'DESIGNATED');
    const move = moves ? this.moveCommunity(community, 'UNDER_REVIEW', today, 'input.id') : undefined;
    const operation = after.accepted ? 'CERTIFICATION_ACCEPTED' : 'CERTIFICATION_ENDORSED';
    await this.write(() => this.repository.chainStep(operation, certification, next, community.regionCode, move, this.origin));
    return this.remember(next);
  }

  /** The community sends a returned application up the chain again, from its first level, with an amended self-assessment if it made one. */
  async resubmit(rawInput: unknown): Promise<Certification> {
    const { id, version, selfAssessmentId, comment } = parseInput(resubmitCertificationInputSchema, rawInput, { nullMeansAbsent: true });
    const { certification, community } = await this.load(id);
    const caller = authorizeRecord(this.principal, 'certification:apply', community, { label: 'certification', id });
    if (phaseOf(certification) !== 'RETURNED') {
      throw BadUserInputError.field('input.id', `certification ${id} was not returned: it is ${phaseOf(certification)}`);
    }
    this.repository.certifications.assertVersion(certification, version);
    const selfAssessment = selfAssessmentId ? await this.submittedSelf(selfAssessmentId, community, certification.level) : undefined;
    const now = new Date().toISOString();
    const start = firstPosition(certification.level, community.regionCode);
    const next: Certification = {
      ...withoutWaiting(certification),
      ...(selfAssessment ? { selfAssessmentId: selfAssessment.id } : {}),
      phase: start.phase,
      ...(start.waitingFor ? { waitingFor: start.waitingFor, waitingSince: now } : {}),
      chain: [...(certification.chain ?? []), this.step(caller, 'RESUBMIT', 'COMMUNITY', community.regionCode, now, comment, selfAssessment?.id ?? certification.selfAssessmentId)],
      version: certification.version + 1,
      updatedAt: now,
    };
    await this.write(() => this.repository.chainStep('CERTIFICATION_RESUBMITTED', certification, next, community.regionCode, undefined, this.origin));
    return this.remember(next);
  }

  /**
   * The review team's scores (现场评审) on the self-assessment's sheet version, saved beside the
   * community's own; the total is the certification's score. In RECTIFICATION only the items that
   * fell short at the review are re-scored.
   */
  async scoreOnSite(rawInput: unknown): Promise<Certification> {
    const input = parseInput(scoreCertificationOnSiteInputSchema, rawInput, { nullMeansAbsent: true });
    const { certification, community } = await this.load(input.id);
    if (certification.level === 'INTERNATIONAL') {
      throw BadUserInputError.field('input.id', 'ISCCC reviews international applications on its own terms: record its steps with recordCertificationReview');
    }
    authorizeCertificationDecision(this.principal, community, certification.level, { label: 'certification', id: certification.id });
    this.repository.certifications.assertVersion(certification, input.version);
    const phase = phaseOf(certification);
    if (phase !== 'ON_SITE_REVIEW' && phase !== 'RECTIFICATION') {
      throw BadUserInputError.field('input.id', `certification ${certification.id} is ${phase}: it is scored on site once accepted for review`);
    }
    if (input.onSiteReviewOn < certification.appliedOn) {
      throw BadUserInputError.field('input.onSiteReviewOn', `must not be before the application (${certification.appliedOn})`);
    }
    const current = certification.onSiteAssessmentId ? await this.repository.assessments.getConsistent(certification.onSiteAssessmentId) : undefined;
    const sheet = await this.sheetOf(certification, current);
    const patches = parseAssessmentItems(sheet, input.items, { kind: 'ON_SITE' });
    if (phase === 'RECTIFICATION') {
      const shortfall = new Set(certification.rectifyItems ?? []);
      patches.forEach((patch, index) => {
        if (!shortfall.has(patch.itemId)) {
          throw BadUserInputError.rule('RESCORE_SHORTFALL_ONLY', `input.items.${index}.itemId`, `item ${patch.itemId} did not fall short at the review: in rectification only ${[...shortfall].join(', ') || 'no item'} are re-scored`);
        }
      });
    }
    if (input.startFromSelfAssessment && current) {
      throw BadUserInputError.field('input.startFromSelfAssessment', 'the review team has scored already: only the first save starts from the self-assessment');
    }
    const start = input.startFromSelfAssessment ? await this.selfGradesOf(certification) : {};
    const now = new Date().toISOString();
    const items = mergeItems(current?.items ?? start, patches);
    const summary = summarize(sheet, items);
    const assessment: Assessment = {
      ...(current ?? {
        id: newId('assessment'),
        communityId: community.id,
        regionCode: community.regionCode,
        kind: 'ON_SITE' as const,
        status: 'DRAFT' as const,
        sheetId: sheet.id,
        sheetVersion: sheet.version,
        level: certification.level,
        certificationId: certification.id,
        version: 0,
        createdAt: now,
      }),
      items,
      summary,
      onSiteReviewOn: input.onSiteReviewOn,
      ...(input.expertGroup !== undefined ? { expertGroup: input.expertGroup } : {}),
      version: (current?.version ?? 0) + 1,
      updatedAt: now,
    };
    const next: Certification = {
      ...certification,
      onSiteAssessmentId: assessment.id,
      onSiteReviewOn: input.onSiteReviewOn,
      ...(input.expertGroup !== undefined ? { expertGroup: input.expertGroup } : {}),
      score: summary.total / 1000,
      maxScore: summary.max / 1000,
      version: certification.version + 1,
      updatedAt: now,
    };
    const write = current ? this.repository.assessments.replaced(current, assessment, community.regionCode) : this.repository.assessments.created(assessment, community.regionCode);
    await this.write(() => this.repository.scoreOnSite(certification, next, write, community.regionCode, this.origin));
    return this.remember(next);
  }

  /** ISCCC's on-site visit of an international application, recorded as it happened; CITY and NATIONAL are scored on their sheets. */
  async recordReview(rawInput: unknown): Promise<Certification> {
    const { id, version, ...review } = parseInput(recordCertificationReviewInputSchema, rawInput, { nullMeansAbsent: true });
    const { certification, community } = await this.pending(id, version);
    if (certification.level !== 'INTERNATIONAL') {
      throw BadUserInputError.rule(
        'SCORE_FROM_SHEET',
        review.score !== undefined ? 'input.score' : 'input.id',
        `a ${certification.level} application is scored on its sheet: its score is the sheet's computed total (scoreCertificationOnSite), never typed`,
      );
    }
    if (review.onSiteReviewOn < certification.appliedOn) {
      throw BadUserInputError.field('input.onSiteReviewOn', `must not be before the application (${certification.appliedOn})`);
    }
    const maxScore = review.maxScore ?? certification.maxScore ?? DEFAULT_MAX_SCORE[certification.level];
    if (review.score !== undefined && review.score > maxScore) throw BadUserInputError.field('input.score', `must not exceed ${maxScore}`);
    const next: Certification = {
      ...certification,
      ...review,
      ...(review.score !== undefined ? { maxScore } : {}),
      version: certification.version + 1,
      updatedAt: new Date().toISOString(),
    };
    const moves = community.stage === 'APPLIED' || community.stage === 'DESIGNATED';
    const move = moves ? this.moveCommunity(community, 'UNDER_REVIEW', review.onSiteReviewOn, 'input.onSiteReviewOn') : undefined;
    await this.write(() => this.repository.review(certification, next, community.regionCode, move, this.origin));
    return this.remember(next);
  }

  /**
   * The decision follows the sheet (CITY, NATIONAL): DESIGNATED only on PASS, RECTIFICATION on
   * RECTIFY (with a deadline, default three months), REJECTED on FAIL; after a rectification only
   * a PASS designates. A decision that contradicts the sheet is BAD_USER_INPUT naming the rule.
   * WITHDRAWN (the community withdrew) is always open.
   */
  async decide(rawInput: unknown): Promise<Certification> {
    const { id, version, rectifyBy, ...decision } = parseInput(decideCertificationInputSchema, rawInput, { nullMeansAbsent: true });
    const { certification, community } = await this.pending(id, version);
    const phase = phaseOf(certification);
    const earliest = certification.onSiteReviewOn ?? certification.appliedOn;
    if (decision.decidedOn < earliest) throw BadUserInputError.field('input.decidedOn', `must not be before ${earliest}`);
    if (decision.designatedOn && decision.designatedOn < certification.appliedOn) {
      throw BadUserInputError.field('input.designatedOn', `must not be before the application (${certification.appliedOn})`);
    }
    const now = new Date().toISOString();
    const scored = certification.level !== 'INTERNATIONAL' && certification.phase !== undefined;
    let onSite: { assessment: Assessment; result: SheetResult } | undefined;
    if (scored && decision.decision !== 'WITHDRAWN') {
      onSite = await this.onSiteResult(certification);
      this.assertFollowsSheet(decision.decision, onSite.result, phase);
    } else if ((decision.decision === 'DESIGNATED' || decision.decision === 'RECTIFICATION') && !certification.onSiteReviewOn) {
      throw BadUserInputError.field('input.decision', 'record the on-site review (recordCertificationReview) before deciding on it');
    }
    const rectifying = scored && decision.decision === 'RECTIFICATION';
    const base = rectifying ? certification : withoutWaiting(certification);
    const next: Certification = {
      ...base,
      ...decision,
      phase: rectifying ? 'RECTIFICATION' : 'DECIDED',
      ...(rectifying
        ? {
            rectifyBy: rectifyBy ?? addMonths(decision.decidedOn, DEFAULT_RECTIFICATION_MONTHS),
            rectifyItems: onSite?.result.items.filter((item) => item.score < item.max).map((item) => item.itemId) ?? [],
            waitingSince: now,
          }
        : {}),
      version: certification.version + 1,
      updatedAt: now,
    };
    // A designation ends the one it renews; a failed re-review ends the title it reviewed.
    const endsTitle = decision.decision === 'DESIGNATED' || (decision.decision === 'REJECTED' && certification.reReview);
    const standing = endsTitle ? await this.standingDesignation(community, certification) : undefined;
    const ended = standing
      ? {
          before: standing,
          after: {
            ...standing,
            endedOn: decision.designatedOn ?? decision.decidedOn,
            endReason: decision.decision === 'DESIGNATED' ? ('REDESIGNATED' as const) : ('LAPSED' as const),
            version: standing.version + 1,
            updatedAt: now,
          },
        }
      : undefined;
    const designated: Certification = decision.decision === 'DESIGNATED' ? { ...next, cycle: (standing?.cycle ?? (standing ? 1 : 0)) + 1 } : next;
    const target = rectifying ? community.stage : stageAfter(decision.decision, certification.reReview);
    const on = decision.designatedOn ?? decision.decidedOn;
    const dateField = decision.designatedOn ? 'input.designatedOn' : 'input.decidedOn';
    const move = target !== community.stage ? this.moveCommunity(community, target, on, dateField) : undefined;
    // A final decision closes the review team's scores: read-only from then on.
    const closeScores =
      onSite && !rectifying ? this.repository.assessments.replaced(onSite.assessment, { ...onSite.assessment, status: 'SUBMITTED', submittedOn: decision.decidedOn, version: onSite.assessment.version + 1, updatedAt: now }, community.regionCode) : undefined;
    await this.write(() => this.repository.decide(certification, designated, community.regionCode, move, this.origin, closeScores, ended));
    if (ended) this.remember(ended.after);
    return this.remember(designated);
  }

  /** The community's designation at the certification's level that stands now (not this one), if any. */
  private async standingDesignation(community: Community, certification: Certification): Promise<Certification | undefined> {
    const all = await this.ofCommunity(community);
    return all.find((other) => other.id !== certification.id && other.level === certification.level && other.decision === 'DESIGNATED' && !other.endedOn);
  }

  /** The on-site assessment of a certification, complete, scored on its sheet. */
  private async onSiteResult(certification: Certification): Promise<{ assessment: Assessment; result: SheetResult }> {
    const assessment = certification.onSiteAssessmentId ? await this.repository.assessments.getConsistent(certification.onSiteAssessmentId) : undefined;
    if (!assessment) {
      throw BadUserInputError.rule('ON_SITE_SCORED', 'input.decision', 'score the application on site (scoreCertificationOnSite) before deciding: the decision follows the sheet');
    }
    const sheet = await this.review.sheet(assessment.sheetId, assessment.sheetVersion);
    const result = scoreItems(sheet, assessment.items);
    if (!result.complete) {
      const missing = result.items.filter((item) => !item.graded).map((item) => item.itemId);
      throw BadUserInputError.rule('ON_SITE_SCORED', 'input.decision', `the on-site scores are not complete: ${missing.length} item(s) not fully graded (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})`);
    }
    return { assessment, result };
  }

  private assertFollowsSheet(decision: Exclude<CertificationDecision, 'PENDING'>, result: SheetResult, phase: string): void {
    const expected: CertificationDecision =
      result.outcome === 'PASS' ? 'DESIGNATED' : phase === 'RECTIFICATION' ? 'REJECTED' : result.outcome === 'RECTIFY' ? 'RECTIFICATION' : 'REJECTED';
    if (decision === expected) return;
    const after = phase === 'RECTIFICATION' && result.outcome !== 'PASS' ? '; after a rectification only a pass designates' : '';
    throw BadUserInputError.rule(
      after ? 'AFTER_RECTIFICATION' : 'DECISION_FOLLOWS_SHEET',
      'input.decision',
      `the sheet gives ${result.outcome} (${result.reason})${after}: the decision is ${expected}, not ${decision}`,
    );
  }

  /** The grades of the self-assessment a certification rests on, without the community's notes and links. */
  private async selfGradesOf(certification: Certification): Promise<Record<string, AssessmentItem>> {
    if (!certification.selfAssessmentId) return {};
    const self = await this.review.requireSubmittedSelf(certification.selfAssessmentId, certification.communityId);
    return Object.fromEntries(Object.entries(self.items).map(([itemId, item]) => [itemId, { parts: { ...item.parts } }]));
  }

  /** The sheet an on-site scoring uses: the one it began on, else the self-assessment's version. */
  private async sheetOf(certification: Certification, current: Assessment | undefined): Promise<ScoringSheet> {
    if (current) return this.review.sheet(current.sheetId, current.sheetVersion);
    if (!certification.selfAssessmentId) {
      throw BadUserInputError.field('input.id', `certification ${certification.id} rests on no self-assessment: there is no sheet to score it on`);
    }
    const self = await this.review.requireSubmittedSelf(certification.selfAssessmentId, certification.communityId);
    return this.review.sheet(self.sheetId, self.sheetVersion);
  }

  /** The eligibility rules of a first application (review.md), each refused by its name. */
  private async checkEligibility(community: Community, level: Certification['level'], appliedOn: string): Promise<void> {
    if (level === 'INTERNATIONAL') return;
    if (!community.launchedOn) {
      throw BadUserInputError.rule(level === 'NATIONAL' ? 'NATIONAL_TWO_YEARS' : 'CITY_SIX_MONTHS', 'input.communityId', 'the community has no launch date (launchedOn): the time since launch cannot be checked');
    }
    if (level === 'CITY') {
      const due = addMonths(community.launchedOn, 6);
      if (appliedOn < due) {
        throw BadUserInputError.rule('CITY_SIX_MONTHS', 'input.appliedOn', `a CITY application needs six months since the launch (${community.launchedOn}): from ${due}`);
      }
      return;
    }
    const due = addMonths(community.launchedOn, 24);
    if (appliedOn <= due) {
      throw BadUserInputError.rule('NATIONAL_TWO_YEARS', 'input.appliedOn', `a NATIONAL application needs the creation launched more than two years before (launched ${community.launchedOn}): after ${due}`);
    }
    // The same rule as the suggestions' INCIDENT_TREND, on the community figures of the year applied in.
    const trend = incidentTrend(await this.review.facts(community, appliedOn));
    if (!trend.falling) {
      throw BadUserInputError.rule('NATIONAL_INCIDENTS_FALLING', 'input.communityId', `a NATIONAL application needs fewer incidents in the last full year than in the year before: ${trend.reason}`);
    }
  }

  private async submittedSelf(id: string | undefined, community: Community, level: Certification['level']): Promise<Assessment | undefined> {
    if (!id) {
      if (level === 'INTERNATIONAL') return undefined;
      throw BadUserInputError.field('input.selfAssessmentId', `a ${level} application rests on a submitted self-assessment (自评) on the ${level} sheet`);
    }
    const assessment = await this.review.requireSubmittedSelf(id, community.id);
    if (assessment.level !== level) {
      throw BadUserInputError.field('input.selfAssessmentId', `self-assessment ${id} is on the ${assessment.level} sheet, not ${level}`);
    }
    return assessment;
  }

  private async load(id: string): Promise<{ certification: Certification; community: Community }> {
    const certification = await this.repository.certifications.getConsistent(id);
    const community = certification && (await this.communities.find(certification.communityId));
    if (!certification || !community) throw new NotFoundError('certification', id);
    return { certification, community };
  }

  /** An open certification, at the version the reviewer read, that the caller may decide. */
  private async pending(id: string, version: number): Promise<{ certification: Certification; community: Community }> {
    const { certification, community } = await this.load(id);
    authorizeCertificationDecision(this.principal, community, certification.level, { label: 'certification', id });
    this.repository.certifications.assertVersion(certification, version);
    const phase = phaseOf(certification);
    if (!isOpen(phase)) {
      throw BadUserInputError.field('input.id', `certification ${id} was decided (${certification.decision}); apply again for a new review`);
    }
    if (phase === 'ENDORSEMENT' || phase === 'RETURNED') {
      throw BadUserInputError.field('input.id', `certification ${id} is in its endorsement chain (${phase}): it is reviewed once the deciding level accepts it`);
    }
    return { certification, community };
  }

  private step(caller: Principal, action: ChainStep['action'], level: ChainStep['level'], regionCode: string | null, at: string, comment?: string, selfAssessmentId?: string): ChainStep {
    return {
      action,
      level,
      regionCode,
      ...(comment ? { comment } : {}),
      by: caller.subject,
      role: caller.role,
      at,
      ...(selfAssessmentId ? { selfAssessmentId } : {}),
    };
  }

  private remember(next: Certification): Certification {
    this.certificationById.clear(next.id).prime(next.id, next);
    return next;
  }

  /** Steps that move the community; once they commit, this request reads the moved community. */
  private moveCommunity(community: Community, stage: CommunityStage, on: string, dateField: string) {
    return this.moves.move(community, stage, on, dateField);
  }

  private async write(commitWrite: () => Promise<void>): Promise<void> {
    try {
      await this.moves.commit(commitWrite);
    } catch (error) {
      // Someone else changed a certification this request read: read them afresh.
      if (error instanceof ConflictError) this.certificationById.clearAll();
      throw error;
    }
  }
}

function stageAfter(decision: Exclude<CertificationDecision, 'PENDING'>, reReview: boolean): CommunityStage {
  if (decision === 'DESIGNATED') return 'DESIGNATED';
  if (!reReview) return 'IMPLEMENTING';
  return decision === 'REJECTED' ? 'LAPSED' : 'DESIGNATED';
}

/** The certification out of any queue (its waiting fields gone). */
function withoutWaiting(certification: Certification): Certification {
  const { waitingFor: _waitingFor, waitingSince: _waitingSince, ...rest } = certification;
  return rest;
}

function requestedPosition(requested: { level?: string | null; regionCode?: string | null }): ChainPosition | undefined {
  if (!requested.level) {
    if (requested.regionCode) throw BadUserInputError.field('level', 'name the level of the region code');
    return undefined;
  }
  const level = CHAIN_LEVELS.find((candidate) => candidate === requested.level);
  if (!level) throw BadUserInputError.field('level', `must be one of ${CHAIN_LEVELS.join(', ')}`);
  const regionCode = requested.regionCode ?? null;
  const valid = level === 'NATIONAL' ? regionCode === null : regionCode !== null && /^\d+$/.test(regionCode) && regionCode.length === CHAIN_LEVEL_DIGITS[level];
  if (!valid) {
    throw BadUserInputError.field('regionCode', level === 'NATIONAL' ? 'the national level has no region code' : `a ${level} queue is named by its ${CHAIN_LEVEL_DIGITS[level]}-digit region code`);
  }
  return { level, regionCode };
}


