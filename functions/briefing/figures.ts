import type { Certification, CertificationLevel } from '#certification/model.ts';
import { addDays, addMonths, daysBetween } from '#core/dates.ts';
import { reReviewDueOn } from '#certification/cycles.ts';
import type { CertificationRepository } from '#certification/repository.ts';
import { COMMITTEE_SECTORS, type CommitteeSector, type Community } from '#community/model.ts';
import { communityKeys, listingKeys } from '#core/db/keys.ts';
import { queryAll, type Table } from '#core/db/table.ts';
import type { AqtElement } from '#evidence/model.ts';
import type { Incident, InjuryCause } from '#incident/model.ts';
import type { Intervention, Project } from '#project/model.ts';
import type { Assessment } from '#review/assessment-model.ts';
import type { Activity, Survey } from '#training/model.ts';
import { type Region, findRegion } from '#region/region-table.ts';
import { recount } from '#analytics/counters.ts';
import {
  activityContributions,
  assessmentContributions,
  certificationContributions,
  type Contribution,
  type CountedAssessment,
  type CountedCertification,
  communityContributions,
  CreationDeltas,
  interventionContributions,
  projectContributions,
  SNAPSHOT,
  surveyContributions,
} from '#analytics/creation-counters.ts';
import {
  type ActivityFigures,
  activityFigures,
  type CertificationLevelFigures,
  type CommunityFigures,
  certificationFigures,
  communityFigures,
  type ProjectFigures,
  projectFigures,
  type SurveyFigures,
  surveyFigures,
} from '#analytics/creation-figures.ts';
import { compare, DIMENSIONS, figuresOf, type IncidentComparison, type Period, periodKeys, yearEarlier } from '#analytics/model.ts';
import { weakestElements } from '#analytics/review-figures.ts';
import type { AnalyticsService } from '#analytics/service.ts';
import type { BriefingPeriod } from './model.ts';

/**
 * The figures of a briefing, gathered in a bounded number of reads.
 *
 * A region's figures are the analytics API's own (AnalyticsService: incidentSummary and
 * creationSummary, counter items by key in one BatchGetItem round each): the text says what
 * `incidentSummary` says. Beside the counters, a region of at most MAX_NAMED_COMMUNITIES
 * communities (a county or a street) names things, which counters cannot: its communities
 * (one Query of the community listing by region prefix) give the promotion committees and the
 * designated names, and each community's project listing and its activity listing within the
 * period (two Queries per community) give the projects and activities by name. A larger region
 * gives its figures without names. The re-review radar is one Query of the province's sparse
 * partition, filtered to the region.
 *
 * A community has no counter partition of its own (counters are per region, and a town may hold
 * more than one community), so its figures are the counters' arithmetic over its own records:
 * the same contribution functions the write pipeline adds (creation-counters.ts, counters.ts),
 * summed over the community's listings (incidents and activities within the periods, projects,
 * their interventions, surveys, certifications, assessments) — one Query per listing, one per
 * project for its interventions.
 */
export const MAX_NAMED_COMMUNITIES = 40;
/** At most this many named lines per list (projects started, activities, …). */
export const MAX_NAMED_LINES = 12;
/** Re-reviews due within this many months of the issue date are the next steps. */
export const DUE_WITHIN_MONTHS = 12;
/** At most this many re-reviews named. */
export const MAX_DUE_LINES = 20;

export interface NamedProject {
  readonly name: string;
  readonly community: string;
  readonly category: Project['category'];
  readonly startOn: string;
  readonly closedOn?: string;
  readonly status: Project['status'];
}

export interface NamedIntervention {
  readonly description: string;
  readonly kind: Intervention['kind'];
  readonly project: string;
  readonly completedOn: string;
}

export interface NamedActivity {
  readonly topic: string;
  readonly community: string;
  readonly kind: Activity['kind'];
  readonly heldOn: string;
  readonly attendees: number;
  readonly materials: number;
}

