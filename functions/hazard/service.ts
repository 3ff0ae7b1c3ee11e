import DataLoader from 'dataloader';
import { authorizeHazardRegister, type HazardAction } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, pageRequest } from '#core/pagination.ts';
import { applyPatch, isEmptyPatch } from '#core/patch.ts';
import { chinaToday, recordId } from '#core/taxonomy.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import type { CommunityService } from '#community/service.ts';
import {
  createGridCellInputSchema,
  createHazardSourceInputSchema,
  createSupervisedUnitInputSchema,
  DEFAULT_GRADE_FREQUENCIES,
  type GradeFrequencies,
  type GridCell,
  type HazardSource,
  type HazardSourceStatus,
  type InspectionFrequencySetting,
  MAX_GRID_DEPTH,
  removeHazardSourceInputSchema,
  removeRecordInputSchema,
  type RiskLevel,
  riskRank,
  setInspectionFrequenciesInputSchema,
  type SupervisedUnit,
  type SupervisionGrade,
  updateGridCellInputSchema,
  updateHazardSourceInputSchema,
  updateSupervisedUnitInputSchema,
  villageCodeInRegion,
} from './model.ts';
import { type HazardListing, hazardListings, type HazardRepository, type HazardStore } from './repository.ts';
import { dueBasisOf } from './inspection-schedule.ts';
import { newId } from '#core/ids.ts';

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface HazardRegisterArgs extends PageArgs {
  readonly level?: RiskLevel | null;
  readonly status?: HazardSourceStatus | null;
  readonly cellId?: string | null;
}

export interface SupervisedUnitArgs extends PageArgs {
  readonly grade?: SupervisionGrade | null;
  readonly cellId?: string | null;
}

export type GridCellConnectionModel = Connection<GridCell>;
export type HazardSourceConnectionModel = Connection<HazardSource>;
export type SupervisedUnitConnectionModel = Connection<SupervisedUnit>;

/** A community's frequencies as read: its own setting, or the defaults (version null) when it has set none. */
export interface InspectionFrequenciesView {
  readonly communityId: string;
  readonly frequencies: GradeFrequencies;
  readonly isDefault: boolean;
  readonly version: number | null;
  readonly updatedAt: string | null;
  /** The setting's record, for its history; absent for the defaults. */
  readonly setting?: InspectionFrequencySetting;
}

const LABELS = { cell: 'grid cell', source: 'hazard source', unit: 'supervised unit' } as const;

/**
 * The hazard register of a community for one request: its grid, hazard sources and supervised
 * units, and the inspection frequencies of the grades. Every read and write asks the policy's
 * Hazards section on the record's community.
 */
export class HazardService {
  private readonly cellById: DataLoader<string, GridCell | undefined>;
  private readonly sourceById: DataLoader<string, HazardSource | undefined>;
  private readonly unitById: DataLoader<string, SupervisedUnit | undefined>;
  private readonly frequenciesByCommunity: DataLoader<string, GradeFrequencies>;

  constructor(
    private readonly repository: HazardRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly origin: WriteOrigin,
  ) {
    this.cellById = new DataLoader((ids) => repository.cells.getMany(ids), { maxBatchSize: 100 });
    this.sourceById = new DataLoader((ids) => repository.sources.getMany(ids), { maxBatchSize: 100 });
    this.unitById = new DataLoader((ids) => repository.units.getMany(ids), { maxBatchSize: 100 });
    this.frequenciesByCommunity = new DataLoader(async (ids) => (await repository.frequencies.getMany(ids)).map((setting) => setting?.frequencies ?? DEFAULT_GRADE_FREQUENCIES), { maxBatchSize: 100 });
  }

  // ---- reads ----

  async getCell(id: string): Promise<GridCell> {
    return (await this.visible(this.cellById, id, LABELS.cell, 'hazard:read')).record;
  }

  async getSource(id: string): Promise<HazardSource> {
    return (await this.visible(this.sourceById, id, LABELS.source, 'hazard:read')).record;
  }

  async getUnit(id: string): Promise<SupervisedUnit> {
    return (await this.visible(this.unitById, id, LABELS.unit, 'hazard:read')).record;
  }

  /** A cell's parent, for the tree; null at the top. */
  async parentOf(cell: GridCell): Promise<GridCell | null> {
    return cell.parentId ? ((await this.cellById.load(cell.parentId)) ?? null) : null;
  }

  /** The community's grid, flat with each cell's parent and depth, oldest first (a parent always before its children). */
  async grid(communityId: string, args: PageArgs): Promise<GridCellConnectionModel> {
    const community = await this.readable(communityId);
    return this.page(this.repository.cells, { partition: hazardListings.gridCells(community.id) }, args);
  }

