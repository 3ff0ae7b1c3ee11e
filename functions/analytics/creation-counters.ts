import type { PipelineWrite, RecordChange, WriteContributor } from '#core/db/pipeline.ts';
import type { ItemKey, Table, TransactionStep } from '#core/db/table.ts';
import { counterKeyFormat } from '#core/db/keys.ts';
import { isOpen, phaseOf } from '#certification/chain.ts';
import type { Certification } from '#certification/model.ts';
import type { Community } from '#community/model.ts';
import type { Assessment, AssessmentSummary } from '#review/assessment-model.ts';
import type { Intervention, Project } from '#project/model.ts';
import type { Activity, Survey } from '#training/model.ts';
import type { HazardSource } from '#hazard/model.ts';
import type { HiddenDanger } from '#hazard/danger-model.ts';
import type { Inspection } from '#hazard/inspection-model.ts';
import { REPORT_ANSWER_DAYS, type ResidentReport } from '#hazard/report-model.ts';
import { chinaDateOf, daysBetween } from '#core/dates.ts';
import { countedRegions, counterKey, counterUpdate, shardOf } from './counters.ts';

/**
 * Counters of the creation record (communities, projects, interventions, trainings, surveys,
 * certifications, assessments), the same design as the incident counters (counters.ts): items per region at
 * every level of the region path × period, sharded by community, changed only by `ADD` in the
 * transaction of the write that changes them, merged per item within a transaction.
 *
 *   pk AGG#CREATION#<regionCode>   sk NOW#<shard>                       a snapshot: what stands now
 *                                  sk Y<yyyy>#<shard> | M<yyyy-mm>#<shard>   what happened in the period
 *
 * Snapshot attributes (NOW):
 *   com, com_<STAGE>, com_pop_n, com_pop   communities, by stage; how many recorded a population, its sum
 *   pj, pj_<CATEGORY>, pj_s_<STATUS>       promotion projects, by category and by status
 *   iv, iv_<CATEGORY>, iv_s_<STATUS>, iv_k_<KIND>   interventions, by their project's category, status, kind
 * Period attributes (Y and M, by the record's own date):
 *   pj_new, pj_new_<CATEGORY>              projects started (startOn)
 *   pj_closed, pj_closed_<CATEGORY>        projects closed (closedOn)
 *   iv_done, iv_done_<KIND>                interventions completed (completedOn)
 *   act, act_<KIND>, att, att_<KIND>       activities held (heldOn) and their attendees
 *   mat, mat_<MATERIAL KIND>               copies of material handed out at them (the briefings)
 *   app_<LEVEL>                            certification applications (appliedOn)
 *   des_<LEVEL>, redes_<LEVEL>             designations and re-designations after a re-review (designatedOn)
 *   sv, sv_aw, sv_pa, sv_sat_n, sv_sat     (Y only) surveys of the year; sums of the awareness and
 *                                          participation rates in tenths of a percent (integers: sums
 *                                          stay exact), and of the satisfaction rate where surveyed
 *
 * The designation review (issue 10), in the same items:
 *   NOW   rv_open, rv_open_<LEVEL>          applications open now (phase other than DECIDED), by level
 *         rv_ph_<PHASE>, rv_ph_<PHASE>_<LEVEL>   by phase: ENDORSEMENT, RETURNED, ON_SITE_REVIEW, RECTIFICATION
 *         rv_wait_<CHAIN>, rv_wait_<CHAIN>_<LEVEL>   in ENDORSEMENT, by the level of government waited
 *                                          for (COUNTY, CITY, PROVINCE, NATIONAL)
 *   Y, M  <k>_<LEVEL>, <k>_<LEVEL>_tot, <k>_<LEVEL>_max, <k>_<LEVEL>_<OUTCOME>
 *                                          scored assessments per level: count, sums of their totals
 *                                          and maxima in thousandths of a point (integers), count by
 *                                          outcome; <k> is sa (self-assessments, SUBMITTED, by
 *                                          submittedOn) or os (on-site scores once complete, by
 *                                          onSiteReviewOn)
 *         <k>_el_<ELEMENT>_s, _m, _n        per AQ/T 9001 element, every level together: sums of the
 *                                          element's score and maximum (thousandths) and how many
 *                                          assessments scored it, so its percent of max is exact
 * The hazard register (issue 12), in the NOW items:
 *         hz, hz_k_<KIND>, hz_l_<LEVEL>, hz_kl_<KIND>_<LEVEL>   hazard sources in the register now (not
 *                                          REMOVED), by kind, by risk level, by both
 *         hz_s_<STATUS>                    every source by status, REMOVED included
 * Inspections, hidden dangers and residents' reports (issue 12):
 *   Y, M  in, in_k_<SUBJECT TYPE>            inspections held (heldOn), by subject type
 *         in_sch                           held on schedule (`onSchedule`: on or before the due day)
 *         in_due                           dues settled: each on-schedule inspection, and each due day
 *                                          that passed uninspected (in the period of that day)
 *         in_miss                          dues missed (written by the daily job, never by a record:
 *                                          missedInspectionContributions)
 *         in_fail                          inspections with at least one FAIL item
 *         hd, hd_<SEVERITY>, hd_by_<FOUND BY>   hidden dangers found (foundOn), by severity and by what
 *                                          found them (INSPECTION, REPORT, OFFICE: neither)
 *         hd_done                          found in the period and VERIFIED now
 *         hd_rect, hd_rect_late            rectifications reported (China day of rectifiedAt), while
 *                                          RECTIFIED or VERIFIED; late: after the deadline day
 *         hd_ver, hd_vd_<n>, hd_vd_sum     verifications (China day of verifiedAt): n days from the
 *                                          day found (0…365, 366 for longer), and their sum
 *         rr, rr_ans, rr_ans7, rr_hd, rr_no   residents' reports received (receivedOn); of them answered,
 *                                          answered within 7 days, triaged into a danger, answered no danger
 *   NOW   hd_now, hd_now_<STATE>           every hidden danger, by state
 *         rr_open                          reports not answered yet
 * A certification written before the chain (no `phase`) stands where the chain reads it
 * (certification/chain.ts phaseOf): PENDING in ON_SITE_REVIEW, any other decision DECIDED.
 *
 * Which region a record counts in: a community counts where it is now (a move takes its snapshot
 * along in the move's transaction); every other record counts in the region its community had
 * when the record was written, stamped on the record as `regionCode`, as an incident does, so an
 * update never has to know where the community went since. Interventions take their project's
 * stamp. (Records written before the stamp existed count in their community's current region.)
 */
