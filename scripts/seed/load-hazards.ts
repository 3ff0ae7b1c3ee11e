import { createHash } from 'node:crypto';
import { addDays, chinaDateOf } from '#core/dates.ts';
import type { Table } from '#core/db/table.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { bundledChecklist, resultIssues } from '#hazard/checklist.ts';
import { transition } from '#hazard/danger-lifecycle.ts';
import { createHiddenDangerInputSchema, type HiddenDanger, newHiddenDanger } from '#hazard/danger-model.ts';
import { HiddenDangerRepository } from '#hazard/danger-repository.ts';
import { type Inspection, type InspectionSubjectType, type LastInspection, newInspection, recordInspectionInputSchema } from '#hazard/inspection-model.ts';
import { InspectionRepository } from '#hazard/inspection-repository.ts';
import {
  createGridCellInputSchema,
  createHazardSourceInputSchema,
  createSupervisedUnitInputSchema,
  type GridCell,
  type HazardSource,
  type InspectionFrequencySetting,
  MAX_GRID_DEPTH,
  setInspectionFrequenciesInputSchema,
  type SupervisedUnit,
  villageCodeInRegion,
} from '#hazard/model.ts';
import { HazardRepository } from '#hazard/repository.ts';
import { answerResidentReportInputSchema, newResidentReport, rateWindowOf, type ResidentReport, submitResidentReportInputSchema, TRACKING_ALPHABET, TRACKING_CODE_LENGTH, trackingDigest } from '#hazard/report-model.ts';
import { ResidentReportRepository } from '#hazard/report-repository.ts';
import { dueBasisOf } from '#hazard/inspection-schedule.ts';
import { demoCommunities } from './demo-communities.ts';
import { DEMO_INTAKE_APP, type DemoDanger, type DemoHazards, type DemoInspection, demoHazards, MUDAN, MUDAN_REGISTERED_DAYS_AGO, NANTA, NANTA_REGISTERED_DAYS_AGO } from './demo-hazards.ts';
import { demoId } from './ids.ts';
import type { NodeKind } from '#core/ids.ts';
import { seedOrigin } from './load-records.ts';
import { writeOnce } from './load-review.ts';
import { phaseCounter, quietly, type SeedProgress } from './progress.ts';

/**
 * Writes issue 12's demo (demo-hazards.ts) with the repositories the API uses, each record
 * validated by the API's zod schema and stamped with its community's region, each write one
 * transaction of the write pipeline (counters, child indexes, audit entry): grid cells parent
 * first, the district's frequencies, hazard sources and supervised units (each with its first due
 * day, inspection-schedule.ts), then every subject's inspections in the order they were held, each
 * as `recordInspection` writes it: the due days passed before it settled (counted missed, in their
 * periods), its due day and whether it was on schedule, the subject's last inspection and next due
 * day moved, the hidden dangers it found created in its transaction; then the dangers' moves (each
 * its own HIDDEN_DANGER_MOVED write, as the mutations make them). Ids derive from the demo keys: a reload
 * finds what is there (CONFLICT) and writes nothing again; a load cut short resumes where it
 * stopped (a danger's remaining moves from the state it is in).
 */
export interface HazardCounts {
  gridCells: number;
  inspectionFrequencies: number;
  hazardSources: number;
  supervisedUnits: number;
  inspections: number;
  hiddenDangers: number;
  dangerMoves: number;
  residentReports: number;
  reportAnswers: number;
}

interface CommunityRef {
  readonly id: string;
  readonly regionCode: string;
}

