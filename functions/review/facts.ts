import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { figureKey, figuresOfItem, SNAPSHOT_PERIOD } from '#analytics/community-figures.ts';
import type { CommitteeSector, Community } from '#community/model.ts';
import { childIndexKey, communityFigureKeys, lastInspectionKey, listingKeys, recordKey, untaggedSurveyId } from '#core/db/keys.ts';
import { surveyId } from '#core/ids.ts';
import { batchGet, queryAll, type StoredItem, type Table } from '#core/db/table.ts';
import { AQT_ELEMENTS, type AqtElement } from '#evidence/model.ts';
import { awaitsRectification, type DangerSeverity, type DangerState, isOverdue } from '#hazard/danger-lifecycle.ts';
import { DEFAULT_FREQUENCIES, type InspectionFrequencies, inspectionDue, RISK_LEVEL_GRADES } from '#hazard/frequency.ts';
import { RISK_LEVELS, type RiskLevel, type UnitGrade } from '#hazard/kinds.ts';
import { isOverdue as isReportOverdue, REPORT_ANSWER_DAYS, type ReportStatus } from '#hazard/report-model.ts';
import { chinaDateOf, daysBetween } from '#core/dates.ts';

/**
 * What the platform knows of a community that bears on its review (suggestions.ts), read in a
 * FIXED number of DynamoDB calls whatever the number of its records:
 *
 *   1 BatchGetItem   the community's figures of this year and the two before, and its snapshot
 *                    (analytics/community-figures.ts); its surveys of this year and last; its
 *                    project child index; its inspection frequencies
 *   12 Query         the archive (gsi2, AVAILABLE evidence only), one per AQ/T element, the
 *                    positions that begin with `<ELEMENT>#`, Select COUNT, Limit 3: "none, 1, 2, 3 or more"
 *
 * and, for the hazards (issue 12), bounded by the one community's register and dangers:
 *
 *   4 Query          its supervised units, hazard sources and hidden dangers (gsi1 listings, all
 *                    pages), and its residents' reports received in the last 12 months
 *   ⌈S/100⌉ BatchGetItem   the last inspection of each subject in the register (S subjects; none without)
 *
 * as `inspectionsDue(communityId)` reads them (never the inspections themselves). The community
 * record itself (committee, launch date) is the caller's: it has read it already to authorize
 * the request.
 */
export type EvidenceCount = 0 | 1 | 2 | 3;

export interface YearIncidents {
  readonly year: number;
  readonly count: number;
  readonly deaths: number;
  readonly injured: number;
}

export interface CommunityFacts {
  readonly communityId: string;
  /** The day the facts were read for, in China (LocalDate). */
  readonly today: string;
  readonly launchedOn?: string;
  /** The promotion committee (安全社区促进委员会), when the community recorded one. */
  readonly committee?: {
    readonly members: number;
    /** Distinct sectors its members come from. */
    readonly sectors: readonly CommitteeSector[];
    readonly workingGroups: number;
    readonly establishedOn?: string;
  };
  /** AVAILABLE evidence per element: 0, 1, 2, or 3 meaning three or more. */
  readonly evidenceByElement: Readonly<Record<AqtElement, EvidenceCount>>;
  readonly projects: {
    /** From the community's project child index. */
    readonly count: number;
    readonly withGoals: number;
    readonly withBudget: number;
    readonly interventions: number;
    readonly interventionsDone: number;
  };
  /** The current month and the eleven before it (by the activity's heldOn). */
  readonly lastTwelveMonths: {
    /** First month of the window, YYYY-MM. */
    readonly since: string;
    readonly activities: number;
    readonly drills: number;
    readonly inspections: number;
  };
  readonly incidents: {
    /** The last full year (today's year − 1) and the year before it; this year so far. */
    readonly lastYear: YearIncidents;
    readonly yearBefore: YearIncidents;
    readonly thisYear: YearIncidents;
  };
  /** The hazard register, inspections and hidden dangers (issue 12: AQ/T 9001 elements 3, 8 and 11). */
  readonly hazards: HazardFacts;
  /** The latest survey of this year or last, if any. */
  readonly survey?: {
    readonly year: number;
    readonly awarenessRate: number;
    readonly participationRate: number;
    readonly satisfactionRate?: number;
    readonly sampleSize: number;
  };
}

export interface HazardFacts {
  /** Hazard sources (危险源) in the register now (not REMOVED), and by risk level. */
  readonly sources: number;
  readonly sourcesByLevel: Readonly<Record<RiskLevel, number>>;
  /** Of them, inspected at least once. */
  readonly sourcesInspected: number;
  /** Subjects of inspection now: supervised units and the sources in the register. */
  readonly subjects: number;
  /** Of them, past their due day today (by their grade's frequency: frequency.ts). */
  readonly subjectsOverdue: number;
  /** Hidden dangers found in the last 12 months (since the first of `lastTwelveMonths.since`), and of them VERIFIED now. */
  readonly dangersFound: number;
  readonly dangersVerified: number;
  /** Awaiting their fix now (OPEN, RECTIFYING), and of them past their deadline day today; the MAJOR among those. */
  readonly dangersAwaiting: number;
  readonly dangersOverdue: number;
  readonly dangersOverdueMajor: number;
  /** Residents' reports (群众举报) received in the last 12 months; of them answered within 7 days; unanswered after 7 days now. */
  readonly reportsReceived: number;
  readonly reportsAnsweredInTime: number;
  readonly reportsOverdue: number;
}

