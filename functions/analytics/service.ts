import { authorizeAggregateMaintenance, authorizeAggregateRead } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { AnalyticsRepository, CounterItem as StoredItem } from './repository.ts';
import { BadUserInputError } from '#core/errors.ts';
import { childRegions, findRegion, type Region } from '#region/region-table.ts';
import { COUNTER_PK_PREFIX, counterKeys } from './counters.ts';
import { CREATION_PK_PREFIX, SNAPSHOT } from './creation-counters.ts';
import {
  activityFigures,
  certificationFigures,
  type CertificationLevelFigures,
  communityFigures,
  type CreationRegionFigures,
  creationRegionFigures,
  type PopulationBase,
  populationOf,
  projectFigures,
  ratesPer10000,
  surveyFigures,
  hazardSourceFigures,
  type HazardSourceFigures,
  type HazardFigures,
  hazardFigures,
  hiddenDangerFigures,
  type HiddenDangerFigures,
  inspectionFigures,
  type InspectionFigures,
  type OverdueDangers,
  residentReportFigures,
  type ResidentReportFigures,
} from './creation-figures.ts';
import { addDays } from '#core/dates.ts';
import { chinaToday } from '#core/taxonomy.ts';
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
import type { RecomputeReport } from './recompute.ts';
import { type ReviewFigures, reviewFigures } from './review-figures.ts';

export interface PeriodModel extends Period {
  readonly yearEarlier: Period | null;
}

type Rates = ReturnType<typeof ratesPer10000>;

export interface IncidentSummaryModel {
  readonly region: Region;
  readonly period: PeriodModel;
  readonly total: IncidentComparison;
  readonly population: PopulationBase;
  readonly ratesPer10000: Rates;
  readonly byCause: (IncidentComparison & { cause: (typeof DIMENSIONS.cause)[number] })[];
  readonly byIntent: (IncidentComparison & { intent: (typeof DIMENSIONS.intent)[number] })[];
  readonly byPlace: (IncidentComparison & { place: (typeof DIMENSIONS.place)[number] })[];
}

export type BreakdownSort = 'REGION_CODE' | 'COUNT' | 'DEATHS' | 'INJURED' | 'ECONOMIC_LOSS' | 'COUNT_CHANGE';

type IncidentRegionLine = IncidentComparison & { region: Region; population: PopulationBase; ratesPer10000: Rates };

export interface IncidentRegionBreakdownModel {
  readonly region: Region;
  readonly period: PeriodModel;
  readonly total: IncidentComparison;
  readonly population: PopulationBase;
  readonly ratesPer10000: Rates;
  readonly children: IncidentRegionLine[];
}

export interface CreationSummaryModel {
  readonly region: Region;
  readonly period: PeriodModel;
  readonly communities: ReturnType<typeof communityFigures>;
  readonly certifications: CertificationLevelFigures[];
  readonly projects: ReturnType<typeof projectFigures>;
  readonly activities: ReturnType<typeof activityFigures>;
  readonly surveys: ReturnType<typeof surveyFigures>;
  /** The designation review: applications in the chain (now), scores and weakest elements (in the period). */
  readonly review: ReviewFigures;
  /** The hazard register now, whatever the period. */
  readonly hazardSources: HazardSourceFigures;
  /** Inspections of the period; hidden dangers of the period and now (overdue read at query time); residents' reports. */
  readonly inspections: InspectionFigures;
  readonly hiddenDangers: HiddenDangerFigures;
  readonly residentReports: ResidentReportFigures;
}

export interface CreationRegionBreakdownModel {
  readonly region: Region;
  readonly period: PeriodModel;
  readonly total: CreationRegionFigures & HazardFigures & { region: Region };
  readonly children: (CreationRegionFigures & HazardFigures & { region: Region })[];
}

export interface DesignationTrendModel {
  readonly region: Region;
  readonly years: { year: number; byLevel: CertificationLevelFigures[] }[];
}

/** At most this many years in a designation trend. */
export const MAX_TREND_YEARS = 30;

export interface IncidentTrendModel {
  readonly region: Region;
  readonly granularity: 'MONTH' | 'YEAR';
  readonly points: { period: string; figures: IncidentFigures }[];
}

