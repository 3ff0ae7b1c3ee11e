import { authorizeAggregateMaintenance, authorizeAggregateRead } from '../core/auth/policy.ts';
import type { Principal } from '../core/auth/principal.ts';
import { batchGet, type StoredItem, type Table } from '../core/db/table.ts';
import { BadUserInputError } from '../core/errors.ts';
import { childRegions, findRegion, type Region } from '../region/region-table.ts';
import { counterKeys } from './counters.ts';
import {
  compare,
  DIMENSIONS,
  figuresOf,
  type IncidentComparison,
  type IncidentFigures,
  monthRange,
  monthsBetween,
  parsePeriod,
  type Period,
  periodKeys,
  yearEarlier,
} from './model.ts';
import { type RecomputeReport, recomputeIncidentCounters } from './recompute.ts';

export interface PeriodModel extends Period {
  readonly yearEarlier: Period | null;
}

export interface IncidentSummaryModel {
  readonly region: Region;
  readonly period: PeriodModel;
  readonly total: IncidentComparison;
  readonly byCause: (IncidentComparison & { cause: (typeof DIMENSIONS.cause)[number] })[];
  readonly byIntent: (IncidentComparison & { intent: (typeof DIMENSIONS.intent)[number] })[];
  readonly byPlace: (IncidentComparison & { place: (typeof DIMENSIONS.place)[number] })[];
}

export type BreakdownSort = 'REGION_CODE' | 'COUNT' | 'DEATHS' | 'INJURED' | 'ECONOMIC_LOSS' | 'COUNT_CHANGE';

export interface IncidentRegionBreakdownModel {
  readonly region: Region;
  readonly period: PeriodModel;
  readonly total: IncidentComparison;
  readonly children: (IncidentComparison & { region: Region })[];
}

export interface IncidentTrendModel {
  readonly region: Region;
  readonly granularity: 'MONTH' | 'YEAR';
  readonly points: { period: string; figures: IncidentFigures }[];
}

/**
 * Analytics for one request: the policy bounds the region, then counter items are read by key
 * (BatchGetItem): no Scan and no Query over incident records on this path. With S shards
 * (COUNTER_SHARDS), a summary reads (period items) × 2 × S keys (a year: 16); a breakdown
 * (children + 1) × (period items) × 2 × S; a trend (points' items) × S.
 */
export class AnalyticsService {
  constructor(
    private readonly table: Table,
    private readonly principal: Principal | null,
  ) {}

  async incidentSummary(regionCode: string, periodInput: unknown): Promise<IncidentSummaryModel> {
    const region = this.readableRegion(regionCode);
    const period = parsePeriod(periodInput);
    const earlier = yearEarlier(period);
    const [current, previous] = await this.itemsOf([region.code], [period, earlier]);
    const currentItems = current?.get(region.code) ?? [];
    const previousItems = previous?.get(region.code) ?? [];
    const of = (dimension: string) => compare(figuresOf(currentItems, dimension), figuresOf(previousItems, dimension));
    return {
      region,
      period: { ...period, yearEarlier: earlier },
      total: of('total'),
      byCause: DIMENSIONS.cause.map((cause) => ({ cause, ...of(`cause_${cause}`) })),
      byIntent: DIMENSIONS.intent.map((intent) => ({ intent, ...of(`intent_${intent}`) })),
      byPlace: DIMENSIONS.place.map((place) => ({ place, ...of(`place_${place}`) })),
    };
  }

  async incidentRegionBreakdown(regionCode: string, periodInput: unknown, sortBy: BreakdownSort, descending: boolean): Promise<IncidentRegionBreakdownModel> {
    const region = this.readableRegion(regionCode);
    const period = parsePeriod(periodInput);
    const earlier = yearEarlier(period);
    const children = childRegions(region.code);
    const [current, previous] = await this.itemsOf([region.code, ...children.map((child) => child.code)], [period, earlier]);
    const comparisonOf = (code: string) => compare(figuresOf(current?.get(code) ?? [], 'total'), figuresOf(previous?.get(code) ?? [], 'total'));
    const rows = children.map((child) => ({ region: child, ...comparisonOf(child.code) }));
    rows.sort((a, b) => {
      if (sortBy === 'COUNT_CHANGE') {
        // Without an earlier count there is no change: such regions sort last in either direction.
        if (a.changePercent.count === null && b.changePercent.count !== null) return 1;
        if (b.changePercent.count === null && a.changePercent.count !== null) return -1;
      }
      const order = compareRows(a, b, sortBy);
      // Ties fall back to code order, which is stable across calls.
      return (descending ? -order : order) || a.region.code.localeCompare(b.region.code);
    });
    return { region, period: { ...period, yearEarlier: earlier }, total: comparisonOf(region.code), children: rows };
  }

