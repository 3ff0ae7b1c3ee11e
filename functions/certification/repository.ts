import { figuresOfItem } from '#analytics/community-figures.ts';

import type { ChainPosition } from '#core/auth/policy.ts';
import type { CommunityMove, CommunityRepository } from '#community/repository.ts';
import { communityFigureKeys, guardKeys, listingKeys } from '#core/db/keys.ts';
import { ChildIndex, joined, type RecordWrite, RecordStore } from '#core/db/records.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { batchGet, type Table, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { Assessment } from '#review/assessment-model.ts';
import { reReviewDueOn } from './cycles.ts';
import type { Certification, CertificationLevel } from './model.ts';

/**
 * Certifications in the single table.
 *   certification  pk CERTIFICATION#<id>   sk CERTIFICATION   gsi1 COMMUNITY#<cid>#CERTIFICATIONS / <appliedOn>#<id>
 *   child index    COMMUNITY#<cid> CHILDREN#CERTIFICATION (id set: a page of communities finds
 *                  their latest certification in a fixed number of BatchGetItem calls)
 *   open guard     pk CERTIFICATION_OPEN#<cid>#<level> sk GUARD: one pending application per level
 */

export function certificationChildIndexes(table: Table): ChildIndex[] {
  return [new ChildIndex(table, 'COMMUNITY', 'CERTIFICATION', { childType: 'Certification', parentOf: (c: Certification) => c.communityId })];
}