/**
 * Analytics for one request: the policy bounds the region, then counter items are read by key
 * (BatchGetItem, one round per query): no Scan, and no Query over records but the one below. With S
 * shards (COUNTER_SHARDS), an incident summary reads ((period items) × 2 + 1) × S keys, the 1
 * being the population snapshot (a year: 24); a breakdown that times (children + 1); a trend
 * (points' items) × S; a creation summary (period items + snapshot + survey years) × S, less
 * the keys two reads share. The one Query: a creation summary or breakdown counts the hidden
 * dangers overdue today from the province's sparse listing of dangers awaiting their fix
 * (deadline before today), bounded by what is open and late there, never by the region's size.
 */
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly principal: Principal | null,
    private readonly origin: WriteOrigin,
  ) {}

  async incidentSummary(regionCode: string, periodInput: unknown): Promise<IncidentSummaryModel> {
    const region = this.readableRegion(regionCode);
    const period = parsePeriod(periodInput);
    const earlier = yearEarlier(period);
    const [current, previous, snapshot] = await this.itemsOf([region.code], [incidents(period), incidents(earlier), creation(SNAPSHOT)]);
    const currentItems = current?.get(region.code) ?? [];
    const previousItems = previous?.get(region.code) ?? [];
    const of = (dimension: string) => compare(figuresOf(currentItems, dimension), figuresOf(previousItems, dimension));
    const population = populationOf(snapshot?.get(region.code) ?? []);
    const total = of('total');
    return {
      region,
      period: { ...period, yearEarlier: earlier },
      total,
      population,
      ratesPer10000: ratesPer10000(total.current, population),
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
    const codes = [region.code, ...children.map((child) => child.code)];
    const [current, previous, snapshot] = await this.itemsOf(codes, [incidents(period), incidents(earlier), creation(SNAPSHOT)]);
    const comparisonOf = (code: string) => compare(figuresOf(current?.get(code) ?? [], 'total'), figuresOf(previous?.get(code) ?? [], 'total'));
    const lineOf = (line: Region) => {
      const comparison = comparisonOf(line.code);
      const population = populationOf(snapshot?.get(line.code) ?? []);
      return { region: line, ...comparison, population, ratesPer10000: ratesPer10000(comparison.current, population) };
    };
    const rows = children.map(lineOf);
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
    const { region: _self, population, ratesPer10000: rates, ...total } = lineOf(region);
    return { region, period: { ...period, yearEarlier: earlier }, total, population, ratesPer10000: rates, children: rows };
  }

  async creationSummary(regionCode: string, periodInput: unknown): Promise<CreationSummaryModel> {
    const region = this.readableRegion(regionCode);
    const period = parsePeriod(periodInput);
    const years = yearsOf(period);
    const [[inPeriod, snapshot, surveyYears], overdue] = await Promise.all([
      this.itemsOf([region.code], [creation(period), creation(SNAPSHOT), creation(yearsPeriod(years))]),
      this.overdueByRegion(region.code, [region.code]),
    ]);
    const periodItems = inPeriod?.get(region.code) ?? [];
    const snapshotItems = snapshot?.get(region.code) ?? [];
    return {
      region,
      period: { ...period, yearEarlier: null },
      communities: communityFigures(snapshotItems),
      certifications: certificationFigures(periodItems),
      projects: projectFigures(snapshotItems, periodItems),
      activities: activityFigures(periodItems),
      surveys: surveyFigures(years, surveyYears?.get(region.code) ?? []),
      review: reviewFigures(snapshotItems, periodItems),
      hazardSources: hazardSourceFigures(snapshotItems),
      inspections: inspectionFigures(periodItems),
      hiddenDangers: hiddenDangerFigures(snapshotItems, periodItems, overdue.get(region.code) ?? NONE_OVERDUE),
      residentReports: residentReportFigures(snapshotItems, periodItems),
    };
  }

  async creationRegionBreakdown(regionCode: string, periodInput: unknown): Promise<CreationRegionBreakdownModel> {
    const region = this.readableRegion(regionCode);
    const period = parsePeriod(periodInput);
    const children = childRegions(region.code);
    const codes = [region.code, ...children.map((child) => child.code)];
    const [[inPeriod, snapshot, surveyYears], overdue] = await Promise.all([
      this.itemsOf(codes, [creation(period), creation(SNAPSHOT), creation(yearsPeriod(yearsOf(period)))]),
      this.overdueByRegion(region.code, codes),
    ]);
    const lineOf = (line: Region) => ({
      region: line,
      ...creationRegionFigures(snapshot?.get(line.code) ?? [], inPeriod?.get(line.code) ?? [], surveyYears?.get(line.code) ?? []),
      ...hazardFigures(snapshot?.get(line.code) ?? [], inPeriod?.get(line.code) ?? [], overdue.get(line.code) ?? NONE_OVERDUE),
    });
    return { region, period: { ...period, yearEarlier: null }, total: lineOf(region), children: children.map(lineOf) };
  }

  async designationTrend(regionCode: string, fromYear: number, toYear: number): Promise<DesignationTrendModel> {
    const region = this.readableRegion(regionCode);
    if (!Number.isInteger(fromYear) || fromYear < 1980 || fromYear > 2199) throw BadUserInputError.field('fromYear', 'must be a year from 1980 to 2199');
    if (!Number.isInteger(toYear) || toYear < fromYear) throw BadUserInputError.field('toYear', 'must be a year, not before fromYear');
    if (toYear - fromYear + 1 > MAX_TREND_YEARS) throw BadUserInputError.field('toYear', `a trend is at most ${MAX_TREND_YEARS} years`);
    const years = Array.from({ length: toYear - fromYear + 1 }, (_, index) => fromYear + index);
    const items = await this.itemsOf([region.code], years.map((year) => creation(yearsPeriod([year]))));
    return { region, years: years.map((year, index) => ({ year, byLevel: certificationFigures(items[index]?.get(region.code) ?? []) })) };
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
    const items = await this.itemsOf([region.code], periods.map(incidents));
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
    return this.repository.recompute(region.code, this.origin);
  }

  /**
   * Hidden dangers overdue today under `regionCode`, counted for each of `codes` (the region and
   * its children) by prefix: one read of the province's listing of dangers awaiting their fix
   * with a deadline before today, bounded by what is open and late.
   */
  private async overdueByRegion(regionCode: string, codes: readonly string[]): Promise<Map<string, OverdueDangers>> {
    const dangers = await this.repository.overdueDangers(regionCode, addDays(chinaToday(), -1));
    return new Map(
      codes.map((code) => {
        const under = dangers.filter((danger) => danger.regionCode.startsWith(code));
        return [code, { overdue: under.length, overdueMajor: under.filter((danger) => danger.severity === 'MAJOR').length }];
      }),
    );
  }

  /** The region, when it exists and the caller may read its aggregates. */
  private readableRegion(regionCode: string): Region {
    const region = findRegion(regionCode);
    if (!region) throw BadUserInputError.field('regionCode', `${regionCode} is not a division code (GB/T 2260)`);
    authorizeAggregateRead(this.principal, region.code);
    return region;
  }

  /**
   * The counter items of regions × reads (a family and a period each) in one BatchGetItem round:
   * the keys of all reads together, each once (a year's survey items are the year's period items),
   * in chunks of 100 sent in parallel. For each read, the items found per region code; missing
   * items count as zero.
   */
  private async itemsOf(regionCodes: readonly string[], reads: readonly CounterRead[]): Promise<Map<string, StoredItem[]>[]> {
    const keysOf = (code: string, read: CounterRead) =>
      (read.period === SNAPSHOT ? [SNAPSHOT] : periodKeys(read.period)).flatMap((period) => counterKeys(code, period, read.prefix));
    const keys = new Map(regionCodes.flatMap((code) => reads.flatMap((read) => keysOf(code, read))).map((key) => [`${key.pk}|${key.sk}`, key]));
    const unique = [...keys.values()];
    const found = new Map((await this.repository.counterItems(unique)).map((item) => [`${item.pk}|${item.sk}`, item]));
    return reads.map((read) => {
      const byRegion = new Map<string, StoredItem[]>();
      for (const code of regionCodes) {
        byRegion.set(code, keysOf(code, read).map((key) => found.get(`${key.pk}|${key.sk}`)).filter((item): item is StoredItem => item !== undefined));
      }
      return byRegion;
    });
  }
}

/** What one read of counter items is: a family (its key prefix) and a period, or the snapshot. */
interface CounterRead {
  readonly prefix: string;
  readonly period: Period | typeof SNAPSHOT;
}

const NONE_OVERDUE: OverdueDangers = { overdue: 0, overdueMajor: 0 };

const incidents = (period: Period): CounterRead => ({ prefix: COUNTER_PK_PREFIX, period });
const creation = (period: Period | typeof SNAPSHOT): CounterRead => ({ prefix: CREATION_PK_PREFIX, period });

/** The calendar years a period touches. */
function yearsOf(period: Period): number[] {
  const years: number[] = [];
  for (let year = Number(period.from.slice(0, 4)); year <= Number(period.to.slice(0, 4)); year += 1) years.push(year);
  return years;
}

/** Whole calendar years as a period (their Y items). */
function yearsPeriod(years: readonly number[]): Period {
  const first = years[0] ?? 1980;
  const last = years.at(-1) ?? first;
  return { label: first === last ? String(first) : `${first}..${last}`, from: `${first}-01`, to: `${last}-12` };
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
