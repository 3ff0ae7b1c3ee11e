import type { WriteOrigin } from '#core/origin.ts';
import { commit, type Table, type TransactionStep } from './table.ts';

/**
 * The one write pipeline (README, "Design: the write pipeline"). A repository method per domain
 * write (`create`, `update`, `close`, `correct`, `delete`, …) builds the record's own steps (the
 * record under its version condition, its guards) and says what it changes; the pipeline adds the
 * steps of every registered contributor (analytics counters, child indexes, the audit entry) and
 * commits them in one TransactWriteItems. Contributors are wired once, where the process builds
 * its dependencies, so no feature imports another to write, and no write can leave one out.
 */

/** The operations the audit trail records. */
export const WRITE_OPERATIONS = [
  'CREATE',
  'UPDATE',
  'STAGE_CHANGE',
  'CLOSE',
  'CORRECT',
  'DELETE',
  'IMPORT',
  'IMPORT_UNDONE',
  'EVIDENCE_REQUESTED',
  'EVIDENCE_DECIDED',
  'EVIDENCE_WITHDRAWN',
  'CERTIFICATION_APPLIED',
  'CERTIFICATION_REVIEWED',
  'CERTIFICATION_DECIDED',
  'RECOMPUTE_REPAIR',
  'SHEET_PUBLISHED',
  'ASSESSMENT_SUBMITTED',
  'ASSESSMENT_SCORED',
  'CERTIFICATION_ENDORSED',
  'CERTIFICATION_RETURNED',
  'CERTIFICATION_RESUBMITTED',
  'CERTIFICATION_ACCEPTED',
  'REVIEW_PACK_REQUESTED',
  'REVIEW_PACK_STARTED',
  'REVIEW_PACK_FINISHED',
  'IMPORT_JOB_REQUESTED',
  'IMPORT_JOB_STARTED',
  'IMPORT_JOB_FINISHED',
  'EVIDENCE_EXPIRED',
  'NOTIFICATION_SENT',
  'NOTIFICATIONS_READ',
  'HAZARD_SOURCE_REMOVED',
  'HIDDEN_DANGER_MOVED',
  'RESIDENT_REPORT_ANSWERED',
] as const;
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];

/** One record's change in a write: null before for a creation, null after for a deletion. */
export interface RecordChange<T extends object = object> {
  /** The record's type, as the GraphQL schema names it: 'Community', 'Incident', … */
  readonly type: string;
  readonly id: string;
  readonly communityId: string;
  /** The region the record counts in (its stamp, else its community's region). */
  readonly regionCode: string;
  readonly before: T | null;
  readonly after: T | null;
  /** What the write did to this record, when it differs from the write's operation (a stage move inside a decision). */
  readonly operation?: WriteOperation;
  /**
   * The audit entry's id, when the record must name its entry beforehand (an incident lists its
   * corrections' entries); unique within the record's history. A random id otherwise.
   */
  readonly auditEntryId?: string;
  /** What else contributors need to know of this change (a project's intervention count, an intervention's project). */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** A record's part of a domain write: its own steps and what it changes. */
export interface RecordWrite {
  readonly steps: readonly TransactionStep[];
  readonly changes: readonly RecordChange[];
}

/** One domain write, as a repository method builds it. */
export interface DomainWrite {
  readonly operation: WriteOperation;
  /** The records' own steps: the records under their conditions, guards, own indexes. */
  readonly steps: readonly TransactionStep[];
  readonly changes: readonly RecordChange[];
  /** Why, where the caller said (corrections, deletions). */
  readonly reason?: string;
  /** The call a record came in with (an import's id), kept on its audit entry. */
  readonly via?: string;
}

/** What a contributor sees of a write. */
export interface PipelineWrite extends DomainWrite {
  readonly origin: WriteOrigin;
  /** One instant for the whole write. */
  readonly at: string;
}

/**
 * A feature's steps for the writes of other features, in their transactions. Synchronous and
 * read-free: what a contributor needs comes with the change. Steps of several changes are
 * coalesced (one counter update per item), so a bulk write stays within the transaction limit.
 */
export interface WriteContributor {
  readonly name: string;
  steps(write: PipelineWrite): readonly TransactionStep[];
  /**
   * The items this contributor's steps for `change` may touch, as ids: the steps of several
   * changes touch at most the union. Lets a bulk write pack a transaction row by row.
   */
  itemIds(change: RecordChange): Iterable<string>;
  /**
   * Its steps are commutative additions (counters, figures: `ADD` only, no condition on what was
   * read), so they stay right when committed after the records' own transaction, in any order
   * with other writes, as long as they are committed exactly once. A bulk write (the file import)
   * commits them later, coalesced over many transactions (`recordSteps` / `deferredSteps`).
   */
  readonly deferrable?: boolean;
}

/** Which contributors' steps: all, those committed with the records, or the deferrable ones. */
export type ContributorPart = 'all' | 'records' | 'deferred';

function inPart(contributor: WriteContributor, part: ContributorPart): boolean {
  return part === 'all' || (part === 'deferred') === (contributor.deferrable === true);
}

export class WritePipeline {
  constructor(
    readonly table: Table,
    private readonly contributors: readonly WriteContributor[],
  ) {}

