import DataLoader from 'dataloader';
import { authorizeHiddenDanger, authorizeInspection, authorizeInspectionsDueInRegion } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { BadUserInputError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, pageInMemory, pageRequest } from '#core/pagination.ts';
import { chinaToday, recordId } from '#core/taxonomy.ts';
import { parseInput } from '#core/validation.ts';
import type { Community } from '#community/model.ts';
import type { CommunityService } from '#community/service.ts';
import { findRegion } from '#region/region-table.ts';
import { bundledChecklist, resultIssues } from './checklist.ts';
import { inspectionDue, inspectionStatus, RISK_LEVEL_GRADES } from './frequency.ts';
import { newHiddenDanger } from './danger-model.ts';
import { type Inspection, type InspectionDueEntry, newInspection, type InspectionSubjectType, inspectionsDueArgsSchema, type ParsedInspectionInput, recordInspectionInputSchema } from './inspection-model.ts';
import { DueItemChanged, type InspectionDueItem } from './inspection-schedule.ts';
import { inspectionListings, type InspectionRepository } from './inspection-repository.ts';
import { DEFAULT_GRADE_FREQUENCIES, type HazardSource, type SupervisedUnit } from './model.ts';
import type { HazardRepository } from './repository.ts';
import { chinaDateOf } from '#core/dates.ts';
import { newId } from '#core/ids.ts';

export type InspectionConnectionModel = Connection<Inspection>;
export type InspectionDueConnectionModel = Connection<InspectionDueEntry>;

