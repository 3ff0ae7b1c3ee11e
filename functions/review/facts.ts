import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { figureKey, figuresOfItem, SNAPSHOT_PERIOD } from '#analytics/community-figures.ts';
import type { CommitteeSector, Community } from '#community/model.ts';
import { childIndexKey, communityFigureKeys, listingKeys, recordKey, surveyId } from '#core/db/keys.ts';
import { batchGet, type StoredItem, type Table } from '#core/db/table.ts';
import { AQT_ELEMENTS, type AqtElement } from '#evidence/model.ts';

/**
 * What the platform knows of a community that bears on its review (suggestions.ts), read in a
 * FIXED number of DynamoDB calls whatever the number of its records:
 *
 *   1 BatchGetItem   the community's figures of this year and the two before, and its snapshot
 *                    (analytics/community-figures.ts); its surveys of this year and last; its
 *                    project child index
 *   12 Query         the archive (gsi2, AVAILABLE evidence only), one per AQ/T element, the
 *                    positions that begin with `<ELEMENT>#`, Select COUNT, Limit 3: "none, 1, 2, 3 or more"
 *
 * The community record itself (committee, launch date) is the caller's: it has read it already
 * to authorize the request. Nothing here reads a record list.
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
  /** The latest survey of this year or last, if any. */
  readonly survey?: {
    readonly year: number;
    readonly awarenessRate: number;
    readonly participationRate: number;
    readonly satisfactionRate?: number;
    readonly sampleSize: number;
  };
}

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
    const surveyKeys = [year, year - 1].map((y) => recordKey('SURVEY', surveyId(community.id, y)));
    const projectIndex = childIndexKey('COMMUNITY', community.id, 'PROJECT');
    const [items, evidence] = await Promise.all([batchGet(this.table, [...figureKeys, ...surveyKeys, projectIndex]), this.archiveCounts(community.id)]);
    const byKey = new Map<string, StoredItem>(items.map((item) => [`${item.pk}|${item.sk}`, item]));
    const at = (key: { pk: string; sk: string }) => byKey.get(`${key.pk}|${key.sk}`);
    const figures = (period: string) => figuresOfItem(at(figureKey(community.id, period)));
    const [thisYear, lastYear, yearBefore] = years.map((y) => figures(`Y${y}`)) as [Map<string, number>, Map<string, number>, Map<string, number>];
    const snapshot = figures(SNAPSHOT_PERIOD);

    // The window: months 1..month of this year, and month+1..12 of last year.
    const window = (prefix: string) => {
      let total = 0;
      for (let m = 1; m <= 12; m += 1) total += (m <= month ? thisYear : lastYear).get(`${prefix}_m${String(m).padStart(2, '0')}`) ?? 0;
      return total;
    };
    const since = month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`;

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