  /**
   * The register by level: red first, then orange, yellow, blue; within a level in the order
   * recorded. Without `status` it is the register as it stands (ACTIVE and CONTROLLED); REMOVED
   * sources are listed when asked for.
   */
  async hazardRegister(communityId: string, args: HazardRegisterArgs): Promise<HazardSourceConnectionModel> {
    const community = await this.readable(communityId);
    if (args.cellId) await this.assertCellOf(community.id, args.cellId, 'cellId');
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (args.status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = args.status;
    } else {
      conditions.push('#status <> :removed');
      names['#status'] = 'status';
      values[':removed'] = 'REMOVED';
    }
    if (args.cellId) {
      conditions.push('#cellId = :cellId');
      names['#cellId'] = 'cellId';
      values[':cellId'] = args.cellId;
    }
    const rank = args.level ? `${riskRank(args.level)}#` : undefined;
    return this.page(
      this.repository.sources,
      {
        partition: hazardListings.hazardSources(community.id),
        ...(rank ? { from: rank, to: `${rank}\uffff` } : {}),
        filter: { expression: conditions.join(' AND '), names, values },
      },
      args,
    );
  }

  /** A community's supervised units by grade (A first), optionally of one grade or one cell. */
  async supervisedUnits(communityId: string, args: SupervisedUnitArgs): Promise<SupervisedUnitConnectionModel> {
    const community = await this.readable(communityId);
    if (args.cellId) await this.assertCellOf(community.id, args.cellId, 'cellId');
    const grade = args.grade ? `${args.grade}#` : undefined;
    return this.page(
      this.repository.units,
      {
        partition: hazardListings.supervisedUnits(community.id),
        ...(grade ? { from: grade, to: `${grade}\uffff` } : {}),
        ...(args.cellId ? { filter: { expression: '#cellId = :cellId', names: { '#cellId': 'cellId' }, values: { ':cellId': args.cellId } } } : {}),
      },
      args,
    );
  }

  async inspectionFrequencies(communityId: string): Promise<InspectionFrequenciesView> {
    const community = await this.readable(communityId);
    return frequenciesView(community.id, await this.repository.frequencies.get(community.id));
  }

  /** The frequencies a community inspects its grades by (a unit's resolver has authorized the read). */
  frequenciesOf(communityId: string): Promise<GradeFrequencies> {
    return this.frequenciesByCommunity.load(communityId);
  }

  // ---- the grid ----