export interface InspectionsArgs {
  readonly subjectId?: string | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface InspectionsDueArgs {
  /** A region instead of a community: a province, city, county or street code. */
  readonly regionCode?: string | null;
  readonly on?: string | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** A due item as `inspectionsDue` lists it on `on`. */
function dueEntryOf(item: InspectionDueItem, on: string): InspectionDueEntry {
  const { status, daysOverdue } = inspectionStatus(item.dueOn, on);
  return { subjectType: item.subjectType, subjectId: item.subjectId, communityId: item.communityId, dueOn: item.dueOn, status, daysOverdue, frequency: item.frequency, lastInspectedOn: item.lastInspectedOn ?? null };
}

/** The day (China) a record was registered, from its ISO creation instant. */

/**
 * Inspections of a community's supervised units and hazard sources for one request, and what the
 * frequencies make due. Every read and write asks the policy's Inspections section on the
 * subject's community.
 */
export class InspectionService {
  private readonly byId: DataLoader<string, Inspection | undefined>;
  private readonly dangerIds: DataLoader<string, string[]>;

  constructor(
    private readonly repository: InspectionRepository,
    private readonly hazards: HazardRepository,
    private readonly principal: Principal | null,
    private readonly communities: CommunityService,
    private readonly origin: WriteOrigin,
  ) {
    this.byId = new DataLoader((ids) => repository.inspections.getMany(ids), { maxBatchSize: 100 });
    this.dangerIds = new DataLoader((ids) => hazards.dangersOfInspection.childIds(ids), { maxBatchSize: 100 });
  }

  async get(id: string): Promise<Inspection> {
    const inspection = await this.byId.load(id);
    const community = inspection && (await this.communities.find(inspection.communityId));
    if (!inspection || !community) throw new NotFoundError('inspection', id);
    authorizeInspection(this.principal, 'inspection:read', community, { label: 'inspection', id });
    return inspection;
  }

  /** A community's inspections, newest day first; of one subject when `subjectId` is given. */
  async inspections(communityId: string, args: InspectionsArgs): Promise<InspectionConnectionModel> {
    const community = await this.readable(communityId);
    const request = pageRequest(args.first, args.after);
    const listing = {
      partition: inspectionListings.inspections(community.id),
      descending: true,
      ...(args.subjectId ? { filter: { expression: '#subjectId = :subjectId', names: { '#subjectId': 'subjectId' }, values: { ':subjectId': args.subjectId } } } : {}),
    };
    const result = await this.repository.inspections.page({ ...listing, ...request });
    return connectionOf(result.items, result.hasNextPage, request.after !== undefined, () => this.repository.inspections.count(listing));
  }

  /**
   * Records an inspection of a unit or a hazard source of the community. On the bundled
   * checklist of the subject's kind every item is answered (resultIssues); a kind without a
   * checklist takes no results. In one transaction: the inspection, the hidden dangers it found
   * (each at the subject, found on the day held, newHiddenDanger with its inspectionId), and, when
   * it is the subject's latest, its last inspection and its due item moved one interval on (an
   * older inspection entered late keeps the later day and settles no due). A due item changed
   * meanwhile by the daily job, a grade change or a frequency change is read again and the whole
   * write retried; another inspection of the subject recorded meanwhile is CONFLICT.
   */
  async record(rawInput: unknown): Promise<Inspection> {
    const input = parseInput(recordInspectionInputSchema, rawInput, { nullMeansAbsent: true });
    const subject = await this.subject(input.subjectType, input.subjectId);
    const community = await this.writable(subject.communityId, input.subjectType, input.subjectId);
    if (input.dangers.length > 0) authorizeHiddenDanger(this.principal, 'danger:create', community);
    if (input.subjectType === 'HAZARD_SOURCE' && (subject as HazardSource).status === 'REMOVED') throw BadUserInputError.field('input.subjectId', 'the hazard source was removed: it is no longer inspected');
    if (input.heldOn < chinaDateOf(subject.createdAt)) throw BadUserInputError.field('input.heldOn', `must not be before the subject was registered (${chinaDateOf(subject.createdAt)})`);
    const checklist = bundledChecklist(subject.kind);
    if (checklist) {
      const issue = resultIssues(checklist, input.results)[0];
      if (issue) throw BadUserInputError.field(`input.${issue.field}`, issue.message);
    } else if (input.results.length > 0) {
      throw BadUserInputError.field('input.results', `${subject.kind} has no bundled checklist: record the inspection without results, its findings in the note`);
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.commitRecord(input, subject, community, checklist ? { kind: checklist.kind, version: checklist.version } : undefined);
      } catch (error) {
        if (!(error instanceof DueItemChanged) || attempt >= 3) throw error;
      }
    }
  }

  private async commitRecord(
    input: ParsedInspectionInput,
    subject: SupervisedUnit | HazardSource,
    community: Community,
    checklist: { readonly kind: string; readonly version: number } | undefined,
  ): Promise<Inspection> {
    const schedule = this.hazards.schedule;
    const [previous] = await this.repository.lastInspections([{ type: input.subjectType, id: input.subjectId }]);
    const latest = !previous || previous.lastInspectedOn <= input.heldOn;
    // The due item first (the days passed before the inspection counted missed), then the frequencies: never older than the item.
    const settled = latest ? await schedule.settleInspection(input.subjectType, subject, community.regionCode, input.heldOn, previous?.lastInspectedOn) : undefined;
    const now = new Date().toISOString();
    const inspection = newInspection(input, community, checklist, settled && { dueOn: settled.dueOn, onSchedule: settled.onSchedule }, { id: newId('inspection'), version: 1, createdAt: now, updatedAt: now });
    const dangers = input.dangers.map((danger) =>
      newHiddenDanger(
        {
          subject: { type: input.subjectType, id: input.subjectId },
          severity: danger.severity,
          description: danger.description,
          responsibleUnit: danger.responsibleUnit ?? subject.responsibleUnit,
          foundOn: input.heldOn,
          deadline: danger.deadline,
        },
        community,
        { inspectionId: inspection.id },
        now,
      ),
    );
    await this.repository.record(inspection, previous, community.regionCode, this.origin, { dangers, ...(settled ? { due: settled.steps } : {}) });
    this.byId.prime(inspection.id, inspection);
    return inspection;
  }

  /** The ids of the hidden dangers each inspection found, in its order (one BatchGetItem of their child indexes per 100). */
  dangerIdsOf(inspection: Inspection): Promise<string[]> {
    return this.dangerIds.load(inspection.id);
  }

  /**
   * What a community's frequencies make DUE or OVERDUE on `on` (today in China by default):
   * its supervised units and its hazard sources not REMOVED (a source as often as the grade its
   * level matches), each due one interval after its last inspection or its registration;
   * earliest due first. Reads the community's two listings, one last-inspection item per
   * subject and the frequencies: never the inspections themselves.
   */
  async inspectionsDue(communityId: string | null | undefined, args: InspectionsDueArgs): Promise<InspectionDueConnectionModel> {
    const { on = chinaToday() } = parseInput(inspectionsDueArgsSchema, { on: args.on ?? undefined }, { nullMeansAbsent: true });
    if ((communityId == null) === (args.regionCode == null)) throw BadUserInputError.field(communityId == null ? 'communityId' : 'regionCode', 'give either a community (communityId) or a region (regionCode), not both');
    if (args.regionCode != null) return this.inspectionsDueInRegion(args.regionCode, on, args);
    const community = await this.readable(communityId as string);
    const request = pageRequest(args.first, args.after);
    const [units, sources, setting] = await Promise.all([
      this.repository.listAll(this.hazards.units, inspectionListings.supervisedUnits(community.id)),
      this.repository.listAll(this.hazards.sources, inspectionListings.hazardSources(community.id)),
      this.hazards.frequencies.get(community.id),
    ]);
    const frequencies = setting?.frequencies ?? DEFAULT_GRADE_FREQUENCIES;
    const subjects: { type: InspectionSubjectType; record: SupervisedUnit | HazardSource; grade: 'A' | 'B' | 'C' | 'D' }[] = [
      ...units.map((unit) => ({ type: 'SUPERVISED_UNIT' as const, record: unit, grade: unit.grade })),
      ...sources.filter((source) => source.status !== 'REMOVED').map((source) => ({ type: 'HAZARD_SOURCE' as const, record: source, grade: RISK_LEVEL_GRADES[source.riskLevel] })),
    ];
    const last = await this.repository.lastInspections(subjects.map((subject) => ({ type: subject.type, id: subject.record.id })));
    const entries: { position: string; node: InspectionDueEntry }[] = [];
    subjects.forEach((subject, index) => {
      const lastInspectedOn = last[index]?.lastInspectedOn ?? null;
      const due = inspectionDue({ grade: subject.grade, frequencies, lastInspectedOn, registeredOn: chinaDateOf(subject.record.createdAt) }, on);
      if (due.status === 'NOT_YET_DUE') return;
      entries.push({
        position: `${due.dueOn}#${subject.record.id}`,
        node: { subjectType: subject.type, subjectId: subject.record.id, communityId: community.id, dueOn: due.dueOn, status: due.status, daysOverdue: due.daysOverdue, frequency: due.frequency, lastInspectedOn },
      });
    });
    return pageInMemory(entries, request);
  }

  /**
   * What is due or overdue on `on` across a county, city or province (or a street): the range of
   * due days up to `on` of its province's listing of due items (inspection-schedule.ts), filtered
   * to the region, earliest due first. Bounded by what is due in the province, never by how many
   * subjects the region has: one Query per page (more only when the filter leaves a page short).
   */
  private async inspectionsDueInRegion(regionCode: string, on: string, args: InspectionsDueArgs): Promise<InspectionDueConnectionModel> {
    if (!/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(regionCode) || (regionCode.length <= 6 && !findRegion(regionCode))) throw BadUserInputError.field('regionCode', `${regionCode} is not a division code (GB/T 2260) of a province, city, county or street`);
    authorizeInspectionsDueInRegion(this.principal, regionCode);
    const request = pageRequest(args.first, args.after);
    const schedule = this.hazards.schedule;
    const page = await schedule.page(regionCode, on, request.first, request.after);
    const entries = page.items.map(({ position, node }) => ({ position, node: dueEntryOf(node, on) }));
    return connectionOf(entries, page.hasNextPage, request.after !== undefined, () => schedule.count(regionCode, on));
  }

  /** The unit or source an entry or inspection names (read already authorized by its listing). */
  async subjectOf(type: InspectionSubjectType, id: string): Promise<SupervisedUnit | HazardSource | null> {
    return (await (type === 'SUPERVISED_UNIT' ? this.hazards.units.get(id) : this.hazards.sources.get(id))) ?? null;
  }

  private async subject(type: InspectionSubjectType, id: string): Promise<SupervisedUnit | HazardSource> {
    const subject = await this.subjectOf(type, id);
    if (!subject) throw new NotFoundError(type === 'SUPERVISED_UNIT' ? 'supervised unit' : 'hazard source', id);
    return subject;
  }

  private async readable(communityId: string): Promise<Community> {
    const parsed = recordId.safeParse(communityId);
    if (!parsed.success) throw BadUserInputError.field('communityId', parsed.error.issues[0]?.message ?? 'is not an id');
    const community = await this.communities.find(parsed.data);
    if (!community) throw new NotFoundError('community', communityId);
    authorizeInspection(this.principal, 'inspection:read', community);
    return community;
  }

  private async writable(communityId: string, type: InspectionSubjectType, id: string): Promise<Community> {
    const community = await this.communities.find(communityId);
    const label = type === 'SUPERVISED_UNIT' ? 'supervised unit' : 'hazard source';
    if (!community) throw new NotFoundError(label, id);
    authorizeInspection(this.principal, 'inspection:write', community, { label, id });
    return community;
  }
}