export async function seedDemoHazards(
  table: Table,
  now = new Date().toISOString(),
  today = chinaToday(),
  data: DemoHazards = demoHazards(today),
  progress: SeedProgress = quietly,
): Promise<HazardCounts> {
  // One unit per record the load considers (written now, or found from an earlier load).
  const { tick } = phaseCounter(progress, 'hazards', data.cells.length + data.frequencies.length + data.sources.length + data.units.length + data.inspections.length + data.reports.length + data.dangers.length);
  const counts: HazardCounts = { gridCells: 0, inspectionFrequencies: 0, hazardSources: 0, supervisedUnits: 0, inspections: 0, hiddenDangers: 0, dangerMoves: 0, residentReports: 0, reportAnswers: 0 };
  const pipeline = createWritePipeline(table);
  const origin = seedOrigin();
  const hazards = new HazardRepository(table, pipeline);
  const inspections = new InspectionRepository(table, pipeline);
  const dangers = new HiddenDangerRepository(table, pipeline);
  const communities = new Map(demoCommunities.map((demo) => [demo.key, { id: demoId('community', demo.key), regionCode: demo.input.regionCode }]));
  const communityOf = (key: string): CommunityRef => {
    const community = communities.get(key);
    if (!community) throw new Error(`demo hazard record of unknown community ${key}`);
    return community;
  };
  const loadedAt = Date.parse(now);
  /** A China day's instant at `hour`, `seconds` later (never after the load). */
  const at = (day: string, hour: number, seconds = 0): string =>
    new Date(Math.min(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`) + seconds * 1000, loadedAt)).toISOString();
  const registeredOn: Readonly<Record<string, string>> = {
    [NANTA]: addDays(today, -NANTA_REGISTERED_DAYS_AGO),
    [MUDAN]: addDays(today, -MUDAN_REGISTERED_DAYS_AGO),
  };
  /** Records entered on one day a second apart, in the data's order: a listing by creation keeps it (a cell's parent before it). */
  const stamp = (day: string, hour = 9, index = 0) => {
    const createdAt = at(day, hour, index);
    return { version: 1, createdAt, updatedAt: createdAt };
  };

  // ---- the grid, a parent before its children ----
  const depths = new Map<string, number>();
  for (const [index, demo] of data.cells.entries()) {
    const community = communityOf(demo.communityKey);
    const parentDepth = demo.parentKey ? depths.get(demo.parentKey) : 0;
    if (parentDepth === undefined) throw new Error(`demo cell ${demo.key} comes before its parent ${demo.parentKey}`);
    const depth = parentDepth + 1;
    if (depth > MAX_GRID_DEPTH) throw new Error(`demo cell ${demo.key} is deeper than ${MAX_GRID_DEPTH}`);
    depths.set(demo.key, depth);
    tick();
    const input = createGridCellInputSchema.parse({
      communityId: community.id,
      ...(demo.parentKey ? { parentId: demoId('gridCell', demo.parentKey) } : {}),
      name: demo.name,
      kind: demo.kind,
      ...(demo.villageCode ? { villageCode: demo.villageCode } : {}),
      responsibleUnit: demo.responsibleUnit,
    });
    if (input.villageCode && !villageCodeInRegion(input.villageCode, community.regionCode)) throw new Error(`demo cell ${demo.key}: ${input.villageCode} is not under ${community.regionCode}`);
    const cell: GridCell = { id: demoId('gridCell', demo.key), ...input, regionCode: community.regionCode, depth, ...stamp(registeredOn[demo.communityKey] ?? today, 8, index) };
    if (await writeOnce(() => hazards.createCell(cell, community.regionCode, origin))) counts.gridCells += 1;
  }

  // ---- a community's own frequencies, before its units (nothing due moves) ----
  for (const demo of data.frequencies) {
    tick();
    const community = communityOf(demo.communityKey);
    const { A, B, C, D } = setInspectionFrequenciesInputSchema.parse({ communityId: community.id, ...demo.frequencies });
    const setting: InspectionFrequencySetting = { id: community.id, communityId: community.id, regionCode: community.regionCode, frequencies: { A, B, C, D }, ...stamp(registeredOn[demo.communityKey] ?? today, 8) };
    if (await writeOnce(() => hazards.createFrequencies(setting, community.regionCode, origin))) counts.inspectionFrequencies += 1;
  }

  // ---- the register and the supervised units (what an earlier load wrote read first, 100 a call) ----
  const subjects = new Map<string, HazardSource | SupervisedUnit>();
  const existing = new Set<string>();
  for (const [store, keys] of [
    [hazards.sources, data.sources.map((demo) => demoId('hazardSource', demo.key))],
    [hazards.units, data.units.map((demo) => demoId('supervisedUnit', demo.key))],
  ] as const) {
    for (let start = 0; start < keys.length; start += 100) {
      for (const found of await store.getMany(keys.slice(start, start + 100))) if (found) existing.add(found.id);
    }
  }
  for (const [index, demo] of data.sources.entries()) {
    tick();
    const community = communityOf(demo.communityKey);
    const input = createHazardSourceInputSchema.parse({
      cellId: demoId('gridCell', demo.cellKey),
      kind: demo.kind,
      description: demo.description,
      location: { address: demo.address },
      riskLevel: demo.riskLevel,
      controls: [...demo.controls],
      responsibleUnit: demo.responsibleUnit,
    });
    const source: HazardSource = { id: demoId('hazardSource', demo.key), ...input, communityId: community.id, regionCode: community.regionCode, ...stamp(demo.registeredOn, 9, index) };
    subjects.set(demo.key, source);
    if (existing.has(source.id)) continue;
    // Its first due day in the province's listing of what is due, in the same transaction (as createHazardSource).
    const due = await hazards.schedule.placementSteps(dueBasisOf('HAZARD_SOURCE', source, community.regionCode), 'input.cellId');
    if (await writeOnce(() => hazards.createSource(source, community.regionCode, origin, due))) counts.hazardSources += 1;
  }
  for (const [index, demo] of data.units.entries()) {
    tick();
    const community = communityOf(demo.communityKey);
    const input = createSupervisedUnitInputSchema.parse({
      cellId: demoId('gridCell', demo.cellKey),
      kind: demo.kind,
      name: demo.name,
      grade: demo.grade,
      address: demo.address,
      responsibleUnit: demo.responsibleUnit,
    });
    const unit: SupervisedUnit = { id: demoId('supervisedUnit', demo.key), ...input, communityId: community.id, regionCode: community.regionCode, ...stamp(demo.registeredOn, 9, index) };
    subjects.set(demo.key, unit);
    if (existing.has(unit.id)) continue;
    const due = await hazards.schedule.placementSteps(dueBasisOf('SUPERVISED_UNIT', unit, community.regionCode), 'input.cellId');
    if (await writeOnce(() => hazards.createUnit(unit, community.regionCode, origin, due))) counts.supervisedUnits += 1;
  }

  // ---- inspections, each subject's in the order held ----
  const subjectKeys = [...new Set(data.inspections.map((demo) => demo.subjectKey))];
  const typeOf = new Map(data.inspections.map((demo) => [demo.subjectKey, demo.subjectType]));
  const last = new Map<string, LastInspection>();
  for (let start = 0; start < subjectKeys.length; start += 100) {
    const batch = subjectKeys.slice(start, start + 100);
    const read = await inspections.lastInspections(batch.map((key) => ({ type: typeOf.get(key) ?? 'SUPERVISED_UNIT', id: demoId(subjectKind(typeOf.get(key) ?? 'SUPERVISED_UNIT'), key) })));
    batch.forEach((key, index) => {
      const found = read[index];
      if (found) last.set(key, found);
    });
  }
  // What an earlier load recorded is read first (100 a call), not tried again one transaction each.
  const recorded = new Set<string>();
  for (let start = 0; start < data.inspections.length; start += 100) {
    const ids = data.inspections.slice(start, start + 100).map((demo) => demoId('inspection', demo.key));
    for (const found of await inspections.inspections.getMany(ids)) if (found) recorded.add(found.id);
  }
  const foundBy = new Map<string, DemoDanger[]>();
  for (const demo of data.dangers) if (demo.inspectionKey) foundBy.set(demo.inspectionKey, [...(foundBy.get(demo.inspectionKey) ?? []), demo]);
  for (const demo of data.inspections) {
    tick();
    if (recorded.has(demoId('inspection', demo.key))) continue;
    const community = communityOf(demo.communityKey);
    const subject = subjects.get(demo.subjectKey);
    if (!subject) throw new Error(`demo inspection ${demo.key} of an unknown subject ${demo.subjectKey}`);
    const previous = last.get(demo.subjectKey);
    const latest = !previous || previous.lastInspectedOn <= demo.heldOn;
    // As recordInspection: the due item first, with the due days passed before the inspection counted missed (so a late one's misses count in their periods), then the frequencies.
    const settled = latest ? await hazards.schedule.settleInspection(demo.subjectType, subject, community.regionCode, demo.heldOn, previous?.lastInspectedOn) : undefined;
    const inspection = inspectionRecord(demo, subject, community, stamp(demo.heldOn, 10), settled);
    const found = (foundBy.get(demo.key) ?? []).map((danger) => dangerRecord(danger, community, at(danger.foundOn, 11)));
    if (await writeOnce(() => inspections.record(inspection, previous, community.regionCode, origin, { dangers: found, ...(settled ? { due: settled.steps } : {}) }))) {
      counts.inspections += 1;
      counts.hiddenDangers += found.length;
      if (latest) last.set(demo.subjectKey, { subjectId: inspection.subjectId, lastInspectedOn: inspection.heldOn, inspectionId: inspection.id });
    }
  }

  // ---- residents' reports: taken in by the demo app, answered (some triaged into a danger, made in the answer's transaction) ----
  const reports = new ResidentReportRepository(table, pipeline, dangers);
  const reportDangers: (DemoDanger & { readonly reportKey: string })[] = [];
  const filed = new Map<string, ResidentReport>();
  for (const found of await reports.reports.getMany(data.reports.map((demo) => demoId('residentReport', demo.key)))) if (found) filed.set(found.id, found);
  for (const demo of data.reports) {
    tick();
    const community = communityOf(demo.communityKey);
    if (demo.answer?.danger) reportDangers.push({ ...demo.answer.danger, communityKey: demo.communityKey, foundOn: demo.answer.on, reportKey: demo.key });
    let current = filed.get(demoId('residentReport', demo.key));
    if (!current) {
      const receivedAt = at(demo.receivedOn, demo.receivedHour);
      const input = submitResidentReportInputSchema.parse({ communityId: community.id, description: demo.description, location: { address: demo.address }, ...(demo.phone ? { phone: demo.phone } : {}) });
      const report: ResidentReport = { ...newResidentReport({ description: input.description, location: input.location, phoneGiven: input.phone !== undefined }, community, DEMO_INTAKE_APP, receivedAt), id: demoId('residentReport', demo.key) };
      const extras = { ...(input.phone !== undefined ? { phone: input.phone } : {}), trackingDigest: trackingDigest(demoTrackingCode(demo.key)), window: rateWindowOf(new Date(receivedAt)), limit: Number.MAX_SAFE_INTEGER };
      if (await writeOnce(() => reports.submit(report, extras, origin))) counts.residentReports += 1;
      current = await reports.reports.getConsistent(report.id);
      if (!current) throw new Error(`demo report ${demo.key} is not there`);
    }
    if (!demo.answer || current.status === 'ANSWERED') continue;
    const answeredAt = at(demo.answer.on, 11);
    const { answer } = answerResidentReportInputSchema.parse({ id: current.id, version: current.version, answer: demo.answer.text });
    const danger = demo.answer.danger && dangerRecord({ ...demo.answer.danger, communityKey: demo.communityKey, foundOn: demo.answer.on }, community, answeredAt, { reportId: current.id });
    const next: ResidentReport = {
      ...current,
      status: 'ANSWERED',
      outcome: danger ? 'HIDDEN_DANGER' : 'NO_DANGER',
      answer,
      answeredAt,
      answeredOn: chinaDateOf(answeredAt),
      ...(danger ? { dangerId: danger.id } : {}),
      version: current.version + 1,
      updatedAt: answeredAt,
    };
    await reports.answer(current, next, origin, danger);
    counts.reportAnswers += 1;
    if (danger) counts.hiddenDangers += 1;
  }

  // ---- hidden dangers not found by an inspection or a report, and every danger's moves ----
  for (const demo of [...data.dangers, ...reportDangers]) {
    if (!('reportKey' in demo)) tick();
    const community = communityOf(demo.communityKey);
    let current = await dangers.dangers.getConsistent(demoId('hiddenDanger', demo.key));
    if (!current && !demo.inspectionKey && !('reportKey' in demo)) {
      const fresh = dangerRecord(demo, community, at(demo.foundOn, 11));
      if (await writeOnce(() => dangers.create(fresh, community.regionCode, origin))) counts.hiddenDangers += 1;
      current = await dangers.dangers.getConsistent(fresh.id);
    }
    if (!current) throw new Error(`demo hidden danger ${demo.key} is not there (its inspection ${demo.inspectionKey} was recorded without it?)`);
    for (const move of demo.moves) {
      const step = transition(current.state, move.action);
      // A move made by an earlier load (or one the danger is past) is not made again.
      if (step.refusal !== undefined) continue;
      const when = at(move.on, 15);
      const changes: Partial<HiddenDanger> =
        move.action === 'REPORT_RECTIFIED'
          ? { photoEvidenceIds: [], ...(move.note ? { rectificationNote: move.note } : {}), rectifiedBy: move.by, rectifiedAt: when }
          : move.action === 'VERIFY'
            ? { verifiedBy: move.by, verifiedAt: when }
            : {};
      const next: HiddenDanger = { ...current, ...changes, state: step.to, version: current.version + 1, updatedAt: when };
      await dangers.move(current, next, community.regionCode, origin);
      counts.dangerMoves += 1;
      current = next;
    }
  }
  return counts;
}

/** An inspection as `recordInspection` builds it, on its subject's bundled checklist (every item answered, checked by resultIssues). */
function inspectionRecord(
  demo: DemoInspection,
  subject: HazardSource | SupervisedUnit,
  community: CommunityRef,
  stamp: { version: number; createdAt: string; updatedAt: string },
  settled: { readonly dueOn: string; readonly onSchedule: boolean } | undefined,
): Inspection {
  const checklist = bundledChecklist(subject.kind);
  const failed = new Map(demo.failed.map((failure) => [failure.itemId, failure.note]));
  if (!checklist && failed.size > 0) throw new Error(`demo inspection ${demo.key}: ${subject.kind} has no checklist to fail`);
  const results = (checklist?.items ?? []).map((item) => {
    const note = failed.get(item.id);
    if (note) return { itemId: item.id, outcome: 'FAIL' as const, note };
    return { itemId: item.id, outcome: item.notApplicableAllowed && demo.notApplicable.includes(item.id) ? ('NOT_APPLICABLE' as const) : ('PASS' as const) };
  });
  if (failed.size > results.filter((result) => result.outcome === 'FAIL').length) throw new Error(`demo inspection ${demo.key} fails an item its checklist lacks`);
  const input = recordInspectionInputSchema.parse({ subjectType: demo.subjectType, subjectId: subject.id, heldOn: demo.heldOn, inspector: demo.inspector, results, note: demo.note });
  const issue = checklist ? resultIssues(checklist, input.results)[0] : undefined;
  if (issue) throw new Error(`demo inspection ${demo.key}: ${issue.field} ${issue.message}`);
  return newInspection(input, community, checklist, settled, { id: demoId('inspection', demo.key), ...stamp });
}

/**
 * The tracking code (查询码) of a demo report: derived from its key, so the README and the tests can
 * look it up (a real code is random and returned once; these are public, as demo data is).
 */
export function demoTrackingCode(key: string): string {
  const digest = createHash('sha256').update(`safe-community-demo-tracking:${key}`).digest();
  return [...digest.subarray(0, TRACKING_CODE_LENGTH)].map((byte) => TRACKING_ALPHABET[byte % TRACKING_ALPHABET.length]).join('');
}

/** A danger as `newHiddenDanger` makes it, OPEN, found on its day (by its inspection or report, when one found it). */
function dangerRecord(demo: DemoDanger, community: CommunityRef, foundAt: string, foundBy: { readonly reportId?: string } = {}): HiddenDanger {
  const input = createHiddenDangerInputSchema.parse({
    communityId: community.id,
    ...(demo.subject ? { subject: { type: demo.subject.type, id: demoId(subjectKind(demo.subject.type), demo.subject.key) } } : {}),
    ...(demo.inspectionKey ? { inspectionId: demoId('inspection', demo.inspectionKey) } : {}),
    severity: demo.severity,
    description: demo.description,
    responsibleUnit: demo.responsibleUnit,
    foundOn: demo.foundOn,
    deadline: demo.deadline,
  });
  const { communityId: _community, inspectionId, ...rest } = input;
  return { ...newHiddenDanger(rest, community, { ...(inspectionId ? { inspectionId } : {}), ...foundBy }, foundAt), id: demoId('hiddenDanger', demo.key) };
}

/** The kind of an inspection's or a danger's subject, for its id. */
function subjectKind(type: InspectionSubjectType): NodeKind {
  return type === 'HAZARD_SOURCE' ? 'hazardSource' : 'supervisedUnit';
}