export interface CommitteeFigures {
  /** Communities the briefing covers, and how many recorded a promotion committee. */
  readonly communities: number;
  readonly withCommittee: number;
  readonly members: number;
  readonly workingGroups: number;
  /** Communities whose committee has a member of the sector, most first. */
  readonly sectors: readonly { sector: CommitteeSector; communities: number }[];
  /** A few committees by name (the community, its chair unit, members, working groups). */
  readonly examples: readonly { community: string; chairUnit: string; members: number; workingGroups: readonly string[] }[];
}

export interface DueReReview {
  readonly community: string;
  readonly level: CertificationLevel;
  readonly dueOn: string;
  /** From the issue date; negative when overdue. */
  readonly daysLeft: number;
}

export interface WeakElement {
  readonly element: AqtElement;
  readonly percent: number;
}

export interface BriefingFigures {
  readonly subject: {
    readonly kind: 'REGION' | 'COMMUNITY';
    /** The region's or the community's name: 牡丹区, 西城街道办事处. */
    readonly name: string;
    /** The region (a community's own division). */
    readonly region: Region;
    /** The name of the region's parent (菏泽市 for 牡丹区), for the office and the headline. */
    readonly parentName: string | null;
    readonly community?: Community;
  };
  readonly period: BriefingPeriod;
  readonly yearEarlier: Period;
  readonly communities: CommunityFigures;
  readonly certifications: CertificationLevelFigures[];
  /** Communities designated now, by name (named regions and communities only). */
  readonly designatedNames: readonly string[] | null;
  readonly committees: CommitteeFigures | null;
  readonly projects: ProjectFigures;
  /** Named regions and communities only: projects started or closed in the period. */
  readonly projectsStarted: readonly NamedProject[] | null;
  readonly projectsClosed: readonly NamedProject[] | null;
  /** A community's briefing only: interventions completed in the period. */
  readonly interventionsCompleted: readonly NamedIntervention[] | null;
  readonly activities: ActivityFigures;
  readonly namedActivities: readonly NamedActivity[] | null;
  readonly surveys: SurveyFigures;
  readonly incidents: IncidentComparison;
  readonly byCause: readonly (IncidentComparison & { cause: InjuryCause })[];
  readonly dueReReviews: readonly DueReReview[];
  readonly dueReReviewCount: number;
  /** The weakest AQ/T 9001 elements, lowest first: of the latest submitted self-assessment (a community), of the period's self-assessments (a region). */
  readonly weakest: { readonly source: 'LATEST_SELF_ASSESSMENT' | 'PERIOD_SELF_ASSESSMENTS'; readonly submittedOn: string | null; readonly elements: readonly WeakElement[] };
}

type Items = Record<string, number>[];

export class BriefingReader {
  constructor(
    private readonly table: Table,
    private readonly certifications: CertificationRepository,
  ) {}

  /** A region's briefing figures: the analytics service decides who may read them (the policy's aggregate scope). */
  async region(analytics: AnalyticsService, region: Region, period: BriefingPeriod, issuedOn: string): Promise<BriefingFigures> {
    const asked = { year: period.year, ...(period.quarter === null ? {} : { quarter: period.quarter }) };
    const [incidents, creation] = await Promise.all([analytics.incidentSummary(region.code, asked), analytics.creationSummary(region.code, asked)]);
    const communities = await this.communitiesOf(region.code);
    const named = communities.length <= MAX_NAMED_COMMUNITIES;
    const [listings, due] = await Promise.all([
      named ? Promise.all(communities.map((community) => this.namedRecords(community, period))) : Promise.resolve(null),
      this.dueReReviews(region.code, issuedOn, new Map(communities.map((community) => [community.id, community.name]))),
    ]);
    return {
      subject: { kind: 'REGION', name: region.name, region, parentName: parentNameOf(region) },
      period,
      yearEarlier: yearEarlier(period),
      communities: creation.communities,
      certifications: creation.certifications,
      designatedNames: named ? communities.filter((community) => community.stage === 'DESIGNATED').map((community) => community.name) : null,
      committees: named ? committeeFigures(communities) : null,
      projects: creation.projects,
      projectsStarted: listings ? listings.flatMap((listing) => listing.started) : null,
      projectsClosed: listings ? listings.flatMap((listing) => listing.closed) : null,
      interventionsCompleted: null,
      activities: creation.activities,
      namedActivities: listings ? byAttendance(listings.flatMap((listing) => listing.activities)) : null,
      surveys: creation.surveys,
      incidents: incidents.total,
      byCause: incidents.byCause,
      dueReReviews: due.lines,
      dueReReviewCount: due.count,
      weakest: {
        source: 'PERIOD_SELF_ASSESSMENTS',
        submittedOn: null,
        elements: creation.review.weakestElements
          .filter((row) => row.selfAssessedPercent !== null)
          .map((row) => ({ element: row.element, percent: row.selfAssessedPercent as number }))
          .sort((a, b) => a.percent - b.percent),
      },
    };
  }