  async createCell(rawInput: unknown): Promise<GridCell> {
    const input = parseInput(createGridCellInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.writableCommunity(input.communityId);
    if (input.villageCode) assertVillageCode(input.villageCode, community);
    let depth = 1;
    if (input.parentId) {
      const parent = await this.assertCellOf(community.id, input.parentId, 'input.parentId');
      depth = parent.depth + 1;
      if (depth > MAX_GRID_DEPTH) throw BadUserInputError.field('input.parentId', `the grid is at most ${MAX_GRID_DEPTH} levels deep; this parent is at level ${parent.depth}`);
    }
    const now = new Date().toISOString();
    const cell: GridCell = { id: newId('gridCell'), ...input, regionCode: community.regionCode, depth, version: 1, createdAt: now, updatedAt: now };
    await this.repository.createCell(cell, community.regionCode, this.origin);
    return cell;
  }

  async updateCell(rawInput: unknown): Promise<GridCell> {
    const { id, version, ...changes } = parseInput(updateGridCellInputSchema, rawInput);
    const { record: current, community } = await this.visible(this.cellById, id, LABELS.cell, 'hazard:write');
    this.repository.cells.assertVersion(current, version);
    if (changes.villageCode) assertVillageCode(changes.villageCode, community);
    if (isEmptyPatch(changes)) return current;
    const next: GridCell = { ...applyPatch(current, changes), version: current.version + 1, updatedAt: new Date().toISOString() };
    await this.repository.updateCell(current, next, community.regionCode, this.origin);
    this.cellById.clear(id).prime(id, next);
    return next;
  }

  /** Only an empty cell goes: one with cells, hazard sources (removed ones too) or units below it is BAD_USER_INPUT. */
  async removeCell(rawInput: unknown): Promise<GridCell> {
    const { id, version } = parseInput(removeRecordInputSchema, rawInput);
    const { record: current, community } = await this.visible(this.cellById, id, LABELS.cell, 'hazard:write');
    this.repository.cells.assertVersion(current, version);
    await this.repository.removeCell(current, community.regionCode, this.origin);
    this.cellById.clear(id);
    return current;
  }

  // ---- hazard sources ----

  async createSource(rawInput: unknown): Promise<HazardSource> {
    const input = parseInput(createHazardSourceInputSchema, rawInput, { nullMeansAbsent: true });
    const { community } = await this.cellToWriteIn(input.cellId);
    const now = new Date().toISOString();
    const source: HazardSource = { id: newId('hazardSource'), ...input, communityId: community.id, regionCode: community.regionCode, version: 1, createdAt: now, updatedAt: now };
    // Its first due day, in the listing of what is due, in the same transaction.
    const due = await this.repository.schedule.placementSteps(dueBasisOf('HAZARD_SOURCE', source, community.regionCode), 'input.cellId');
    await this.repository.createSource(source, community.regionCode, this.origin, due);
    return source;
  }

  async updateSource(rawInput: unknown): Promise<HazardSource> {
    const { id, version, ...changes } = parseInput(updateHazardSourceInputSchema, rawInput);
    const { record: current, community } = await this.visible(this.sourceById, id, LABELS.source, 'hazard:write');
    this.repository.sources.assertVersion(current, version);
    if (current.status === 'REMOVED') throw BadUserInputError.field('input.id', `hazard source ${id} was removed; its record is kept as it was`);
    if (isEmptyPatch(changes)) return current;
    const patched = applyPatch(current, changes);
    if (patched.kind === 'OTHER' && !patched.description) throw BadUserInputError.field('input.description', 'is required when kind is OTHER');
    const next: HazardSource = { ...patched, version: current.version + 1, updatedAt: new Date().toISOString() };
    // A new level is a new grade's frequency: the due day moves in the same transaction.
    const due = next.riskLevel === current.riskLevel ? [] : await this.repository.schedule.rescheduleSteps(dueBasisOf('HAZARD_SOURCE', next, community.regionCode), chinaToday(), 'input.version');
    await this.repository.updateSource(current, next, community.regionCode, this.origin, due);
    this.sourceById.clear(id).prime(id, next);
    return next;
  }

  /** A hazard source is never deleted: it is marked REMOVED with the reason, and stays readable. */
  async removeSource(rawInput: unknown): Promise<HazardSource> {
    const { id, version, reason } = parseInput(removeHazardSourceInputSchema, rawInput);
    const { record: current, community } = await this.visible(this.sourceById, id, LABELS.source, 'hazard:write');
    this.repository.sources.assertVersion(current, version);
    if (current.status === 'REMOVED') throw BadUserInputError.field('input.id', `hazard source ${id} is already removed`);
    const now = new Date().toISOString();
    const next: HazardSource = { ...current, status: 'REMOVED', removedAt: now, removalReason: reason, version: current.version + 1, updatedAt: now };
    await this.repository.removeSource(current, next, community.regionCode, this.origin);
    this.sourceById.clear(id).prime(id, next);
    return next;
  }

  // ---- supervised units ----

  async createUnit(rawInput: unknown): Promise<SupervisedUnit> {
    const input = parseInput(createSupervisedUnitInputSchema, rawInput, { nullMeansAbsent: true });
    const { community } = await this.cellToWriteIn(input.cellId);
    const now = new Date().toISOString();
    const unit: SupervisedUnit = { id: newId('supervisedUnit'), ...input, communityId: community.id, regionCode: community.regionCode, version: 1, createdAt: now, updatedAt: now };
    const due = await this.repository.schedule.placementSteps(dueBasisOf('SUPERVISED_UNIT', unit, community.regionCode), 'input.cellId');
    await this.repository.createUnit(unit, community.regionCode, this.origin, due);
    return unit;
  }

  async updateUnit(rawInput: unknown): Promise<SupervisedUnit> {
    const { id, version, ...changes } = parseInput(updateSupervisedUnitInputSchema, rawInput);
    const { record: current, community } = await this.visible(this.unitById, id, LABELS.unit, 'hazard:write');
    this.repository.units.assertVersion(current, version);
    if (isEmptyPatch(changes)) return current;
    const next: SupervisedUnit = { ...applyPatch(current, changes), version: current.version + 1, updatedAt: new Date().toISOString() };
    // A new grade is a new frequency: the due day moves in the same transaction.
    const due = next.grade === current.grade ? [] : await this.repository.schedule.rescheduleSteps(dueBasisOf('SUPERVISED_UNIT', next, community.regionCode), chinaToday(), 'input.version');
    await this.repository.updateUnit(current, next, community.regionCode, this.origin, due);
    this.unitById.clear(id).prime(id, next);
    return next;
  }

  async removeUnit(rawInput: unknown): Promise<SupervisedUnit> {
    const { id, version } = parseInput(removeRecordInputSchema, rawInput);
    const { record: current, community } = await this.visible(this.unitById, id, LABELS.unit, 'hazard:write');
    this.repository.units.assertVersion(current, version);
    await this.repository.removeUnit(current, community.regionCode, this.origin);
    this.unitById.clear(id);
    return current;
  }

  // ---- frequencies ----

  /**
   * Sets a community's inspection frequency per grade. Without `version` it is the community's
   * first setting (CONFLICT when it has one); with the version read it replaces the setting.
   */
  async setInspectionFrequencies(rawInput: unknown): Promise<InspectionFrequenciesView> {
    const { communityId, version, A, B, C, D } = parseInput(setInspectionFrequenciesInputSchema, rawInput, { nullMeansAbsent: true });
    const community = await this.writableCommunity(communityId);
    const frequencies: GradeFrequencies = { A, B, C, D };
    const now = new Date().toISOString();
    if (version === undefined) {
      const setting: InspectionFrequencySetting = { id: community.id, communityId: community.id, regionCode: community.regionCode, frequencies, version: 1, createdAt: now, updatedAt: now };
      await this.repository.createFrequencies(setting, community.regionCode, this.origin);
      this.frequenciesByCommunity.clear(community.id);
      await this.rescheduleCommunity(community, setting);
      return frequenciesView(community.id, setting);
    }
    const current = await this.repository.frequencies.get(community.id);
    if (!current) throw BadUserInputError.field('input.version', 'the community has set no frequencies yet: omit the version');
    this.repository.frequencies.assertVersion(current, version);
    const next: InspectionFrequencySetting = { ...current, frequencies, version: current.version + 1, updatedAt: now };
    await this.repository.replaceFrequencies(current, next, community.regionCode, this.origin);
    this.frequenciesByCommunity.clear(community.id);
    await this.rescheduleCommunity(community, next);
    return frequenciesView(community.id, next);
  }

  /**
   * After the setting commits, the community's subjects' due days move to it (in batches, each
   * item under its rev; inspection-schedule.ts rewriteCommunity). Idempotent: setting the same
   * frequencies again finishes a rewrite that was interrupted.
   */
  private async rescheduleCommunity(community: Community, setting: InspectionFrequencySetting): Promise<void> {
    await this.repository.schedule.rewriteCommunity(community.id, community.regionCode, { communityId: community.id, frequencies: setting.frequencies, version: setting.version }, chinaToday());
  }

  // ---- helpers ----

  private async readable(communityId: string): Promise<Community> {
    const parsed = recordId.safeParse(communityId);
    if (!parsed.success) throw BadUserInputError.field('communityId', parsed.error.issues[0]?.message ?? 'is not an id');
    const community = await this.communities.find(parsed.data);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeHazardRegister(this.principal, 'hazard:read', community);
    return community;
  }

  private async writableCommunity(communityId: string): Promise<Community> {
    const community = await this.communities.find(communityId);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeHazardRegister(this.principal, 'hazard:write', community);
    return community;
  }

  /** A record and its community, as the caller may see (NOT_FOUND otherwise) and act on it (FORBIDDEN otherwise). */
  private async visible<T extends { readonly communityId: string }>(
    loader: DataLoader<string, T | undefined>,
    id: string,
    label: string,
    action: HazardAction,
  ): Promise<{ record: T; community: Community }> {
    const record = await loader.load(id);
    const community = record && (await this.communities.find(record.communityId));
    if (!record || !community) throw new NotFoundError(label, id);
    authorizeHazardRegister(this.principal, action, community, { label, id });
    return { record, community };
  }

  /** The cell a new source or unit goes into: the caller must be allowed to write in its community. */
  private async cellToWriteIn(cellId: string): Promise<{ cell: GridCell; community: Community }> {
    const { record: cell, community } = await this.visible(this.cellById, cellId, LABELS.cell, 'hazard:write');
    return { cell, community };
  }

  /** A cell of this community, or BAD_USER_INPUT naming `field`. */
  private async assertCellOf(communityId: string, cellId: string, field: string): Promise<GridCell> {
    const cell = await this.cellById.load(cellId);
    if (!cell || cell.communityId !== communityId) throw BadUserInputError.field(field, `is not a grid cell of community ${communityId}`);
    return cell;
  }

  private async page<T extends { readonly id: string; readonly version: number }>(store: HazardStore<T>, listing: HazardListing, args: PageArgs): Promise<Connection<T>> {
    const request = pageRequest(args.first, args.after);
    const result = await store.page({ ...listing, ...request });
    return connectionOf(result.items, result.hasNextPage, request.after !== undefined, () => store.count(listing));
  }
}

function assertVillageCode(code: string, community: Community): void {
  if (!villageCodeInRegion(code, community.regionCode)) {
    throw BadUserInputError.field('input.villageCode', `must begin with the community's region code ${community.regionCode.slice(0, 9)}`);
  }
}

function frequenciesView(communityId: string, setting: InspectionFrequencySetting | undefined): InspectionFrequenciesView {
  if (!setting) return { communityId, frequencies: DEFAULT_GRADE_FREQUENCIES, isDefault: true, version: null, updatedAt: null };
  return { communityId, frequencies: setting.frequencies, isDefault: false, version: setting.version, updatedAt: setting.updatedAt, setting };
}
