import { randomUUID } from 'node:crypto';
import { auditKeys } from '#core/db/keys.ts';
import { packedJson } from '#core/db/packed.ts';
import { auditEntryId } from '#core/ids.ts';
import type { PipelineWrite, RecordChange, WriteContributor } from '#core/db/pipeline.ts';
import type { Table, TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import { type AuditEntry, fieldChanges } from './model.ts';

export const AUDIT_ENTITY = 'AuditEntry';
/** One item holding the entries of every incident one import transaction created (an import batch). */
export const AUDIT_BATCH_ENTITY = 'AuditImportBatch';
/** The record type whose history partition holds import batches (each batch its own partition). */
export const AUDIT_BATCH_TYPE = 'IncidentImport';

/**
 * An entry of an import batch: `<batch entry id>.<index>`. The importer names each created
 * incident's entry so (the incident keeps it, `importAudit`), and the trail then writes the rows of
 * the transaction as one batch item instead of an item per row; the reads expand it again.
 */
export const batchMemberId = (batchId: string, index: number): string => `${batchId}.${index}`;

/** The batch and index an entry id names, when it is a batch member's. */
export function batchMemberOf(id: string | undefined): { readonly batchId: string; readonly index: number } | undefined {
  const match = id === undefined ? null : /^(aud_\d{2}\.\d{17}\.[0-9a-f-]{36})\.(\d{1,4})$/.exec(id);
  return match ? { batchId: match[1] as string, index: Number(match[2]) } : undefined;
}

/** What a batch item holds per entry (the rest is the batch's: at, operation, actor, community, region, request, via). */
export interface BatchMember {
  readonly index: number;
  readonly recordType: string;
  readonly recordId: string;
  readonly changes: AuditEntry['changes'];
  readonly version?: number;
}

/**
 * The audit trail's contributor: one entry per changed record, in the write's own transaction,
 * so a write without its entry cannot happen. Entries are Put under attribute_not_exists and
 * never touched again (no code path updates or deletes them, and the CDK app denies both).
 */
export class AuditTrail implements WriteContributor {
  readonly name = 'audit';

  constructor(private readonly table: Table) {}

  steps(write: PipelineWrite): TransactionStep[] {
    const batch = batchOf(write);
    if (batch) return [this.batchStep(write, batch)];
    return write.changes.map((change) => this.entryStep(this.entryOf(write, change)));
  }

  /** Every change has an entry of its own: one item each; the members of an import batch share its one item. */
  *itemIds(change: RecordChange): Iterable<string> {
    const member = batchMemberOf(change.auditEntryId);
    yield member ? `${AUDIT_BATCH_TYPE}#${member.batchId}` : `${change.type}#${change.id}#${randomUUID()}`;
  }

  entryOf(write: PipelineWrite, change: RecordChange): AuditEntry {
    const record = (change.after ?? change.before) as { version?: unknown } | null;
    return {
      id: change.auditEntryId ?? auditEntryId(change.regionCode, write.at),
      at: write.at,
      operation: change.operation ?? write.operation,
      actor: write.origin.actor,
      recordType: change.type,
      recordId: change.id,
      communityId: change.communityId,
      regionCode: change.regionCode,
      changes: fieldChanges(change.before, change.after),
      ...(typeof record?.version === 'number' ? { version: record.version } : {}),
      ...(write.reason !== undefined ? { reason: write.reason } : {}),
      requestId: write.origin.requestId,
      ...(write.via !== undefined ? { via: write.via } : {}),
    };
  }

  /**
   * The entries of an import transaction as one item (README, "The audit trail"): listed in the
   * community's and the province's logs at the batch's position, each member read back as the
   * entry it stands for (its id `<batch>.<index>`); an incident's history finds its member
   * through the incident's `importAudit`.
   */
  private batchStep(write: PipelineWrite, batch: { readonly batchId: string; readonly members: readonly { readonly index: number; readonly change: RecordChange }[] }): TransactionStep {
    const first = batch.members[0]?.change;
    const position = auditKeys.position(write.at, batch.batchId);
    const members: BatchMember[] = batch.members.map(({ index, change }) => {
      const entry = this.entryOf(write, change);
      return { index, recordType: entry.recordType, recordId: entry.recordId, changes: entry.changes, ...(entry.version !== undefined ? { version: entry.version } : {}) };
    });
    const communityId = first?.communityId ?? '';
    const regionCode = first?.regionCode ?? '';
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: {
            pk: auditKeys.record(AUDIT_BATCH_TYPE, batch.batchId),
            sk: position,
            entity: AUDIT_BATCH_ENTITY,
            ...(communityId ? { gsi1pk: auditKeys.community(communityId), gsi1sk: position } : {}),
            ...(regionCode ? { gsi2pk: auditKeys.province(regionCode), gsi2sk: position } : {}),
            id: batch.batchId,
            at: write.at,
            operation: write.operation,
            actor: write.origin.actor,
            communityId,
            regionCode,
            requestId: write.origin.requestId,
            ...(write.via !== undefined ? { via: write.via } : {}),
            // Gzipped JSON (core/db/packed.ts), not a list of maps; batches written before hold the list, and both read.
            members: packedJson(members),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new ConflictError(`the audit entry ${batch.batchId} exists already`),
    };
  }

  private entryStep(entry: AuditEntry): TransactionStep {
    const position = auditKeys.position(entry.at, entry.id);
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: {
            pk: auditKeys.record(entry.recordType, entry.recordId),
            sk: position,
            entity: AUDIT_ENTITY,
            // A regional change (a counter repair) belongs to no community: it is in its region's log only.
            ...(entry.communityId ? { gsi1pk: auditKeys.community(entry.communityId), gsi1sk: position } : {}),
            // A platform-wide record (a scoring sheet version) belongs to no region either: empty
            // community and region, in its own history only, in no community's or region's log.
            ...(entry.regionCode ? { gsi2pk: auditKeys.province(entry.regionCode), gsi2sk: position } : {}),
            ...entry,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new ConflictError(`the audit entry ${entry.id} exists already`),
    };
  }
}

/**
 * The batch of an import write whose every change names a member of one batch (of one community,
 * region and operation), or undefined: entries of their own.
 */
function batchOf(write: PipelineWrite): { batchId: string; members: { index: number; change: RecordChange }[] } | undefined {
  if (write.operation !== 'IMPORT' || write.changes.length === 0) return undefined;
  const members: { index: number; change: RecordChange }[] = [];
  let batchId: string | undefined;
  for (const change of write.changes) {
    const member = batchMemberOf(change.auditEntryId);
    if (!member || (batchId !== undefined && member.batchId !== batchId) || (change.operation ?? write.operation) !== write.operation) return undefined;
    if (members.length > 0 && (change.communityId !== members[0]?.change.communityId || change.regionCode !== members[0]?.change.regionCode)) return undefined;
    batchId = member.batchId;
    members.push({ index: member.index, change });
  }
  return batchId === undefined ? undefined : { batchId, members };
}