/** A community's supervised units, hazard sources and hidden dangers, as stored. */
type Register = Record<'units' | 'sources' | 'dangers' | 'reports', readonly Record<string, unknown>[]>;

/** Evidence counted per element up to this many. */
export const EVIDENCE_COUNT_CAP = 3;

export class CommunityFactsReader {
  constructor(private readonly table: Table) {}

  /** `today` is a LocalDate in China (`chinaToday()`). */
  async read(community: Pick<Community, 'id' | 'launchedOn' | 'committee'>, today: string): Promise<CommunityFacts> {
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const years = [year, year - 1, year - 2];
    const figureKeys = [...years.map((y) => communityFigureKeys.year(community.id, y)), communityFigureKeys.snapshot(community.id)];
    // This year's survey, else last year's; each under its tagged id or, recorded before ids were tagged, the untagged one.
    const surveyKeys = [year, year - 1].flatMap((y) => [surveyId(community.id, y), untaggedSurveyId(community.id, y)].map((id) => recordKey('SURVEY', id)));
    const projectIndex = childIndexKey('COMMUNITY', community.id, 'PROJECT');
    const since = month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`;
    const frequencyKey = recordKey('INSPECTION_FREQUENCIES', community.id);
    const [items, evidence, register] = await Promise.all([
      batchGet(this.table, [...figureKeys, ...surveyKeys, projectIndex, frequencyKey]),
      this.archiveCounts(community.id),
      this.register(community.id, `${since}-01`),
    ]);
    const byKey = new Map<string, StoredItem>(items.map((item) => [`${item.pk}|${item.sk}`, item]));
    const at = (key: { pk: string; sk: string }) => byKey.get(`${key.pk}|${key.sk}`);
    const hazards = await this.hazards(register, at(frequencyKey), today, `${since}-01`);
    const figures = (period: string) => figuresOfItem(at(figureKey(community.id, period)));
    const [thisYear, lastYear, yearBefore] = years.map((y) => figures(`Y${y}`)) as [Map<string, number>, Map<string, number>, Map<string, number>];
    const snapshot = figures(SNAPSHOT_PERIOD);

    // The window: months 1..month of this year, and month+1..12 of last year.
    const window = (prefix: string) => {
      let total = 0;
      for (let m = 1; m <= 12; m += 1) total += (m <= month ? thisYear : lastYear).get(`${prefix}_m${String(m).padStart(2, '0')}`) ?? 0;
      return total;
    };

    const incidentsOf = (y: number, values: Map<string, number>): YearIncidents => ({
      year: y,
      count: values.get('inc') ?? 0,
      deaths: values.get('inc_d') ?? 0,
      injured: values.get('inc_i') ?? 0,
    });

    const surveyItem = surveyKeys.map(at).find((item) => item !== undefined);
    const projectIds = at(projectIndex)?.ids;
    const committee = community.committee;

    return {
      communityId: community.id,
      today,
      ...(community.launchedOn ? { launchedOn: community.launchedOn } : {}),
      ...(committee
        ? {
            committee: {
              members: committee.members.length,
              sectors: [...new Set(committee.members.map((member) => member.sector))],
              workingGroups: committee.workingGroups?.length ?? 0,
              ...(committee.establishedOn ? { establishedOn: committee.establishedOn } : {}),
            },
          }
        : {}),
      evidenceByElement: evidence,
      projects: {
        count: projectIds instanceof Set ? projectIds.size : 0,
        withGoals: snapshot.get('pj_goals') ?? 0,
        withBudget: snapshot.get('pj_budget') ?? 0,
        interventions: snapshot.get('iv') ?? 0,
        interventionsDone: snapshot.get('iv_done') ?? 0,
      },
      lastTwelveMonths: { since, activities: window('act'), drills: window('drill'), inspections: window('insp') },
      incidents: { thisYear: incidentsOf(year, thisYear), lastYear: incidentsOf(year - 1, lastYear), yearBefore: incidentsOf(year - 2, yearBefore) },
      hazards,
      ...(surveyItem
        ? {
            survey: {
              year: Number(surveyItem.year),
              awarenessRate: Number(surveyItem.awarenessRate),
              participationRate: Number(surveyItem.participationRate),
              ...(typeof surveyItem.satisfactionRate === 'number' ? { satisfactionRate: surveyItem.satisfactionRate } : {}),
              sampleSize: Number(surveyItem.sampleSize),
            },
          }
        : {}),
    };
  }

  /** The community's supervised units, hazard sources and hidden dangers (its three listings, every page). */
  private async register(communityId: string, since: string): Promise<Register> {
    const listing = (partition: string) =>
      queryAll(this.table, { IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'gsi1pk' }, ExpressionAttributeValues: { ':pk': partition } });
    const [units, sources, dangers, reports] = await Promise.all([
      listing(listingKeys.supervisedUnits(communityId)),
      listing(listingKeys.hazardSources(communityId)),
      listing(listingKeys.hiddenDangers(communityId)),
      // Received since the window began: the listing's positions start with the China day received.
      queryAll(this.table, {
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk AND #sk >= :since',
        ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
        ExpressionAttributeValues: { ':pk': listingKeys.residentReports(communityId), ':since': since },
      }),
    ]);
    return { units, sources, dangers, reports };
  }

  /** The register, what is overdue for inspection today (one last-inspection item per subject), and the hidden dangers: see above. */
  private async hazards(
    { units, sources, dangers, reports }: Register,
    setting: StoredItem | undefined,
    today: string,
    since: string,
  ): Promise<HazardFacts> {
    const frequencies = (setting?.frequencies as InspectionFrequencies | undefined) ?? DEFAULT_FREQUENCIES;
    const registered = sources.filter((source) => source.status !== 'REMOVED');
    const subjects: { type: 'SUPERVISED_UNIT' | 'HAZARD_SOURCE'; id: string; grade: UnitGrade; createdAt: string }[] = [
      ...units.filter((unit) => unit.status !== 'REMOVED').map((unit) => ({ type: 'SUPERVISED_UNIT' as const, id: String(unit.id), grade: unit.grade as UnitGrade, createdAt: String(unit.createdAt) })),
      ...registered.map((source) => ({ type: 'HAZARD_SOURCE' as const, id: String(source.id), grade: RISK_LEVEL_GRADES[source.riskLevel as RiskLevel], createdAt: String(source.createdAt) })),
    ];
    const lastItems = subjects.length === 0 ? [] : await batchGet(this.table, subjects.map((subject) => lastInspectionKey(subject.type, subject.id)));
    const lastByPk = new Map(lastItems.map((item) => [String(item.pk), String(item.lastInspectedOn)]));
    let overdue = 0;
    let inspectedSources = 0;
    for (const subject of subjects) {
      const lastInspectedOn = lastByPk.get(lastInspectionKey(subject.type, subject.id).pk) ?? null;
      if (subject.type === 'HAZARD_SOURCE' && lastInspectedOn) inspectedSources += 1;
      const registeredOn = chinaDateOf(subject.createdAt);
      if (inspectionDue({ grade: subject.grade, frequencies, lastInspectedOn, registeredOn }, today).status === 'OVERDUE') overdue += 1;
    }
    const found = dangers.filter((danger) => String(danger.foundOn) >= since);
    const awaiting = dangers.filter((danger) => awaitsRectification(danger.state as DangerState));
    const late = awaiting.filter((danger) => isOverdue({ state: danger.state as DangerState, deadline: String(danger.deadline) }, today));
    return {
      sources: registered.length,
      sourcesByLevel: Object.fromEntries(RISK_LEVELS.map((level) => [level, registered.filter((source) => source.riskLevel === level).length])) as Record<RiskLevel, number>,
      sourcesInspected: inspectedSources,
      subjects: subjects.length,
      subjectsOverdue: overdue,
      dangersFound: found.length,
      dangersVerified: found.filter((danger) => danger.state === 'VERIFIED').length,
      dangersAwaiting: awaiting.length,
      dangersOverdue: late.length,
      dangersOverdueMajor: late.filter((danger) => (danger.severity as DangerSeverity) === 'MAJOR').length,
      reportsReceived: reports.length,
      reportsAnsweredInTime: reports.filter((report) => report.status === 'ANSWERED' && typeof report.answeredOn === 'string' && daysBetween(String(report.receivedOn), report.answeredOn) <= REPORT_ANSWER_DAYS).length,
      reportsOverdue: reports.filter((report) => isReportOverdue({ status: report.status as ReportStatus, receivedOn: String(report.receivedOn) }, today)).length,
    };
  }

  /** One Query per element on the archive, counting at most EVIDENCE_COUNT_CAP. */
  private async archiveCounts(communityId: string): Promise<Record<AqtElement, EvidenceCount>> {
    const counts = await Promise.all(
      AQT_ELEMENTS.map(async (element) => {
        const response = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.name,
            IndexName: 'gsi2',
            // The element's positions, `<ELEMENT>#<uploadedAt>#<id>` (ASCII): BETWEEN is begins_with here, and
            // DynamoDB Local answers it from its index without reading the rest of the partition.
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ExpressionAttributeNames: { '#pk': 'gsi2pk', '#sk': 'gsi2sk' },
            ExpressionAttributeValues: { ':pk': listingKeys.archive(communityId), ':from': `${element}#`, ':to': `${element}#\uffff` },
            Select: 'COUNT',
            Limit: EVIDENCE_COUNT_CAP,
          }),
        );
        return [element, Math.min(EVIDENCE_COUNT_CAP, response.Count ?? 0) as EvidenceCount] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<AqtElement, EvidenceCount>;
  }
}