export class CertificationRepository {
  readonly certifications: RecordStore<Certification>;
  readonly certificationsOfCommunity: ChildIndex;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
    /** A decision moves its community: that part of the write is the community repository's. */
    private readonly communities: CommunityRepository,
    /** The review team's on-site assessments: written with the certification they score (review/assessment-repository.ts). */
    readonly assessments: RecordStore<Assessment>,
  ) {
    this.certifications = new RecordStore<Certification>(table, {
      kind: 'CERTIFICATION',
      type: 'Certification',
      label: 'certification',
      listing: (certification) => ({
        partition: listingKeys.certifications(certification.communityId),
        position: certificationPosition(certification),
      }),
      // The queue of the level it waits for (pendingEndorsements), oldest first; out of it once decided.
      // While open: the queue of the level it waits for (pendingEndorsements), oldest first. Once
      // designated, while the title stands: its province's re-review radar, soonest due first.
      secondListing: (certification) => {
        if (certification.waitingFor && certification.phase !== 'DECIDED') {
          return {
            partition: listingKeys.waitingCertifications(certification.waitingFor.level, certification.waitingFor.regionCode),
            position: `${certification.waitingSince ?? certification.updatedAt}#${certification.id}`,
          };
        }
        const due = !certification.endedOn ? reReviewDueOn(certification) : undefined;
        return due ? { partition: listingKeys.designationsDue(certification.regionCode ?? ''), position: `${due}#${certification.id}` } : undefined;
      },
    });
    [this.certificationsOfCommunity] = certificationChildIndexes(table) as [ChildIndex];
  }

  /** An application, its open-application guard, and the community's move to APPLIED when it makes one. */
  apply(certification: Certification, regionCode: string, communityMove: CommunityMove | undefined, origin: WriteOrigin): Promise<void> {
    const own = this.certifications.created(certification, regionCode);
    const write = joined(own, { steps: [this.openApplicationStep(certification.communityId, certification.level, certification.id)], changes: [] });
    return this.pipeline.commit(this.communities.withMove('CERTIFICATION_APPLIED', write, communityMove), origin);
  }

  /** A certification recorded whole, at whatever step it stands (the demo's past designations). */
  record(certification: Certification, regionCode: string, origin: WriteOrigin): Promise<void> {
    const open = certification.decision === 'PENDING' ? [this.openApplicationStep(certification.communityId, certification.level, certification.id)] : [];
    return this.pipeline.commit({ operation: 'CREATE', ...joined(this.certifications.created(certification, regionCode), { steps: open, changes: [] }) }, origin);
  }

  /** The on-site review, and the community's move to UNDER_REVIEW when it makes one. */
  review(current: Certification, next: Certification, regionCode: string, communityMove: CommunityMove | undefined, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit(this.communities.withMove('CERTIFICATION_REVIEWED', this.certifications.replaced(current, next, regionCode), communityMove), origin);
  }

  /**
   * The decision moves the community where the decision puts it; a final one (not a
   * rectification, which keeps the application open) closes the open application.
   */
  decide(
    current: Certification,
    next: Certification,
    regionCode: string,
    communityMove: CommunityMove | undefined,
    origin: WriteOrigin,
    /** The on-site assessment made read-only by a final decision. */
    scores?: RecordWrite,
    /** The designation this decision ends (a re-designation, or a failed re-review), as read and after. */
    ended?: { readonly before: Certification; readonly after: Certification },
  ): Promise<void> {
    const close = next.phase === 'DECIDED' || (next.phase === undefined && next.decision !== 'PENDING');
    const write = joined(
      this.certifications.replaced(current, next, regionCode),
      { steps: close ? [this.closeApplicationStep(current.communityId, current.level)] : [], changes: [] },
      ...(scores ? [scores] : []),
      ...(ended ? [this.certifications.replaced(ended.before, ended.after, regionCode)] : []),
    );
    return this.pipeline.commit(this.communities.withMove('CERTIFICATION_DECIDED', write, communityMove), origin);
  }

  /** A step of the endorsement chain (endorse, return, resubmit, accept), with the community's move when accepting makes one. */
  chainStep(
    operation: 'CERTIFICATION_ENDORSED' | 'CERTIFICATION_RETURNED' | 'CERTIFICATION_RESUBMITTED' | 'CERTIFICATION_ACCEPTED',
    current: Certification,
    next: Certification,
    regionCode: string,
    communityMove: CommunityMove | undefined,
    origin: WriteOrigin,
  ): Promise<void> {
    return this.pipeline.commit(this.communities.withMove(operation, this.certifications.replaced(current, next, regionCode), communityMove), origin);
  }

  /** On-site scores: the review team's assessment (created or replaced) and the certification's computed score, together. */
  scoreOnSite(current: Certification, next: Certification, assessment: RecordWrite, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'ASSESSMENT_SCORED', ...joined(this.certifications.replaced(current, next, regionCode), assessment) }, origin);
  }

  /** A page of the certifications waiting for a level (and region), oldest first. */
  waiting(position: ChainPosition, first: number, after?: string) {
    return this.certifications.page({ index: 'gsi2', partition: this.waitingPartition(position), first, ...(after ? { after } : {}) });
  }

  /** The designations standing in a region, soonest re-review first, due on or before `until` (a page of them, or their count). */
  designationsDue(regionCode: string, until: string, communityIds?: readonly string[]) {
    const names: Record<string, string> = { '#region': 'regionCode' };
    const values: Record<string, unknown> = { ':region': regionCode };
    let expression = 'begins_with(#region, :region)';
    if (communityIds) {
      names['#community'] = 'communityId';
      communityIds.forEach((id, index) => {
        values[`:c${index}`] = id;
      });
      expression += ` AND #community IN (${communityIds.map((_, index) => `:c${index}`).join(', ')})`;
    }
    const listing = { index: 'gsi2' as const, partition: listingKeys.designationsDue(regionCode), from: '0000', to: `${until}\uffff`, filter: { expression, names, values } };
    return {
      page: (first: number, after?: string) => this.certifications.page({ ...listing, first, ...(after ? { after } : {}) }),
      count: () => this.certifications.count(listing),
    };
  }

  /**
   * The latest month with recorded work (community-figures.ts `work_m<MM>`) of each community
   * within this year and the one before, from two figure items per community in BatchGetItem.
   */
  async workMonths(communityIds: readonly string[], today: string): Promise<Map<string, readonly string[]>> {
    const year = Number(today.slice(0, 4));
    const ids = [...new Set(communityIds)];
    const items = await batchGet(this.table, ids.flatMap((id) => [communityFigureKeys.year(id, year), communityFigureKeys.year(id, year - 1)]));
    const months = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const item of items) {
      const communityId = String(item.pk).slice(communityFigureKeys.prefix.length);
      const itemYear = String(item.sk).slice(1);
      for (const [attribute, value] of figuresOfItem(item)) {
        const month = /^work_m(\d{2})$/.exec(attribute)?.[1];
        if (month && value > 0) months.get(communityId)?.push(`${itemYear}-${month}`);
      }
    }
    for (const list of months.values()) list.sort();
    return months;
  }

  waitingPartition(position: ChainPosition): string {
    return listingKeys.waitingCertifications(position.level, position.regionCode);
  }

  openApplicationStep(communityId: string, level: CertificationLevel, certificationId: string): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...openGuardKey(communityId, level), entity: 'OpenCertificationGuard', certificationId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new ConflictError(`the community already has a pending ${level} application; decide it first`, 'input.level'),
    };
  }

  closeApplicationStep(communityId: string, level: CertificationLevel): TransactionStep {
    return { item: { Delete: { TableName: this.table.name, Key: openGuardKey(communityId, level) } } };
  }
}

const openGuardKey = (communityId: string, level: CertificationLevel) => guardKeys.openCertification(communityId, level);
export const certificationPosition = (certification: Pick<Certification, 'appliedOn' | 'id'>) => `${certification.appliedOn}#${certification.id}`;
