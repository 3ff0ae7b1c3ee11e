import { CERTIFICATION_LEVELS, type CertificationLevel } from '#certification/model.ts';
import { COMMUNITY_STAGES, type CommunityStage } from '#community/model.ts';
import { PROJECT_CATEGORIES, type ProjectCategory } from '#core/taxonomy.ts';
import { INTERVENTION_KINDS, INTERVENTION_STATUSES, type InterventionKind, type InterventionStatus, PROJECT_STATUSES, type ProjectStatus } from '#project/model.ts';
import { ACTIVITY_KINDS, type ActivityKind, MATERIAL_KINDS, type MaterialKind } from '#training/model.ts';
import { HAZARD_SOURCE_KINDS, HAZARD_SOURCE_STATUSES, type HazardSourceKind, type HazardSourceStatus, RISK_LEVELS, type RiskLevel } from '#hazard/model.ts';
import { DANGER_SEVERITIES, DANGER_STATES, type DangerSeverity, type DangerState } from '#hazard/danger-lifecycle.ts';
import { INSPECTION_SUBJECT_TYPES, type InspectionSubjectType } from '#hazard/inspection-model.ts';
import { DANGER_FOUND_BY, type DangerFoundBy, RATE_SCALE, VERIFICATION_DAYS_MAX } from './creation-counters.ts';
import { type IncidentFigures, sum } from './model.ts';

/**
 * Figures of the creation record from counter items (creation-counters.ts): sums over the items
 * of a region — its NOW items (what stands now) and its period items — attribute by attribute.
 */
type Items = readonly Readonly<Record<string, unknown>>[];

export interface PopulationBase {
  readonly communities: number;
  readonly communitiesWithPopulation: number;
  readonly population: number;
}

export function populationOf(snapshot: Items): PopulationBase {
  return { communities: sum(snapshot, 'com'), communitiesWithPopulation: sum(snapshot, 'com_pop_n'), population: sum(snapshot, 'com_pop') };
}

/**
 * Per 10,000 of the population the communities recorded, two decimals; null where none recorded
 * one. The base says how many communities that population covers: where a district creating as a
 * whole recorded its population and its towns did not (the demo's 牡丹区), the district's stands
 * for them; where some communities of a region left it out, the rate overstates, and the base shows it.
 */
export function ratesPer10000(figures: IncidentFigures, base: PopulationBase): { count: number; deaths: number; injured: number } | null {
  if (base.population === 0) return null;
  const rate = (value: number) => Math.round((value / base.population) * 10_000 * 100) / 100;
  return { count: rate(figures.count), deaths: rate(figures.deaths), injured: rate(figures.injured) };
}

export interface CommunityFigures extends Omit<PopulationBase, 'communities'> {
  readonly total: number;
  readonly byStage: { stage: CommunityStage; count: number }[];
}

export function communityFigures(snapshot: Items): CommunityFigures {
  const base = populationOf(snapshot);
  return {
    total: base.communities,
    byStage: COMMUNITY_STAGES.map((stage) => ({ stage, count: sum(snapshot, `com_${stage}`) })),
    communitiesWithPopulation: base.communitiesWithPopulation,
    population: base.population,
  };
}

export interface CertificationLevelFigures {
  readonly level: CertificationLevel;
  readonly applications: number;
  readonly designations: number;
  readonly reDesignations: number;
}

export function certificationFigures(period: Items): CertificationLevelFigures[] {
  return CERTIFICATION_LEVELS.map((level) => ({
    level,
    applications: sum(period, `app_${level}`),
    designations: sum(period, `des_${level}`),
    reDesignations: sum(period, `redes_${level}`),
  }));
}