export const CREATION_PK_PREFIX = counterKeyFormat.creationPrefix;
export const CREATION_ENTITY = 'CreationCounters';
export const SNAPSHOT = 'NOW';

/** Rates are stored in tenths of a percent, so sums of them are whole numbers. */
export const RATE_SCALE = 10;

export interface Contribution {
  readonly regionCode: string;
  readonly communityId: string;
  readonly period: string;
  readonly values: Readonly<Record<string, number>>;
}

/** A record that carries the region it counts in (absent on records older than the stamp). */
export interface Stamped {
  readonly regionCode?: string;
}

/** The year and month buckets of a calendar date: ['Y2009', 'M2009-05']. */
export function datePeriods(date: string): [string, string] {
  return [`Y${date.slice(0, 4)}`, `M${date.slice(0, 7)}`];
}

function dated(regionCode: string, communityId: string, date: string | undefined, values: Record<string, number>): Contribution[] {
  if (!date) return [];
  return datePeriods(date).map((period) => ({ regionCode, communityId, period, values }));
}

export function communityContributions(community: Community): Contribution[] {
  const values: Record<string, number> = { com: 1, [`com_${community.stage}`]: 1 };
  if (community.population !== undefined && community.population !== null) {
    values.com_pop_n = 1;
    values.com_pop = community.population;
  }
  return [{ regionCode: community.regionCode, communityId: community.id, period: SNAPSHOT, values }];
}

export function projectContributions(project: Project & Stamped, fallbackRegion: string): Contribution[] {
  const region = project.regionCode ?? fallbackRegion;
  return [
    { regionCode: region, communityId: project.communityId, period: SNAPSHOT, values: { pj: 1, [`pj_${project.category}`]: 1, [`pj_s_${project.status}`]: 1 } },
    ...dated(region, project.communityId, project.startOn, { pj_new: 1, [`pj_new_${project.category}`]: 1 }),
    ...dated(region, project.communityId, project.status === 'CLOSED' ? project.closedOn : undefined, { pj_closed: 1, [`pj_closed_${project.category}`]: 1 }),
  ];
}

