import { randomUUID } from 'node:crypto';
import { auditKeys } from '#core/db/keys.ts';
import { auditEntryId } from '#core/ids.ts';
import type { PipelineWrite, RecordChange, WriteContributor } from '#core/db/pipeline.ts';
import type { Table, TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import { type AuditEntry, fieldChanges } from './model.ts';

export const AUDIT_ENTITY = 'AuditEntry';

/**
 * The audit trail's contributor: one entry per changed record, in the write's own transaction,
 * so a write without its entry cannot happen. Entries are Put under attribute_not_exists and
 * never touched again (no code path updates or deletes them, and the CDK app denies both).
 */
export class AuditTrail implements WriteContributor {
  readonly name = 'audit';

  constructor(private readonly table: Table) {}

  steps(write: PipelineWrite): TransactionStep[] {
    return write.changes.map((change) => this.entryStep(this.entryOf(write, change)));
  }

  /** Every change has an entry of its own: one item each. */
  *itemIds(change: RecordChange): Iterable<string> {
    yield `${change.type}#${change.id}#${randomUUID()}`;
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