export interface ProjectFigures {
  readonly projects: number;
  readonly interventions: number;
  readonly started: number;
  readonly closed: number;
  readonly interventionsCompleted: number;
  readonly byStatus: { status: ProjectStatus; count: number }[];
  readonly byCategory: { category: ProjectCategory; projects: number; interventions: number; started: number; closed: number }[];
  readonly interventionsByStatus: { status: InterventionStatus; count: number }[];
  readonly interventionsByKind: { kind: InterventionKind; interventions: number; completed: number }[];
}

export function projectFigures(snapshot: Items, period: Items): ProjectFigures {
  return {
    projects: sum(snapshot, 'pj'),
    interventions: sum(snapshot, 'iv'),
    started: sum(period, 'pj_new'),
    closed: sum(period, 'pj_closed'),
    interventionsCompleted: sum(period, 'iv_done'),
    byStatus: PROJECT_STATUSES.map((status) => ({ status, count: sum(snapshot, `pj_s_${status}`) })),
    byCategory: PROJECT_CATEGORIES.map((category) => ({
      category,
      projects: sum(snapshot, `pj_${category}`),
      interventions: sum(snapshot, `iv_${category}`),
      started: sum(period, `pj_new_${category}`),
      closed: sum(period, `pj_closed_${category}`),
    })),
    interventionsByStatus: INTERVENTION_STATUSES.map((status) => ({ status, count: sum(snapshot, `iv_s_${status}`) })),
    interventionsByKind: INTERVENTION_KINDS.map((kind) => ({ kind, interventions: sum(snapshot, `iv_k_${kind}`), completed: sum(period, `iv_done_${kind}`) })),
  };
}

export interface ActivityFigures {
  readonly activities: number;
  readonly attendees: number;
  readonly byKind: { kind: ActivityKind; activities: number; attendees: number }[];
  /** Copies of material handed out at the period's activities, in all and by kind. */
  readonly materials: number;
  readonly materialsByKind: { kind: MaterialKind; copies: number }[];
}

export function activityFigures(period: Items): ActivityFigures {
  return {
    activities: sum(period, 'act'),
    attendees: sum(period, 'att'),
    byKind: ACTIVITY_KINDS.map((kind) => ({ kind, activities: sum(period, `act_${kind}`), attendees: sum(period, `att_${kind}`) })),
    materials: sum(period, 'mat'),
    materialsByKind: MATERIAL_KINDS.map((kind) => ({ kind, copies: sum(period, `mat_${kind}`) })),
  };
}

export interface SurveyFigures {
  readonly years: number[];
  readonly surveys: number;
  readonly awarenessAverage: number | null;
  readonly participationAverage: number | null;
  readonly satisfactionAverage: number | null;
  readonly satisfactionSurveys: number;
}

/** Averages in percent, one decimal, of rates stored in tenths of a percent. */
function average(total: number, count: number): number | null {
  if (count === 0) return null;
  return Math.round(total / count) / RATE_SCALE;
}

export function surveyFigures(years: number[], yearItems: Items): SurveyFigures {
  const surveys = sum(yearItems, 'sv');
  const satisfactionSurveys = sum(yearItems, 'sv_sat_n');
  return {
    years,
    surveys,
    awarenessAverage: average(sum(yearItems, 'sv_aw'), surveys),
    participationAverage: average(sum(yearItems, 'sv_pa'), surveys),
    satisfactionAverage: average(sum(yearItems, 'sv_sat'), satisfactionSurveys),
    satisfactionSurveys,
  };
}

/** One region's line of a creation breakdown. */
export interface CreationRegionFigures {
  readonly communities: number;
  readonly designated: number;
  readonly communitiesWithPopulation: number;
  readonly population: number;
  readonly projects: number;
  readonly interventions: number;
  readonly designations: number;
  readonly activities: number;
  readonly attendees: number;
  readonly drills: number;
  readonly awarenessAverage: number | null;
  readonly participationAverage: number | null;
}