  /** A community's briefing figures, counted from its own records (the caller has been authorized for the community). */
  async community(community: Community, period: BriefingPeriod, issuedOn: string): Promise<BriefingFigures> {
    const region = findRegion(community.regionCode) ?? { code: community.regionCode, name: community.regionCode, level: 'TOWN' as const, parentCode: null };
    const earlier = yearEarlier(period);
    const listing = (partition: string, range?: { from: string; to: string }) =>
      queryAll(this.table, {
        IndexName: 'gsi1',
        KeyConditionExpression: range ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk', ...(range ? { '#sk': 'gsi1sk' } : {}) },
        ExpressionAttributeValues: { ':pk': partition, ...(range ? { ':from': range.from, ':to': range.to } : {}) },
      });
    // Incidents are positioned by their UTC instant and counted by China's calendar: a day's margin each side, the counters' periods decide.
    const [incidents, projects, activities, surveys, certifications, assessments] = await Promise.all([
      listing(listingKeys.incidents(community.id), { from: addDays(`${earlier.from}-01`, -1), to: `${monthEnd(period.to)}T23:59:59.999Z\uffff` }) as Promise<unknown[]> as Promise<Incident[]>,
      listing(listingKeys.projects(community.id)) as Promise<unknown[]> as Promise<Project[]>,
      listing(listingKeys.activities(community.id), { from: `${period.from}-01`, to: `${monthEnd(period.to)}\uffff` }) as Promise<unknown[]> as Promise<Activity[]>,
      listing(listingKeys.surveys(community.id)) as Promise<unknown[]> as Promise<Survey[]>,
      listing(listingKeys.certifications(community.id)) as Promise<unknown[]> as Promise<Certification[]>,
      listing(listingKeys.assessments(community.id)) as Promise<unknown[]> as Promise<Assessment[]>,
    ]);
    const interventions = (await Promise.all(projects.map((project) => listing(listingKeys.interventions(project.id))))) as unknown[][] as Intervention[][];

    // The creation counters' contributions of every record, once each (at the province, where every record counts once).
    const deltas = new CreationDeltas();
    const fallback = community.regionCode;
    const contributions: Contribution[] = [
      ...communityContributions(community),
      ...projects.flatMap((project, index) => [
        ...projectContributions(project, fallback),
        ...(interventions[index] ?? []).flatMap((intervention) => interventionContributions(intervention, project, fallback)),
      ]),
      ...activities.flatMap((activity) => activityContributions(activity, fallback)),
      ...surveys.flatMap((survey) => surveyContributions(survey, fallback)),
      ...certifications.flatMap((certification) => certificationContributions(certification as CountedCertification, fallback)),
      ...assessments.flatMap((assessment) => assessmentContributions(assessment as CountedAssessment, fallback)),
    ];
    deltas.add(contributions, 1);
    const creation = deltas.items().filter((entry) => entry.regionCode.length === 2);
    const creationItems = (keys: readonly string[]): Items => creation.filter((entry) => keys.includes(entry.period)).map((entry) => Object.fromEntries(entry.deltas));
    const snapshot = creationItems([SNAPSHOT]);
    const inPeriod = creationItems(periodKeys(period));
    const incidentCounters = [...recount(incidents).values()].filter((entry) => entry.regionCode.length === 2);
    const incidentItems = (of: Period): Items => {
      const keys = periodKeys(of);
      return incidentCounters.filter((entry) => keys.includes(entry.period)).map((entry) => Object.fromEntries(entry.counters));
    };
    const [current, previous] = [incidentItems(period), incidentItems(earlier)];
    const of = (dimension: string) => compare(figuresOf(current, dimension), figuresOf(previous, dimension));
    const named = namedOf(community, projects, activities, period);
    const latestSelf = assessments
      .filter((assessment) => assessment.kind === 'SELF' && assessment.status === 'SUBMITTED' && assessment.summary)
      .sort((a, b) => (a.submittedOn ?? a.updatedAt).localeCompare(b.submittedOn ?? b.updatedAt))
      .at(-1);
    const due = await this.dueReReviews(community.regionCode, issuedOn, new Map([[community.id, community.name]]), [community.id]);
    return {
      subject: { kind: 'COMMUNITY', name: community.name, region, parentName: parentNameOf(region), community },
      period,
      yearEarlier: earlier,
      communities: communityFigures(snapshot),
      certifications: certificationFigures(inPeriod),
      designatedNames: community.stage === 'DESIGNATED' ? [community.name] : [],
      committees: committeeFigures([community]),
      projects: projectFigures(snapshot, inPeriod),
      projectsStarted: named.started,
      projectsClosed: named.closed,
      interventionsCompleted: projects
        .flatMap((project, index) =>
          (interventions[index] ?? [])
            .filter((intervention) => intervention.completedOn && within(intervention.completedOn, period))
            .map((intervention) => ({ description: intervention.description, kind: intervention.kind, project: project.name, completedOn: intervention.completedOn as string })),
        )
        .sort((a, b) => a.completedOn.localeCompare(b.completedOn)),
      activities: activityFigures(inPeriod),
      namedActivities: byAttendance(named.activities),
      surveys: surveyFigures([period.year], creationItems([`Y${period.year}`])),
      incidents: of('total'),
      byCause: DIMENSIONS.cause.map((cause) => ({ cause, ...of(`cause_${cause}`) })),
      dueReReviews: due.lines,
      dueReReviewCount: due.count,
      weakest: {
        source: 'LATEST_SELF_ASSESSMENT',
        submittedOn: latestSelf?.submittedOn ?? null,
        elements: latestSelf ? weakestOfAssessment(latestSelf) : [],
      },
    };
  }