  async incidentTrend(regionCode: string, from: string, to: string, granularity: 'MONTH' | 'YEAR'): Promise<IncidentTrendModel> {
    const region = this.readableRegion(regionCode);
    const range = monthRange(from, to);
    const labels =
      granularity === 'MONTH'
        ? monthsBetween(range.from, range.to)
        : [...new Set(monthsBetween(range.from, range.to).map((month) => month.slice(0, 4)))];
    // A YEAR point over a partial first or last year sums only the months of the range.
    const periods: Period[] =
      granularity === 'MONTH'
        ? labels.map((month) => ({ label: month, from: month, to: month }))
        : labels.map((year) => ({
            label: year,
            from: range.from > `${year}-01` ? range.from : `${year}-01`,
            to: range.to < `${year}-12` ? range.to : `${year}-12`,
          }));
    const items = await this.itemsOf([region.code], periods);
    return {
      region,
      granularity,
      points: periods.map((period, index) => ({ period: period.label, figures: figuresOf(items[index]?.get(region.code) ?? [], 'total') })),
    };
  }

  recompute(regionCode: string): Promise<RecomputeReport> {
    authorizeAggregateMaintenance(this.principal);
    const region = findRegion(regionCode);
    if (!region) throw BadUserInputError.field('regionCode', `${regionCode} is not a division code (GB/T 2260)`);
    return recomputeIncidentCounters(this.table, region.code);
  }

  /** The region, when it exists and the caller may read its aggregates. */
  private readableRegion(regionCode: string): Region {
    const region = findRegion(regionCode);
    if (!region) throw BadUserInputError.field('regionCode', `${regionCode} is not a division code (GB/T 2260)`);
    authorizeAggregateRead(this.principal, region.code);
    return region;
  }

  /**
   * The counter items of regions × periods in one BatchGetItem round (chunks of 100): for each
   * period, the items found per region code (missing items count as zero).
   */
  private async itemsOf(regionCodes: readonly string[], periods: readonly Period[]): Promise<Map<string, StoredItem[]>[]> {
    const sortKeys = periods.map(periodKeys);
    const keys = regionCodes.flatMap((code) => [...new Set(sortKeys.flat())].flatMap((period) => counterKeys(code, period)));
    // Chunks of 100 keys in parallel: a quarter's breakdown of a province is a few hundred keys.
    const chunks: (typeof keys)[] = [];
    for (let start = 0; start < keys.length; start += 100) chunks.push(keys.slice(start, start + 100));
    const found = new Map((await Promise.all(chunks.map((chunk) => batchGet(this.table, chunk)))).flat().map((item) => [`${item.pk}|${item.sk}`, item]));
    return sortKeys.map((periodSortKeys) => {
      const byRegion = new Map<string, StoredItem[]>();
      for (const code of regionCodes) {
        const items = periodSortKeys
          .flatMap((period) => counterKeys(code, period))
          .map((key) => found.get(`${key.pk}|${key.sk}`))
          .filter((item): item is StoredItem => item !== undefined);
        byRegion.set(code, items);
      }
      return byRegion;
    });
  }
}

function compareRows(a: IncidentComparison & { region: Region }, b: IncidentComparison & { region: Region }, sortBy: BreakdownSort): number {
  switch (sortBy) {
    case 'REGION_CODE':
      return a.region.code.localeCompare(b.region.code);
    case 'COUNT':
      return a.current.count - b.current.count;
    case 'DEATHS':
      return a.current.deaths - b.current.deaths;
    case 'INJURED':
      return a.current.injured - b.current.injured;
    case 'ECONOMIC_LOSS':
      return a.current.economicLoss - b.current.economicLoss;
    case 'COUNT_CHANGE':
      return (a.changePercent.count ?? 0) - (b.changePercent.count ?? 0);
  }
}