export function creationRegionFigures(snapshot: Items, period: Items, yearItems: Items): CreationRegionFigures {
  const base = populationOf(snapshot);
  const surveys = sum(yearItems, 'sv');
  return {
    communities: base.communities,
    designated: sum(snapshot, 'com_DESIGNATED'),
    communitiesWithPopulation: base.communitiesWithPopulation,
    population: base.population,
    projects: sum(snapshot, 'pj'),
    interventions: sum(snapshot, 'iv'),
    designations: CERTIFICATION_LEVELS.reduce((total, level) => total + sum(period, `des_${level}`) + sum(period, `redes_${level}`), 0),
    activities: sum(period, 'act'),
    attendees: sum(period, 'att'),
    drills: sum(period, 'act_DRILL'),
    awarenessAverage: average(sum(yearItems, 'sv_aw'), surveys),
    participationAverage: average(sum(yearItems, 'sv_pa'), surveys),
  };
}

/** The hazard register of a region now (creation-counters.ts, hz_*): sources by level, by kind and level, by status. */
export interface HazardSourceFigures {
  readonly sources: number;
  readonly byLevel: { level: RiskLevel; sources: number }[];
  readonly byKind: { kind: HazardSourceKind; sources: number; byLevel: { level: RiskLevel; sources: number }[] }[];
  readonly byStatus: { status: HazardSourceStatus; sources: number }[];
}

export function hazardSourceFigures(snapshot: Items): HazardSourceFigures {
  return {
    sources: sum(snapshot, 'hz'),
    byLevel: RISK_LEVELS.map((level) => ({ level, sources: sum(snapshot, `hz_l_${level}`) })),
    byKind: HAZARD_SOURCE_KINDS.map((kind) => ({
      kind,
      sources: sum(snapshot, `hz_k_${kind}`),
      byLevel: RISK_LEVELS.map((level) => ({ level, sources: sum(snapshot, `hz_kl_${kind}_${level}`) })),
    })),
    byStatus: HAZARD_SOURCE_STATUSES.map((status) => ({ status, sources: sum(snapshot, `hz_s_${status}`) })),
  };
}

/** A share in percent, one decimal; null without a base. */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** Inspections of a region in the period (in_*): held, on schedule, dues settled and missed, coverage. */
export interface InspectionFigures {
  readonly held: number;
  readonly bySubjectType: { subjectType: InspectionSubjectType; held: number }[];
  readonly onSchedule: number;
  readonly due: number;
  readonly missed: number;
  readonly failed: number;
  /** Held on schedule over the dues settled, in percent. */
  readonly coveragePercent: number | null;
}

export function inspectionFigures(period: Items): InspectionFigures {
  const onSchedule = sum(period, 'in_sch');
  const due = sum(period, 'in_due');
  return {
    held: sum(period, 'in'),
    bySubjectType: INSPECTION_SUBJECT_TYPES.map((subjectType) => ({ subjectType, held: sum(period, `in_k_${subjectType}`) })),
    onSchedule,
    due,
    missed: sum(period, 'in_miss'),
    failed: sum(period, 'in_fail'),
    coveragePercent: percentOf(onSchedule, due),
  };
}

/**
 * The median of the days to verification from the histogram (hd_vd_<n>): the middle day, or the
 * mean of the two middle ones; VERIFICATION_DAYS_MAX + 1 stands for "longer than that". Null
 * without a verification.
 */
export function medianDays(period: Items): number | null {
  const counts: number[] = [];
  let total = 0;
  for (let day = 0; day <= VERIFICATION_DAYS_MAX + 1; day += 1) {
    const count = sum(period, `hd_vd_${day}`);
    counts.push(count);
    total += count;
  }
  if (total === 0) return null;
  const nth = (rank: number): number => {
    let seen = 0;
    for (let day = 0; day < counts.length; day += 1) {
      seen += counts[day] ?? 0;
      if (seen >= rank) return day;
    }
    return counts.length - 1;
  };
  // Ranks are 1-based: of 4, the 2nd and 3rd; of 5, the 3rd.
  return total % 2 === 1 ? nth((total + 1) / 2) : (nth(total / 2) + nth(total / 2 + 1)) / 2;
}