/** `project` gives the category the intervention counts under, and the region when it has none. */
export function interventionContributions(intervention: Intervention & Stamped, project: Pick<Project, 'category'> & Stamped, fallbackRegion: string): Contribution[] {
  const region = intervention.regionCode ?? project.regionCode ?? fallbackRegion;
  return [
    {
      regionCode: region,
      communityId: intervention.communityId,
      period: SNAPSHOT,
      values: { iv: 1, [`iv_${project.category}`]: 1, [`iv_s_${intervention.status}`]: 1, [`iv_k_${intervention.kind}`]: 1 },
    },
    ...dated(region, intervention.communityId, intervention.completedOn, { iv_done: 1, [`iv_done_${intervention.kind}`]: 1 }),
  ];
}

/** A project's category moved: its `count` interventions move along in the snapshot. */
export function interventionCategoryMove(project: Project & Stamped, fallbackRegion: string, from: string, to: string, count: number): Contribution[] {
  if (from === to || count === 0) return [];
  return [{ regionCode: project.regionCode ?? fallbackRegion, communityId: project.communityId, period: SNAPSHOT, values: { [`iv_${from}`]: -count, [`iv_${to}`]: count } }];
}

export function activityContributions(activity: Activity & Stamped, fallbackRegion: string): Contribution[] {
  const values: Record<string, number> = {
    act: 1,
    [`act_${activity.kind}`]: 1,
    att: activity.attendeeCount,
    [`att_${activity.kind}`]: activity.attendeeCount,
  };
  // Materials handed out (the briefings' 宣传资料、挂历、手册), copies by kind; older records may have none.
  for (const material of activity.materials ?? []) {
    values.mat = (values.mat ?? 0) + material.quantity;
    values[`mat_${material.kind}`] = (values[`mat_${material.kind}`] ?? 0) + material.quantity;
  }
  return dated(activity.regionCode ?? fallbackRegion, activity.communityId, activity.heldOn, values);
}

export function surveyContributions(survey: Survey & Stamped, fallbackRegion: string): Contribution[] {
  const values: Record<string, number> = {
    sv: 1,
    sv_aw: Math.round(survey.awarenessRate * RATE_SCALE),
    sv_pa: Math.round(survey.participationRate * RATE_SCALE),
  };
  if (survey.satisfactionRate !== undefined && survey.satisfactionRate !== null) {
    values.sv_sat_n = 1;
    values.sv_sat = Math.round(survey.satisfactionRate * RATE_SCALE);
  }
  return [{ regionCode: survey.regionCode ?? fallbackRegion, communityId: survey.communityId, period: `Y${survey.year}`, values }];
}

/** What the counters read of a certification: the legacy fields and, once in the chain, where it stands (absent before it). */
export type CountedCertification = Pick<Certification, 'communityId' | 'level' | 'appliedOn' | 'reReview' | 'decision' | 'designatedOn' | 'phase' | 'waitingFor'> & Stamped;

export function certificationContributions(certification: CountedCertification, fallbackRegion: string): Contribution[] {
  const region = certification.regionCode ?? fallbackRegion;
  const designated = certification.decision === 'DESIGNATED' && certification.designatedOn;
  return [
    ...dated(region, certification.communityId, certification.appliedOn, { [`app_${certification.level}`]: 1 }),
    ...(designated
      ? dated(region, certification.communityId, certification.designatedOn, { [`${certification.reReview ? 'redes' : 'des'}_${certification.level}`]: 1 })
      : []),
    ...chainContributions(certification, region),
  ];
}

/** Where an open application stands now (NOW): its phase and, in ENDORSEMENT, the level it waits for. */
function chainContributions(certification: CountedCertification, region: string): Contribution[] {
  // A record made before the chain stands where the chain reads it.
  const phase = phaseOf(certification);
  if (!isOpen(phase)) return [];
  const level = certification.level;
  const values: Record<string, number> = { rv_open: 1, [`rv_open_${level}`]: 1, [`rv_ph_${phase}`]: 1, [`rv_ph_${phase}_${level}`]: 1 };
  const waiting = phase === 'ENDORSEMENT' ? certification.waitingFor?.level : undefined;
  if (waiting) {
    values[`rv_wait_${waiting}`] = 1;
    values[`rv_wait_${waiting}_${level}`] = 1;
  }
  return [{ regionCode: region, communityId: certification.communityId, period: SNAPSHOT, values }];
}

/** What the counters read of an assessment: its kind, status, level, dates and summary (thousandths of a point). */
export type CountedAssessment = Pick<Assessment, 'communityId' | 'kind' | 'status' | 'level' | 'submittedOn' | 'onSiteReviewOn'> &
  Stamped & {
    readonly summary?: Pick<AssessmentSummary, 'total' | 'max' | 'outcome' | 'complete'> & {
      readonly indicators: readonly Pick<AssessmentSummary['indicators'][number], 'element' | 'score' | 'max'>[];
    };
  };