  /** Every step of a write: the records' own, then each contributor's. */
  transaction(write: DomainWrite, origin: WriteOrigin, at = new Date().toISOString()): TransactionStep[] {
    return [...write.steps, ...this.contributed(write, origin, at, 'all')];
  }

  /**
   * A bulk write's first part: the records' own steps and the contributors' that are not
   * deferrable (the audit entries, the child indexes). The caller must commit `deferredSteps` of
   * the same changes exactly once afterwards, and make that recoverable (the import's pending
   * items, functions/incident/import-counts.ts).
   */
  recordSteps(write: DomainWrite, origin: WriteOrigin, at = new Date().toISOString()): TransactionStep[] {
    return [...write.steps, ...this.contributed(write, origin, at, 'records')];
  }

  /** A bulk write's second part: the deferrable contributors' steps for its changes, coalesced (its own steps are not included). */
  deferredSteps(write: Omit<DomainWrite, 'steps'>, origin: WriteOrigin, at = new Date().toISOString()): TransactionStep[] {
    return this.contributed({ ...write, steps: [] }, origin, at, 'deferred');
  }

  private contributed(write: DomainWrite, origin: WriteOrigin, at: string, part: ContributorPart): TransactionStep[] {
    const full: PipelineWrite = { ...write, origin, at };
    return this.contributors.filter((contributor) => inPart(contributor, part)).flatMap((contributor) => [...contributor.steps(full)]);
  }

  /** Commits a write all or nothing; a failed condition is the domain error its step names. */
  commit(write: DomainWrite, origin: WriteOrigin, at?: string): Promise<void> {
    return commit(this.table, this.transaction(write, origin, at));
  }

  /** The ids of the items the contributors' steps for `change` may touch (of one part), tagged by contributor. */
  contributedItemIds(change: RecordChange, part: ContributorPart = 'all'): string[] {
    return this.contributors
      .filter((contributor) => inPart(contributor, part))
      .flatMap((contributor) => [...contributor.itemIds(change)].map((id) => `${contributor.name}:${id}`));
  }
}

/** Several writes of one request as one (a decision and the stage move it causes). */
export function combined(operation: WriteOperation, ...writes: readonly DomainWrite[]): DomainWrite {
  const reason = writes.find((write) => write.reason !== undefined)?.reason;
  return {
    operation,
    steps: writes.flatMap((write) => write.steps),
    changes: writes.flatMap((write) => write.changes.map((change) => ({ ...change, operation: change.operation ?? write.operation }))),
    ...(reason !== undefined ? { reason } : {}),
  };
}