  /** The communities now under a region (the community listing by region prefix). */
  private async communitiesOf(regionCode: string): Promise<Community[]> {
    return (await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :region)',
      ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
      ExpressionAttributeValues: { ':pk': communityKeys.all, ':region': regionCode },
    })) as unknown[] as Community[];
  }

  /** A community's projects (one Query) and its activities within the period (one Query), named. */
  private async namedRecords(community: Community, period: BriefingPeriod): Promise<ReturnType<typeof namedOf>> {
    const query = (partition: string, to: string, from?: string) =>
      queryAll(this.table, {
        IndexName: 'gsi1',
        KeyConditionExpression: from ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk AND #sk <= :to',
        ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
        ExpressionAttributeValues: { ':pk': partition, ':to': to, ...(from ? { ':from': from } : {}) },
      });
    const end = `${monthEnd(period.to)}\uffff`;
    // Projects are positioned by their start: one started after the period neither started nor closed in it.
    const [projects, activities] = await Promise.all([query(listingKeys.projects(community.id), end), query(listingKeys.activities(community.id), end, `${period.from}-01`)]);
    return namedOf(community, projects as unknown[] as Project[], activities as unknown[] as Activity[], period);
  }

  /**
   * The designations standing in the region whose re-review falls due within DUE_WITHIN_MONTHS of
   * the issue date or is overdue, soonest first: the radar's partition (one Query per page).
   */
  private async dueReReviews(
    regionCode: string,
    issuedOn: string,
    names: ReadonlyMap<string, string>,
    communityIds?: readonly string[],
  ): Promise<{ lines: DueReReview[]; count: number }> {
    const until = addMonths(issuedOn, DUE_WITHIN_MONTHS);
    const page = await this.certifications.designationsDue(regionCode, until, communityIds).page(MAX_DUE_LINES + 1);
    const lines = page.items.map(({ node }) => {
      const dueOn = reReviewDueOn(node) ?? until;
      return {
        community: names.get(node.communityId) ?? node.communityId,
        level: node.level,
        dueOn,
        daysLeft: daysBetween(issuedOn, dueOn),
      };
    });
    return { lines: lines.slice(0, MAX_DUE_LINES), count: page.hasNextPage || lines.length > MAX_DUE_LINES ? MAX_DUE_LINES + 1 : lines.length };
  }
}