/** The attribute prefix of an assessment kind: sa self-assessments, os on-site scores. */
export const ASSESSMENT_PREFIX = { SELF: 'sa', ON_SITE: 'os' } as const;

/**
 * A scored assessment in its period: a self-assessment once SUBMITTED (by submittedOn), an
 * on-site score once every part is scored (by onSiteReviewOn, else submittedOn): a save halfway
 * through the visit does not count its projected total. Drafts count nothing.
 */
export function assessmentContributions(assessment: CountedAssessment, fallbackRegion: string): Contribution[] {
  const summary = assessment.summary;
  if (!summary) return [];
  const self = assessment.kind === 'SELF';
  if (self && assessment.status !== 'SUBMITTED') return [];
  if (!self && summary.complete === false) return [];
  const date = self ? assessment.submittedOn : (assessment.onSiteReviewOn ?? assessment.submittedOn);
  const k = ASSESSMENT_PREFIX[assessment.kind];
  const level = assessment.level;
  const values: Record<string, number> = {
    [`${k}_${level}`]: 1,
    [`${k}_${level}_tot`]: summary.total,
    [`${k}_${level}_max`]: summary.max,
    [`${k}_${level}_${summary.outcome}`]: 1,
  };
  // An element may head more than one indicator (ISCCC's six map to the nearest element): summed, counted once.
  const elements = new Map<string, { score: number; max: number }>();
  for (const indicator of summary.indicators) {
    if (!(indicator.max > 0)) continue;
    const sums = elements.get(indicator.element) ?? { score: 0, max: 0 };
    elements.set(indicator.element, { score: sums.score + indicator.score, max: sums.max + indicator.max });
  }
  for (const [element, sums] of elements) {
    values[`${k}_el_${element}_s`] = sums.score;
    values[`${k}_el_${element}_m`] = sums.max;
    values[`${k}_el_${element}_n`] = 1;
  }
  return dated(assessment.regionCode ?? fallbackRegion, assessment.communityId, date, values);
}

interface DeltaEntry {
  readonly key: ItemKey;
  readonly regionCode: string;
  readonly period: string;
  readonly shard: number;
  readonly deltas: Map<string, number>;
  readonly regions: Set<string>;
}

/**
 * The merged deltas of one transaction: contributions added with +1 (the record after the write)
 * and −1 (before it), per item and attribute, at every level of each contribution's region path.
 * Attributes and items that cancel out are dropped, so an update that moves nothing writes no counter.
 */
export class CreationDeltas {
  private readonly entries = new Map<string, DeltaEntry>();

  add(contributions: readonly Contribution[], sign: 1 | -1): this {
    for (const contribution of contributions) {
      const regions = countedRegions(contribution.regionCode);
      const shard = shardOf(contribution.communityId);
      for (const regionCode of regions) {
        const key = counterKey(regionCode, contribution.period, shard, CREATION_PK_PREFIX);
        const id = `${key.pk}|${key.sk}`;
        let entry = this.entries.get(id);
        if (!entry) {
          entry = { key, regionCode, period: contribution.period, shard, deltas: new Map(), regions: new Set() };
          this.entries.set(id, entry);
        }
        for (const [attribute, value] of Object.entries(contribution.values)) {
          entry.deltas.set(attribute, (entry.deltas.get(attribute) ?? 0) + sign * value);
        }
        // The province's items list the regions under it that have counters: the recount finds them.
        if (sign > 0 && regionCode.length === 2) for (const code of regions) entry.regions.add(code);
      }
    }
    return this;
  }

  /** Replace `before` by `after` (either may be absent: a create or a delete). */
  change(before: readonly Contribution[] | undefined, after: readonly Contribution[] | undefined): this {
    if (before) this.add(before, -1);
    if (after) this.add(after, 1);
    return this;
  }

  /** The per-item totals, cancelled entries dropped. */
  items(): DeltaEntry[] {
    const items: DeltaEntry[] = [];
    for (const entry of this.entries.values()) {
      for (const [attribute, delta] of entry.deltas) if (delta === 0) entry.deltas.delete(attribute);
      if (entry.deltas.size > 0) items.push(entry);
    }
    return items;
  }

