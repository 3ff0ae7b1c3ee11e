import { listingKeys } from '#core/db/keys.ts';
import { ChildIndex, joined, type ListingPageQuery, RecordStore, type StoredRecord } from '#core/db/records.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import type { Table, TransactionStep } from '#core/db/table.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { BadUserInputError, ConflictError } from '#core/errors.ts';
import { type GridCell, type HazardSource, type InspectionFrequencySetting, riskRank, type SupervisedUnit } from './model.ts';
import { InspectionSchedule } from './inspection-schedule.ts';

/**
 * The hazard register in the single table.
 *   grid cell       pk GRID_CELL#<id>               sk GRID_CELL              gsi1 COMMUNITY#<cid>#GRID_CELLS / <createdAt>#<id>
 *   hazard source   pk HAZARD_SOURCE#<id>           sk HAZARD_SOURCE          gsi1 COMMUNITY#<cid>#HAZARD_SOURCES / <rank>#<createdAt>#<id>
 *   supervised unit pk SUPERVISED_UNIT#<id>         sk SUPERVISED_UNIT        gsi1 COMMUNITY#<cid>#SUPERVISED_UNITS / <grade>#<createdAt>#<id>
 *   frequencies     pk INSPECTION_FREQUENCIES#<cid> sk INSPECTION_FREQUENCIES (one per community, its id the community's)
 *   child indexes   GRID_CELL#<id> CHILDREN#GRID_CELL | CHILDREN#HAZARD_SOURCE | CHILDREN#SUPERVISED_UNIT (id sets)
 *                   INSPECTION#<id> CHILDREN#HIDDEN_DANGER (the dangers an inspection found)
 *   due item        pk SUPERVISED_UNIT#<id> | HAZARD_SOURCE#<id> sk INSPECTION_DUE   gsi2 INSPECTIONS_DUE#<pp> (inspection-schedule.ts):
 *                   its steps come with the writes that move a subject's due day (`due`), or go with its removal
 * The child indexes are contributors of the write pipeline (hazardChildIndexes): a cell's removal
 * holds to all three being empty in its own transaction, and a record created in a cell holds to
 * the cell existing, so a cell is never removed with something in it, even by concurrent writes.
 */
// A cell directly under the community has no parent: the index skips a change whose parent is undefined.
export function hazardChildIndexes(table: Table): ChildIndex[] {
  return [
    new ChildIndex(table, 'GRID_CELL', 'GRID_CELL', { childType: 'GridCell', parentOf: (cell: GridCell) => cell.parentId as string }),
    new ChildIndex(table, 'GRID_CELL', 'HAZARD_SOURCE', { childType: 'HazardSource', parentOf: (source: HazardSource) => source.cellId }),
    new ChildIndex(table, 'GRID_CELL', 'SUPERVISED_UNIT', { childType: 'SupervisedUnit', parentOf: (unit: SupervisedUnit) => unit.cellId }),
    // The dangers an inspection found (Inspection.dangers): INSPECTION#<id> CHILDREN#HIDDEN_DANGER.
    new ChildIndex(table, 'INSPECTION', 'HIDDEN_DANGER', { childType: 'HiddenDanger', parentOf: (danger: { readonly inspectionId?: string }) => danger.inspectionId as string }),
  ];
}

