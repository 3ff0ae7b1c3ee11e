import { lastInspectionKey, listingKeys } from '#core/db/keys.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import { joined, RecordStore, type StoredRecord } from '#core/db/records.ts';
import { batchGet, queryAll, type Table, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { HiddenDanger } from './danger-model.ts';
import { HiddenDangerRepository } from './danger-repository.ts';
import type { Inspection, InspectionSubjectType, LastInspection } from './inspection-model.ts';

/**
 * Inspections in the single table.
 *   inspection       pk INSPECTION#<id>                  sk INSPECTION        gsi1 COMMUNITY#<cid>#INSPECTIONS / <heldOn>#<createdAt>#<id>
 *   last inspection  pk SUPERVISED_UNIT#<id> | HAZARD_SOURCE#<id>  sk LAST_INSPECTION  (lastInspectedOn, inspectionId)
 * The last-inspection item is written in the inspection's transaction, conditioned on the value
 * the service read (or its absence), so `inspectionsDue` reads one item per subject instead of
 * every inspection, and two inspections of a subject recorded at once cannot lose the later day.
 * The hidden dangers an inspection finds are created in its transaction (the danger repository's
 * records, with their own listings, counters and audit entries); the subject's due item
 * (inspection-schedule.ts) moves in it too.
 */
export class InspectionRepository {
  readonly inspections: RecordStore<Inspection>;
  private readonly dangers: RecordStore<HiddenDanger>;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.inspections = new RecordStore<Inspection>(table, {
      kind: 'INSPECTION',
      type: 'Inspection',
      label: 'inspection',
      listing: (inspection) => ({ partition: listingKeys.inspections(inspection.communityId), position: inspectionPosition(inspection) }),
    });
    this.dangers = new HiddenDangerRepository(table, pipeline).dangers;
  }

  /**
   * Records an inspection and, when it is the subject's latest, moves the subject's last
   * inspection to its day, all in one transaction. `previous` is the last inspection as read:
   * a concurrent change of it is CONFLICT on `input.subjectId`.
   */
  record(
    inspection: Inspection,
    previous: LastInspection | undefined,
    regionCode: string,
    origin: WriteOrigin,
    found: { readonly dangers?: readonly HiddenDanger[]; readonly due?: readonly TransactionStep[] } = {},
  ): Promise<void> {
    const write = joined(this.inspections.created(inspection, regionCode), ...(found.dangers ?? []).map((danger) => this.dangers.created(danger, regionCode)));
    const steps: TransactionStep[] = [...write.steps, this.subjectExists(inspection.subjectType, inspection.subjectId), ...(found.due ?? [])];
    if (!previous || previous.lastInspectedOn <= inspection.heldOn) steps.push(this.lastInspectionStep(inspection, previous));
    return this.pipeline.commit({ operation: 'CREATE', steps, changes: write.changes }, origin);
  }

  /** The hidden dangers of inspections, by id (Inspection.dangers: their child index's ids, then one BatchGetItem per 100). */
  dangersById(ids: readonly string[]): Promise<(HiddenDanger | undefined)[]> {
    return this.dangers.getMany(ids);
  }

  /** The last inspection of each subject, in the order asked (undefined where never inspected). */
  async lastInspections(subjects: readonly { readonly type: InspectionSubjectType; readonly id: string }[]): Promise<(LastInspection | undefined)[]> {
    if (subjects.length === 0) return [];
    const items = await batchGet(
      this.table,
      subjects.map((subject) => lastInspectionKey(subject.type, subject.id)),
    );
    const byPk = new Map(items.map((item) => [item.pk, item]));
    return subjects.map((subject) => {
      const item = byPk.get(lastInspectionKey(subject.type, subject.id).pk);
      return item ? { subjectId: subject.id, lastInspectedOn: String(item.lastInspectedOn), inspectionId: String(item.inspectionId) } : undefined;
    });
  }

  /** Every record of a community's listing (its units or sources: bounded by the community, one paginated Query). */
  async listAll<T extends StoredRecord>(store: RecordStore<T>, partition: string): Promise<T[]> {
    const items = await queryAll(this.table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition } });
    return items.map((item) => store.fromItem(item));
  }

  private lastInspectionStep(inspection: Inspection, previous: LastInspection | undefined): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...lastInspectionKey(inspection.subjectType, inspection.subjectId), lastInspectedOn: inspection.heldOn, inspectionId: inspection.id, communityId: inspection.communityId },
          ConditionExpression: previous ? 'inspectionId = :previous' : 'attribute_not_exists(pk)',
          ...(previous ? { ExpressionAttributeValues: { ':previous': previous.inspectionId } } : {}),
        },
      },
      onConditionFailed: () => new ConflictError('another inspection of this subject was recorded meanwhile; read it again', 'input.subjectId'),
    };
  }

  /** The subject is still there when the inspection commits (a unit removed meanwhile is CONFLICT). */
  private subjectExists(type: InspectionSubjectType, id: string): TransactionStep {
    return {
      item: { ConditionCheck: { TableName: this.table.name, Key: { pk: `${type}#${id}`, sk: type }, ConditionExpression: 'attribute_exists(pk)' } },
      onConditionFailed: () => new ConflictError(`the ${type === 'SUPERVISED_UNIT' ? 'supervised unit' : 'hazard source'} was removed meanwhile`, 'input.subjectId'),
    };
  }
}

export const inspectionPosition = (inspection: Pick<Inspection, 'heldOn' | 'createdAt' | 'id'>) => `${inspection.heldOn}#${inspection.createdAt}#${inspection.id}`;

/** The listings' partitions (keys.ts), for the service's queries. */
export const inspectionListings = {
  inspections: listingKeys.inspections,
  supervisedUnits: listingKeys.supervisedUnits,
  hazardSources: listingKeys.hazardSources,
} as const;