  steps(table: Table): TransactionStep[] {
    return this.items().map((entry) => ({ item: counterUpdate(table, entry, undefined, CREATION_ENTITY) }));
  }
}

/**
 * The creation counters' contributor: the counter updates of every record change of a write,
 * merged per item. A project's change carries `context.interventionCount` when its category
 * moved (its interventions move along); an intervention's carries `context.project`.
 */
export class CreationCounters implements WriteContributor {
  readonly name = 'creation-counters';
  /** ADD only, never conditioned on a read: a bulk import commits them after its rows (pipeline.ts). */
  readonly deferrable = true;

  constructor(private readonly table: Table) {}

  steps(write: PipelineWrite): TransactionStep[] {
    const deltas = new CreationDeltas();
    for (const change of write.changes) addChange(deltas, change);
    return deltas.steps(this.table);
  }

  *itemIds(change: RecordChange): Iterable<string> {
    const deltas = new CreationDeltas();
    addChange(deltas, change);
    for (const entry of deltas.items()) yield `${entry.key.pk}|${entry.key.sk}`;
  }
}

function addChange(deltas: CreationDeltas, change: RecordChange): void {
  const contributions = (record: object | null): Contribution[] | undefined => {
    if (!record) return undefined;
    switch (change.type) {
      case 'Community':
        return communityContributions(record as Community);
      case 'Project':
        return projectContributions(record as Project, change.regionCode);
      case 'Intervention':
        return interventionContributions(record as Intervention, change.context?.project as Project, change.regionCode);
      case 'Activity':
        return activityContributions(record as Activity, change.regionCode);
      case 'Survey':
        return surveyContributions(record as Survey, change.regionCode);
      case 'Certification':
        return certificationContributions(record as CountedCertification, change.regionCode);
      case 'Assessment':
        return assessmentContributions(record as CountedAssessment, change.regionCode);
      case 'HazardSource':
        return hazardSourceContributions(record as HazardSource, change.regionCode);
      case 'Inspection':
        return inspectionContributions(record as CountedInspection, change.regionCode);
      case 'HiddenDanger':
        return hiddenDangerContributions(record as CountedHiddenDanger, change.regionCode);
      case 'ResidentReport':
        return residentReportContributions(record as CountedResidentReport, change.regionCode);
      default:
        return undefined;
    }
  };
  deltas.change(contributions(change.before), contributions(change.after));
  const count = change.context?.interventionCount;
  if (change.type === 'Project' && change.before && change.after && typeof count === 'number') {
    const [before, after] = [change.before as Project, change.after as Project];
    deltas.add(interventionCategoryMove(before, change.regionCode, before.category, after.category, count), 1);
  }
}

/** A hazard source in the snapshot: in the register (by kind and level) unless REMOVED; by status always. */
export function hazardSourceContributions(source: HazardSource & Stamped, fallbackRegion: string): Contribution[] {
  const region = source.regionCode ?? fallbackRegion;
  const values: Record<string, number> = { [`hz_s_${source.status}`]: 1 };
  if (source.status !== 'REMOVED') {
    Object.assign(values, { hz: 1, [`hz_k_${source.kind}`]: 1, [`hz_l_${source.riskLevel}`]: 1, [`hz_kl_${source.kind}_${source.riskLevel}`]: 1 });
  }
  return [{ regionCode: region, communityId: source.communityId, period: SNAPSHOT, values }];
}

/** What the counters read of an inspection; `dueOn` and `onSchedule` are absent on inspections recorded before them. */
export type CountedInspection = Pick<Inspection, 'communityId' | 'subjectType' | 'heldOn' | 'failedCount'> &
  Stamped & {
    readonly dueOn?: string | null;
    readonly onSchedule?: boolean | null;
  };

/**
 * An inspection in the period of its day: held, by subject type, failed (an item FAIL); held on
 * schedule, it settles a due (in_sch and in_due). Without `onSchedule` (older records) it counts
 * as held only, neither on schedule nor due.
 */
export function inspectionContributions(inspection: CountedInspection, fallbackRegion: string): Contribution[] {
  const values: Record<string, number> = { in: 1, [`in_k_${inspection.subjectType}`]: 1 };
  if (inspection.onSchedule === true) Object.assign(values, { in_sch: 1, in_due: 1 });
  if (inspection.failedCount > 0) values.in_fail = 1;
  return dated(inspection.regionCode ?? fallbackRegion, inspection.communityId, inspection.heldOn, values);
}