export class HazardRepository {
  readonly cells: RecordStore<GridCell>;
  readonly sources: RecordStore<HazardSource>;
  readonly units: RecordStore<SupervisedUnit>;
  readonly frequencies: RecordStore<InspectionFrequencySetting>;
  readonly cellsOfCell: ChildIndex;
  readonly sourcesOfCell: ChildIndex;
  readonly unitsOfCell: ChildIndex;
  /** The hidden dangers each inspection found (Inspection.dangers). */
  readonly dangersOfInspection: ChildIndex;
  /** The subjects' next due days (inspection-schedule.ts): the writes below that move one take its steps in `due`. */
  readonly schedule: InspectionSchedule;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.cells = new RecordStore<GridCell>(table, {
      kind: 'GRID_CELL',
      type: 'GridCell',
      label: 'grid cell',
      listing: (cell) => ({ partition: listingKeys.gridCells(cell.communityId), position: gridCellPosition(cell) }),
    });
    this.sources = new RecordStore<HazardSource>(table, {
      kind: 'HAZARD_SOURCE',
      type: 'HazardSource',
      label: 'hazard source',
      listing: (source) => ({ partition: listingKeys.hazardSources(source.communityId), position: hazardSourcePosition(source) }),
    });
    this.units = new RecordStore<SupervisedUnit>(table, {
      kind: 'SUPERVISED_UNIT',
      type: 'SupervisedUnit',
      label: 'supervised unit',
      listing: (unit) => ({ partition: listingKeys.supervisedUnits(unit.communityId), position: supervisedUnitPosition(unit) }),
    });
    this.frequencies = new RecordStore<InspectionFrequencySetting>(table, { kind: 'INSPECTION_FREQUENCIES', type: 'InspectionFrequencies', label: 'inspection frequencies' });
    [this.cellsOfCell, this.sourcesOfCell, this.unitsOfCell, this.dangersOfInspection] = hazardChildIndexes(table) as [ChildIndex, ChildIndex, ChildIndex, ChildIndex];
    this.schedule = new InspectionSchedule(table, this.frequencies);
  }

  /** A new cell; under a parent, the write holds to the parent existing (a concurrent removal makes it CONFLICT). */
  createCell(cell: GridCell, regionCode: string, origin: WriteOrigin): Promise<void> {
    const write = this.cells.created(cell, regionCode);
    const steps = cell.parentId ? [this.cellExists(cell.parentId, 'input.parentId')] : [];
    return this.pipeline.commit({ operation: 'CREATE', steps: [...write.steps, ...steps], changes: write.changes }, origin);
  }

  updateCell(current: GridCell, next: GridCell, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'UPDATE', ...this.cells.replaced(current, next, regionCode) }, origin);
  }

  /** Deletes a cell that holds no cell, hazard source or supervised unit, as the transaction finds it. */
  removeCell(current: GridCell, regionCode: string, origin: WriteOrigin): Promise<void> {
    const occupied = (what: string) => () => BadUserInputError.field('input.id', `grid cell ${current.id} holds ${what}; move or remove them first`);
    const write = joined(this.cells.deleted(current, regionCode), {
      steps: [
        this.cellsOfCell.countCheckStep(current.id, 0, occupied('cells')),
        this.sourcesOfCell.countCheckStep(current.id, 0, occupied('hazard sources (removed ones stay in their cell)')),
        this.unitsOfCell.countCheckStep(current.id, 0, occupied('supervised units')),
      ],
      changes: [],
    });
    return this.pipeline.commit({ operation: 'DELETE', ...write }, origin);
  }

  createSource(source: HazardSource, regionCode: string, origin: WriteOrigin, due: readonly TransactionStep[] = []): Promise<void> {
    const write = this.sources.created(source, regionCode);
    return this.pipeline.commit({ operation: 'CREATE', steps: [...write.steps, this.cellExists(source.cellId, 'input.cellId'), ...due], changes: write.changes }, origin);
  }

  updateSource(current: HazardSource, next: HazardSource, regionCode: string, origin: WriteOrigin, due: readonly TransactionStep[] = []): Promise<void> {
    const write = this.sources.replaced(current, next, regionCode);
    return this.pipeline.commit({ operation: 'UPDATE', steps: [...write.steps, ...due], changes: write.changes }, origin);
  }

  /** A removed source keeps its record (and its place in the register's history), marked REMOVED with the reason; it leaves the listing of what is due. */
  removeSource(current: HazardSource, next: HazardSource, regionCode: string, origin: WriteOrigin): Promise<void> {
    const write = this.sources.replaced(current, next, regionCode);
    const steps = [...write.steps, ...this.schedule.removalSteps('HAZARD_SOURCE', current.id, false)];
    return this.pipeline.commit({ operation: 'HAZARD_SOURCE_REMOVED', steps, changes: write.changes, ...(next.removalReason ? { reason: next.removalReason } : {}) }, origin);
  }

  createUnit(unit: SupervisedUnit, regionCode: string, origin: WriteOrigin, due: readonly TransactionStep[] = []): Promise<void> {
    const write = this.units.created(unit, regionCode);
    return this.pipeline.commit({ operation: 'CREATE', steps: [...write.steps, this.cellExists(unit.cellId, 'input.cellId'), ...due], changes: write.changes }, origin);
  }

  updateUnit(current: SupervisedUnit, next: SupervisedUnit, regionCode: string, origin: WriteOrigin, due: readonly TransactionStep[] = []): Promise<void> {
    const write = this.units.replaced(current, next, regionCode);
    return this.pipeline.commit({ operation: 'UPDATE', steps: [...write.steps, ...due], changes: write.changes }, origin);
  }

  /** The unit goes with its due item and its last inspection (its inspections stay, their subject reading null). */
  removeUnit(current: SupervisedUnit, regionCode: string, origin: WriteOrigin): Promise<void> {
    const write = this.units.deleted(current, regionCode);
    return this.pipeline.commit({ operation: 'DELETE', steps: [...write.steps, ...this.schedule.removalSteps('SUPERVISED_UNIT', current.id, true)], changes: write.changes }, origin);
  }

  /** The community's first setting: CONFLICT when it has one. */
  createFrequencies(setting: InspectionFrequencySetting, regionCode: string, origin: WriteOrigin): Promise<void> {
    const write = this.frequencies.created(setting, regionCode);
    const [record] = write.steps;
    const taken = () => new ConflictError('the community has set its inspection frequencies; send their version to replace them', 'input.version');
    return this.pipeline.commit({ operation: 'CREATE', steps: record ? [{ item: record.item, onConditionFailed: taken }] : [], changes: write.changes }, origin);
  }

  replaceFrequencies(current: InspectionFrequencySetting, next: InspectionFrequencySetting, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'UPDATE', ...this.frequencies.replaced(current, next, regionCode) }, origin);
  }

  /** Holds a write to a cell existing when it commits. */
  private cellExists(cellId: string, field: string): TransactionStep {
    return {
      item: {
        ConditionCheck: {
          TableName: this.table.name,
          Key: this.cells.key(cellId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      onConditionFailed: () => new ConflictError(`grid cell ${cellId} was removed meanwhile; read the grid again`, field),
    };
  }
}

export const gridCellPosition = (cell: Pick<GridCell, 'createdAt' | 'id'>) => `${cell.createdAt}#${cell.id}`;
export const hazardSourcePosition = (source: Pick<HazardSource, 'riskLevel' | 'createdAt' | 'id'>) => `${riskRank(source.riskLevel)}#${source.createdAt}#${source.id}`;
export const supervisedUnitPosition = (unit: Pick<SupervisedUnit, 'grade' | 'createdAt' | 'id'>) => `${unit.grade}#${unit.createdAt}#${unit.id}`;

/** The listings' partitions (keys.ts), for the service's queries. */
export const hazardListings = {
  gridCells: listingKeys.gridCells,
  hazardSources: listingKeys.hazardSources,
  supervisedUnits: listingKeys.supervisedUnits,
} as const;

/** A listing query without its page: what the service asks a store for, and counts. */
export type HazardListing = Omit<ListingPageQuery, 'first' | 'after'>;
export type HazardStore<T extends StoredRecord> = RecordStore<T>;
