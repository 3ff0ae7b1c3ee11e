import { encodeCursor } from '#core/pagination.ts';
import { listingKeys } from '#core/db/keys.ts';
import { ChildIndex, RecordStore } from '#core/db/records.ts';
import type { WriteOperation, WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Table, TransactionStep } from '#core/db/table.ts';
import type { Evidence, EvidenceOwnerType } from './model.ts';

/**
 * Evidence in the single table.
 *   evidence      pk EVIDENCE#<id>                            sk EVIDENCE
 *   owner index   pk EVIDENCE_OWNER#<ownerType>#<ownerId>     sk CHILDREN#EVIDENCE   (id set)
 *   archive       gsi2 COMMUNITY#<cid>#ARCHIVE / <element|~UNASSIGNED>#<uploadedAt>#<id>, only while AVAILABLE
 * An owner's evidence loads like a project's interventions: the id sets of every owner in a
 * response in one BatchGetItem, the evidence in one per 100, so evidence nested in a page of
 * projects costs no query per project. The archive is a sparse index: the write that makes
 * evidence AVAILABLE puts it there and the withdrawal takes it out (the same Put that changes the
 * status), so one Query on it returns exactly a community's available evidence, by element. The
 * owner type is part of the owner key because a community's own evidence and its committee's
 * share the owner id.
 */
export function evidenceChildIndexes(table: Table): ChildIndex[] {
  return [new ChildIndex(table, 'EVIDENCE_OWNER', 'EVIDENCE', { childType: 'Evidence', parentOf: (evidence: Evidence) => ownerKey(evidence) })];
}

export class EvidenceRepository {
  readonly evidence: RecordStore<Evidence>;
  readonly ofOwner: ChildIndex;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.evidence = new RecordStore<Evidence>(table, {
      kind: 'EVIDENCE',
      type: 'Evidence',
      label: 'evidence',
      // While PENDING_UPLOAD: its province's uploads by URL expiry, for the reminders job (EXPIRED).
      listing: (evidence) =>
        evidence.status === 'PENDING_UPLOAD'
          ? { partition: listingKeys.pendingUploads(evidence.regionCode ?? ''), position: `${evidence.uploadExpiresAt}#${evidence.id}` }
          : undefined,
      secondListing: (evidence) =>
        evidence.status === 'AVAILABLE'
          ? { partition: archiveListing(evidence.communityId), position: `${evidence.element ?? UNASSIGNED}#${evidence.uploadedAt}#${evidence.id}` }
          : undefined,
    });
    [this.ofOwner] = evidenceChildIndexes(table) as [ChildIndex];
  }

  get(id: string): Promise<Evidence | undefined> {
    return this.evidence.get(id);
  }

  /** The record, and (by the pipeline's owner index) its owner's index entry, together. */
  create(evidence: Evidence, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'EVIDENCE_REQUESTED', ...this.evidence.created(evidence, regionCode) }, origin);
  }

  /** Replaces `previous` if it is still at its version; CONFLICT otherwise. */
  replace(previous: Evidence, next: Evidence, operation: WriteOperation, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation, ...this.evidence.replaced(previous, next, regionCode) }, origin);
  }

  /**
   * An upload that never arrived becomes EXPIRED, with its audit entry, together with `alongside`
   * (the notification of it), all or nothing; CONFLICT when the processor decided it meanwhile.
   */
  expire(previous: Evidence, next: Evidence, origin: WriteOrigin, alongside: readonly TransactionStep[] = []): Promise<void> {
    const own = this.evidence.replaced(previous, next, previous.regionCode ?? '');
    return this.pipeline.commit({ operation: 'EVIDENCE_EXPIRED', steps: [...own.steps, ...alongside], changes: own.changes }, origin);
  }

  /** A page of a province's PENDING_UPLOAD evidence whose upload URL expired at or before `expiredBy`, oldest expiry first. */
  pendingUploads(provinceCode: string, expiredBy: string, first: number, after?: string) {
    return this.evidence.page({ partition: listingKeys.pendingUploads(provinceCode), from: '0000', to: `${expiredBy}\uffff`, first, ...(after ? { after } : {}) });
  }

  /** Every AVAILABLE item of a community, ordered by element: one Query per 100. */
  async archiveOf(communityId: string): Promise<Evidence[]> {
    const found: Evidence[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.evidence.page({ index: 'gsi2', partition: archiveListing(communityId), first: 100, ...(after ? { after } : {}) });
      found.push(...page.items.map(({ node }) => node));
      const last = page.items.at(-1);
      if (!page.hasNextPage || !last) return found;
      after = encodeCursor(last.position);
    }
  }
}

export interface OwnerRef {
  readonly ownerType: EvidenceOwnerType;
  readonly ownerId: string;
}

/** The owner index's parent id: the owner type and id. */
export const ownerKey = (owner: OwnerRef): string => `${owner.ownerType}#${owner.ownerId}`;

const UNASSIGNED = '~UNASSIGNED';
const archiveListing = listingKeys.archive;