/**
 * Due days that passed without an inspection (the daily job's finding, helper of its one
 * transaction per subject): each settles a due and misses it, in the period of that day. Not a
 * function of a record: the recount (recompute.ts) keeps what the job counted (see there).
 */
export function missedInspectionContributions(regionCode: string, communityId: string, days: readonly string[]): Contribution[] {
  return days.flatMap((day) => dated(regionCode, communityId, day, { in_due: 1, in_miss: 1 }));
}

/** The attributes the daily job alone writes: a recount cannot find them in the records. */
export const MISSED_DUE_ATTRIBUTES = ['in_miss'] as const;

/** What the counters read of a hidden danger. */
export type CountedHiddenDanger = Pick<
  HiddenDanger,
  'communityId' | 'severity' | 'foundOn' | 'deadline' | 'state' | 'inspectionId' | 'reportId' | 'rectifiedAt' | 'verifiedAt'
> &
  Stamped;

/** What found a danger, as the counters name it. */
export const DANGER_FOUND_BY = ['INSPECTION', 'REPORT', 'OFFICE'] as const;
export type DangerFoundBy = (typeof DANGER_FOUND_BY)[number];

export const dangerFoundBy = (danger: Pick<HiddenDanger, 'inspectionId' | 'reportId'>): DangerFoundBy =>
  danger.inspectionId ? 'INSPECTION' : danger.reportId ? 'REPORT' : 'OFFICE';

/** Days to verification are kept exactly up to this many; longer ones in the bucket after it. */
export const VERIFICATION_DAYS_MAX = 365;


/**
 * A hidden danger: found (period of foundOn), rectified (period of the China day of its last
 * reported rectification, while RECTIFIED or VERIFIED: a failed verification takes it back),
 * verified (period of the China day of its verification, with the days it took), and where it
 * stands now (NOW, by state).
 */
export function hiddenDangerContributions(danger: CountedHiddenDanger, fallbackRegion: string): Contribution[] {
  const region = danger.regionCode ?? fallbackRegion;
  const community = danger.communityId;
  const verified = danger.state === 'VERIFIED';
  const found: Record<string, number> = { hd: 1, [`hd_${danger.severity}`]: 1, [`hd_by_${dangerFoundBy(danger)}`]: 1 };
  if (verified) found.hd_done = 1;
  const contributions: Contribution[] = [
    { regionCode: region, communityId: community, period: SNAPSHOT, values: { hd_now: 1, [`hd_now_${danger.state}`]: 1 } },
    ...dated(region, community, danger.foundOn, found),
  ];
  if ((danger.state === 'RECTIFIED' || verified) && danger.rectifiedAt) {
    const day = chinaDateOf(danger.rectifiedAt);
    contributions.push(...dated(region, community, day, day > danger.deadline ? { hd_rect: 1, hd_rect_late: 1 } : { hd_rect: 1 }));
  }
  if (verified && danger.verifiedAt) {
    const day = chinaDateOf(danger.verifiedAt);
    const days = Math.max(0, daysBetween(danger.foundOn, day));
    contributions.push(...dated(region, community, day, { hd_ver: 1, [`hd_vd_${Math.min(days, VERIFICATION_DAYS_MAX + 1)}`]: 1, hd_vd_sum: days }));
  }
  return contributions;
}

/** What the counters read of a resident's report (群众举报; functions/hazard/report-model.ts). */
export type CountedResidentReport = Pick<ResidentReport, 'communityId' | 'receivedOn' | 'status' | 'outcome' | 'answeredOn'> & Stamped;

/** A resident's report in the period it was received (answered, in time, its outcome), and NOW while unanswered. */
export function residentReportContributions(report: CountedResidentReport, fallbackRegion: string): Contribution[] {
  const region = report.regionCode ?? fallbackRegion;
  const answered = report.status === 'ANSWERED';
  const values: Record<string, number> = { rr: 1 };
  if (answered) {
    values.rr_ans = 1;
    if (report.answeredOn && daysBetween(report.receivedOn, report.answeredOn) <= REPORT_ANSWER_DAYS) values.rr_ans7 = 1;
    if (report.outcome === 'HIDDEN_DANGER') values.rr_hd = 1;
    if (report.outcome === 'NO_DANGER') values.rr_no = 1;
  }
  return [
    ...dated(region, report.communityId, report.receivedOn, values),
    ...(answered ? [] : [{ regionCode: region, communityId: report.communityId, period: SNAPSHOT, values: { rr_open: 1 } }]),
  ];
}