/** Overdue dangers now (read at query time from the province's listing of those awaiting their fix). */
export interface OverdueDangers {
  readonly overdue: number;
  readonly overdueMajor: number;
}

/** Hidden dangers of a region: found, rectified and verified in the period (hd_*), where they stand now (hd_now_*), overdue now. */
export interface HiddenDangerFigures extends OverdueDangers {
  readonly found: number;
  readonly bySeverity: { severity: DangerSeverity; found: number }[];
  readonly byFoundBy: { foundBy: DangerFoundBy; found: number }[];
  readonly foundAndVerified: number;
  readonly rectificationRatePercent: number | null;
  readonly rectified: number;
  readonly rectifiedLate: number;
  readonly verified: number;
  readonly medianDaysToVerification: number | null;
  readonly averageDaysToVerification: number | null;
  readonly awaitingRectification: number;
  readonly byState: { state: DangerState; dangers: number }[];
}

export function hiddenDangerFigures(snapshot: Items, period: Items, overdue: OverdueDangers): HiddenDangerFigures {
  const found = sum(period, 'hd');
  const done = sum(period, 'hd_done');
  const verified = sum(period, 'hd_ver');
  return {
    found,
    bySeverity: DANGER_SEVERITIES.map((severity) => ({ severity, found: sum(period, `hd_${severity}`) })),
    byFoundBy: DANGER_FOUND_BY.map((foundBy) => ({ foundBy, found: sum(period, `hd_by_${foundBy}`) })),
    foundAndVerified: done,
    rectificationRatePercent: percentOf(done, found),
    rectified: sum(period, 'hd_rect'),
    rectifiedLate: sum(period, 'hd_rect_late'),
    verified,
    medianDaysToVerification: medianDays(period),
    averageDaysToVerification: verified === 0 ? null : Math.round((sum(period, 'hd_vd_sum') / verified) * 10) / 10,
    awaitingRectification: sum(snapshot, 'hd_now_OPEN') + sum(snapshot, 'hd_now_RECTIFYING'),
    byState: DANGER_STATES.map((state) => ({ state, dangers: sum(snapshot, `hd_now_${state}`) })),
    overdue: overdue.overdue,
    overdueMajor: overdue.overdueMajor,
  };
}

/** Residents' reports of a region (rr_*): received in the period, answered, in 7 days, by outcome; open now. */
export interface ResidentReportFigures {
  readonly received: number;
  readonly answered: number;
  readonly answeredWithin7Days: number;
  readonly answeredInTimePercent: number | null;
  readonly triagedIntoDanger: number;
  readonly noDanger: number;
  readonly open: number;
}

export function residentReportFigures(snapshot: Items, period: Items): ResidentReportFigures {
  const received = sum(period, 'rr');
  const inTime = sum(period, 'rr_ans7');
  return {
    received,
    answered: sum(period, 'rr_ans'),
    answeredWithin7Days: inTime,
    answeredInTimePercent: percentOf(inTime, received),
    triagedIntoDanger: sum(period, 'rr_hd'),
    noDanger: sum(period, 'rr_no'),
    open: sum(snapshot, 'rr_open'),
  };
}

/** The hazard figures of one region (a summary's, or a line of a breakdown). */
export interface HazardFigures {
  readonly hazardSources: HazardSourceFigures;
  readonly inspections: InspectionFigures;
  readonly hiddenDangers: HiddenDangerFigures;
  readonly residentReports: ResidentReportFigures;
}

export function hazardFigures(snapshot: Items, period: Items, overdue: OverdueDangers): HazardFigures {
  return {
    hazardSources: hazardSourceFigures(snapshot),
    inspections: inspectionFigures(period),
    hiddenDangers: hiddenDangerFigures(snapshot, period, overdue),
    residentReports: residentReportFigures(snapshot, period),
  };
}
