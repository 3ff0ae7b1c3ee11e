import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { authorizeRecord } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { parseInput } from '#core/validation.ts';
import type { Community, CommunityStage } from '#community/model.ts';
import { type CommunityService, nextStageHistory, withStage } from '#community/service.ts';
import {
  applyForCertificationInputSchema,
  type Certification,
  type CertificationDecision,
  decideCertificationInputSchema,
  DEFAULT_MAX_SCORE,
  recordCertificationReviewInputSchema,
} from './model.ts';
import { type CertificationRepository, type CommunityMove, certificationPosition } from './repository.ts';

/** Stages from which a community may apply: after its self-assessment, or designated already (复评 or the next level). */
const MAY_APPLY_FROM: ReadonlySet<CommunityStage> = new Set(['SELF_ASSESSED', 'APPLIED', 'DESIGNATED']);

/**
 * Certifications: the community applies; reviewers record the on-site review and decide. Each
 * step moves the community's stage in the same transaction:
 *   apply                SELF_ASSESSED → APPLIED
 *   record review        APPLIED or DESIGNATED → UNDER_REVIEW
 *   decide DESIGNATED    → DESIGNATED
 *   decide otherwise     → IMPLEMENTING (first application) or, on a re-review, REJECTED → LAPSED
 *                          and RECTIFICATION / WITHDRAWN → DESIGNATED (the title holds meanwhile)
 */
export class CertificationService {
  private readonly certificationById: DataLoader<string, Certification | undefined>;
  private readonly certificationIdsOfCommunity: DataLoader<string, string[]>;
  private readonly afterCommit: (() => void)[] = [];

  constructor(
    private readonly repository: CertificationRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly origin: WriteOrigin,
  ) {
    this.certificationById = new DataLoader((ids) => repository.certifications.getMany(ids), { maxBatchSize: 100 });
    this.certificationIdsOfCommunity = new DataLoader((ids) => repository.certificationsOfCommunity.childIds(ids), { maxBatchSize: 100 });
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

  async apply(rawInput: unknown): Promise<Certification> {
    const input = parseInput(applyForCertificationInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.communities.require(input.communityId);
    authorizeRecord(this.principal, 'certification:apply', community);
    if (!MAY_APPLY_FROM.has(community.stage)) {
      throw BadUserInputError.field(
        'input.communityId',
        `the community is ${community.stage}: it applies after its self-assessment (SELF_ASSESSED) or, for a re-review, when DESIGNATED`,
      );
    }
    if (input.reReview && community.stage !== 'DESIGNATED') {
      throw BadUserInputError.field('input.reReview', 'only a designated community applies for a re-review');
    }
    const now = new Date().toISOString();
    const certification: Certification = {
      id: randomUUID(),
      ...input,
      regionCode: community.regionCode,
      decision: 'PENDING',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const move = community.stage === 'SELF_ASSESSED' ? this.moveCommunity(community, 'APPLIED', input.appliedOn, 'input.appliedOn') : undefined;
    await this.write(() => this.repository.apply(certification, community.regionCode, move, this.origin));
    this.certificationIdsOfCommunity.clear(community.id);
    return certification;
  }

  async recordReview(rawInput: unknown): Promise<Certification> {
    const { id, version, ...review } = parseInput(recordCertificationReviewInputSchema, rawInput, { nullMeansAbsent: true });
    const { certification, community } = await this.pending(id, version);
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
    this.certificationById.clear(id).prime(id, next);
    return next;
  }

  async decide(rawInput: unknown): Promise<Certification> {
    const { id, version, ...decision } = parseInput(decideCertificationInputSchema, rawInput, { nullMeansAbsent: true });
    const { certification, community } = await this.pending(id, version);
    const earliest = certification.onSiteReviewOn ?? certification.appliedOn;
    if (decision.decidedOn < earliest) throw BadUserInputError.field('input.decidedOn', `must not be before ${earliest}`);
    if (decision.designatedOn && decision.designatedOn < certification.appliedOn) {
      throw BadUserInputError.field('input.designatedOn', `must not be before the application (${certification.appliedOn})`);
    }
    if ((decision.decision === 'DESIGNATED' || decision.decision === 'RECTIFICATION') && !certification.onSiteReviewOn) {
      throw BadUserInputError.field('input.decision', 'record the on-site review (recordCertificationReview) before deciding on it');
    }
    const next: Certification = { ...certification, ...decision, version: certification.version + 1, updatedAt: new Date().toISOString() };
    const target = stageAfter(decision.decision, certification.reReview);
    const on = decision.designatedOn ?? decision.decidedOn;
    const dateField = decision.designatedOn ? 'input.designatedOn' : 'input.decidedOn';
    const move = target !== community.stage ? this.moveCommunity(community, target, on, dateField) : undefined;
    await this.write(() => this.repository.decide(certification, next, community.regionCode, move, this.origin));
    this.certificationById.clear(id).prime(id, next);
    return next;
  }

  /** A pending certification, at the version the reviewer read, that the caller may review. */
  private async pending(id: string, version: number): Promise<{ certification: Certification; community: Community }> {
    const certification = await this.certificationById.load(id);
    const community = certification && (await this.communities.find(certification.communityId));
    if (!certification || !community) throw new NotFoundError('certification', id);
    authorizeRecord(this.principal, 'certification:review', community, { label: 'certification', id });
    this.repository.certifications.assertVersion(certification, version);
    if (certification.decision !== 'PENDING') {
      throw BadUserInputError.field('input.id', `certification ${id} was decided (${certification.decision}); apply again for a new review`);
    }
    return { certification, community };
  }

  /** Steps that move the community; once they commit, this request reads the moved community. */
  private moveCommunity(community: Community, stage: CommunityStage, on: string, dateField: string): CommunityMove {
    const next = withStage(community, stage, nextStageHistory(community, stage, on, dateField));
    this.afterCommit.push(() => this.communities.remember(next));
    return { before: community, after: next };
  }

  private async write(commitWrite: () => Promise<void>): Promise<void> {
    try {
      await commitWrite();
      for (const effect of this.afterCommit) effect();
    } finally {
      this.afterCommit.length = 0;
    }
  }
}

function stageAfter(decision: Exclude<CertificationDecision, 'PENDING'>, reReview: boolean): CommunityStage {
  if (decision === 'DESIGNATED') return 'DESIGNATED';
  if (!reReview) return 'IMPLEMENTING';
  return decision === 'REJECTED' ? 'LAPSED' : 'DESIGNATED';
}