/** The period's projects started and closed and its activities, with their community's name. */
function namedOf(community: Community, projects: readonly Project[], activities: readonly Activity[], period: BriefingPeriod) {
  const named = (project: Project): NamedProject => ({
    name: project.name,
    community: community.name,
    category: project.category,
    startOn: project.startOn,
    status: project.status,
    ...(project.closedOn ? { closedOn: project.closedOn } : {}),
  });
  return {
    started: projects.filter((project) => within(project.startOn, period)).map(named),
    closed: projects.filter((project) => project.status === 'CLOSED' && project.closedOn && within(project.closedOn, period)).map(named),
    activities: activities
      .filter((activity) => within(activity.heldOn, period))
      .map((activity) => ({
        topic: activity.topic,
        community: community.name,
        kind: activity.kind,
        heldOn: activity.heldOn,
        attendees: activity.attendeeCount,
        materials: (activity.materials ?? []).reduce((total, material) => total + material.quantity, 0),
      })),
  };
}

/** The activities that reached the most people first (ties by date). */
function byAttendance(activities: readonly NamedActivity[]): NamedActivity[] {
  return [...activities].sort((a, b) => b.attendees - a.attendees || a.heldOn.localeCompare(b.heldOn));
}

export function committeeFigures(communities: readonly Community[]): CommitteeFigures {
  const withCommittee = communities.filter((community) => community.committee);
  const sectors = COMMITTEE_SECTORS.map((sector) => ({
    sector,
    communities: withCommittee.filter((community) => community.committee?.members.some((member) => member.sector === sector)).length,
  }))
    .filter((row) => row.communities > 0)
    .sort((a, b) => b.communities - a.communities);
  return {
    communities: communities.length,
    withCommittee: withCommittee.length,
    members: withCommittee.reduce((total, community) => total + (community.committee?.members.length ?? 0), 0),
    workingGroups: withCommittee.reduce((total, community) => total + (community.committee?.workingGroups?.length ?? 0), 0),
    sectors,
    examples: withCommittee
      .map((community) => ({
        community: community.name,
        chairUnit: community.committee?.chairUnit ?? '',
        members: community.committee?.members.length ?? 0,
        workingGroups: (community.committee?.workingGroups ?? []).map((group) => group.name),
      }))
      .sort((a, b) => b.members - a.members)
      .slice(0, 5),
  };
}

/** The elements of one assessment, lowest percent of their maximum first (its summary's indicators, summed per element). */
function weakestOfAssessment(assessment: Assessment): WeakElement[] {
  const summary = assessment.summary;
  if (!summary) return [];
  const values: Record<string, number> = {};
  for (const indicator of summary.indicators) {
    if (!(indicator.max > 0)) continue;
    values[`sa_el_${indicator.element}_s`] = (values[`sa_el_${indicator.element}_s`] ?? 0) + indicator.score;
    values[`sa_el_${indicator.element}_m`] = (values[`sa_el_${indicator.element}_m`] ?? 0) + indicator.max;
    values[`sa_el_${indicator.element}_n`] = 1;
  }
  // The region figures' own ranking (review-figures.ts), on this one assessment's sums.
  return weakestElements([values]).map((row) => ({ element: row.element, percent: row.percent }));
}

function parentNameOf(region: Region): string | null {
  return region.parentCode ? (findRegion(region.parentCode)?.name ?? null) : null;
}

function within(date: string, period: Period): boolean {
  const month = date.slice(0, 7);
  return month >= period.from && month <= period.to;
}

/** The last day of a month "YYYY-MM". */
function monthEnd(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}



