
import type { CommunityMove, CommunityRepository } from '#community/repository.ts';
import { guardKeys, listingKeys, recordKey } from '#core/db/keys.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import { joined, type ListingPage, RecordStore } from '#core/db/records.ts';
import { batchGet, type Table, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { CertificationLevel } from '#certification/model.ts';
import type { Assessment, AssessmentKind, AssessmentLink, AssessmentLinkType } from './assessment-model.ts';

/**
 * Assessments in the single table.
 *   assessment   pk ASSESSMENT#<id>   sk ASSESSMENT   gsi1 COMMUNITY#<cid>#ASSESSMENTS / <createdAt>#<id>
 *   draft guard  pk ASSESSMENT_DRAFT#<cid>#<level> sk GUARD: one DRAFT self-assessment per community
 *                and level at a time (put when one is opened or revised, deleted when it is submitted)
 * `assessments` is public: the certification repository joins an on-site assessment's steps into
 * its own transactions (on-site scoring and the decision).
 */

/** A record an item links to, as far as a link check needs it. */
export interface LinkTarget {
  readonly type: AssessmentLinkType;
  readonly id: string;
  readonly communityId: string;
  /** Evidence only. */
  readonly status?: string;
}

/** The record kind (key prefix) behind each link type; COMMITTEE is the community's own. */
const LINK_KINDS: Readonly<Record<Exclude<AssessmentLinkType, 'COMMITTEE'>, string>> = {
  EVIDENCE: 'EVIDENCE',
  PROJECT: 'PROJECT',
  INTERVENTION: 'INTERVENTION',
  ACTIVITY: 'ACTIVITY',
  SURVEY: 'SURVEY',
  INCIDENT: 'INCIDENT',
};

export class AssessmentRepository {
  readonly assessments: RecordStore<Assessment>;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
    /** A submission moves its community: that part of the write is the community repository's. */
    private readonly communities: CommunityRepository,
  ) {
    this.assessments = new RecordStore<Assessment>(table, {
      kind: 'ASSESSMENT',
      type: 'Assessment',
      label: 'assessment',
      listing: (assessment) => ({ partition: listingKeys.assessments(assessment.communityId), position: assessmentPosition(assessment) }),
    });
  }

  getMany(ids: readonly string[]): Promise<(Assessment | undefined)[]> {
    return this.assessments.getMany(ids);
  }

  /** A new DRAFT self-assessment and its community's draft guard for the level. */
  open(assessment: Assessment, origin: WriteOrigin): Promise<void> {
    const write = joined(this.assessments.created(assessment, assessment.regionCode), {
      steps: [this.draftGuardStep(assessment.communityId, assessment.level, assessment.id)],
      changes: [],
    });
    return this.pipeline.commit({ operation: 'CREATE', ...write }, origin);
  }

  /** A DRAFT's grades, notes and links saved under its version. */
  save(current: Assessment, next: Assessment, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'UPDATE', ...this.assessments.replaced(current, next, current.regionCode) }, origin);
  }

  /**
   * The submission: the assessment under its version, the draft guard released, and the
   * community's move to SELF_ASSESSED when it makes one, in one transaction.
   */
  submit(current: Assessment, next: Assessment, communityMove: CommunityMove | undefined, origin: WriteOrigin): Promise<void> {
    const write = joined(this.assessments.replaced(current, next, current.regionCode), {
      steps: [this.releaseDraftStep(current.communityId, current.level)],
      changes: [],
    });
    return this.pipeline.commit(this.communities.withMove('ASSESSMENT_SUBMITTED', write, communityMove), origin);
  }

  /** A new DRAFT revising a submitted self-assessment, which must be as read (the write holds to its version). */
  revise(original: Assessment, revision: Assessment, origin: WriteOrigin): Promise<void> {
    const changed = () => new ConflictError(`self-assessment ${original.id} changed meanwhile; read it again`, 'input.id');
    const write = joined(this.assessments.created(revision, revision.regionCode), {
      steps: [this.draftGuardStep(revision.communityId, revision.level, revision.id), this.assessments.unchangedStep(original, changed)],
      changes: [],
    });
    return this.pipeline.commit({ operation: 'CREATE', ...write }, origin);
  }

  /** A page of a community's assessments, newest first, optionally of one kind. */
  page(communityId: string, query: { first: number; after?: string; kind?: AssessmentKind }): Promise<ListingPage<Assessment>> {
    return this.assessments.page({
      partition: listingKeys.assessments(communityId),
      first: query.first,
      ...(query.after !== undefined ? { after: query.after } : {}),
      descending: true,
      ...(query.kind ? { filter: kindFilter(query.kind) } : {}),
    });
  }

  count(communityId: string, kind?: AssessmentKind): Promise<number> {
    return this.assessments.count({ partition: listingKeys.assessments(communityId), ...(kind ? { filter: kindFilter(kind) } : {}) });
  }

  /**
   * The records links point to, by type and id: one BatchGetItem per 100 links (a save has at
   * most 100 items × 10 links). COMMITTEE links are the community's and read nothing here.
   */
  async linkTargets(links: readonly AssessmentLink[]): Promise<LinkTarget[]> {
    const wanted = links.filter((link): link is AssessmentLink & { type: Exclude<AssessmentLinkType, 'COMMITTEE'> } => link.type !== 'COMMITTEE');
    if (wanted.length === 0) return [];
    const byKind = new Map(Object.entries(LINK_KINDS).map(([type, kind]) => [kind, type as AssessmentLinkType]));
    const items = await batchGet(
      this.table,
      wanted.map((link) => recordKey(LINK_KINDS[link.type], link.id)),
    );
    return items.flatMap((item) => {
      const type = byKind.get(String(item.sk));
      if (!type || typeof item.id !== 'string' || typeof item.communityId !== 'string') return [];
      return [{ type, id: item.id, communityId: item.communityId, ...(typeof item.status === 'string' ? { status: item.status } : {}) }];
    });
  }

  draftGuardStep(communityId: string, level: CertificationLevel, assessmentId: string): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...guardKeys.assessmentDraft(communityId, level), entity: 'AssessmentDraftGuard', assessmentId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new ConflictError(`the community already has a DRAFT ${level} self-assessment: save and submit it (Community.assessments lists it)`, 'input.level'),
    };
  }

  releaseDraftStep(communityId: string, level: CertificationLevel): TransactionStep {
    return { item: { Delete: { TableName: this.table.name, Key: guardKeys.assessmentDraft(communityId, level) } } };
  }
}

function kindFilter(kind: AssessmentKind) {
  return { expression: '#kind = :kind', names: { '#kind': 'kind' }, values: { ':kind': kind } };
}

export const assessmentPosition = (assessment: Pick<Assessment, 'createdAt' | 'id'>) => `${assessment.createdAt}#${assessment.id}`;
