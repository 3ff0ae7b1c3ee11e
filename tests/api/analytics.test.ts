import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommunities } from '#scripts/seed/demo-communities.ts';
import { DEMO_INCIDENT_TOTALS, demoCertifications } from '#scripts/seed/demo-records.ts';
import { seedDemoData } from '#scripts/seed/load.ts';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';

/**
 * Incident analytics through both doors, on the demo data (the 牡丹区 incidents loaded through
 * the bulk importer, which maintains the counters): summary with causes, intents and places and
 * the same period a year earlier, the breakdown by child regions, the trend, and who may read
 * which region.
 */
const FIGURES = 'count deaths injured economicLoss';
const CHANGE = 'changePercent { count deaths injured economicLoss }';
const COMPARISON = `current { ${FIGURES} } yearEarlier { ${FIGURES} } ${CHANGE}`;
const SUMMARY = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  incidentSummary(regionCode: $regionCode, period: $period) {
    region { code name level }
    period { label from to yearEarlier { label from to } }
    total { ${COMPARISON} }
    byCause { cause ${COMPARISON} }
    byIntent { intent current { count } }
    byPlace { place current { count } }
  }
}`;
const BREAKDOWN = `query($regionCode: String!, $period: AnalyticsPeriodInput!, $sortBy: IncidentBreakdownSort, $descending: Boolean) {
  incidentRegionBreakdown(regionCode: $regionCode, period: $period, sortBy: $sortBy, descending: $descending) {
    region { code }
    total { current { ${FIGURES} } }
    children { region { code name } ${COMPARISON} }
  }
}`;
const TREND = `query($regionCode: String!, $from: String!, $to: String!, $granularity: TrendGranularity) {
  incidentTrend(regionCode: $regionCode, from: $from, to: $to, granularity: $granularity) { granularity points { period figures { ${FIGURES} } } }
}`;

let app: TestApp;
let admin: string;
let analyst37: string;
let analyst3717: string;
let reviewer21: string;
let nationalReviewer: string;
let editor: string;

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoData(app.table);
  [admin, analyst37, analyst3717, reviewer21, nationalReviewer, editor] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '3717' }),
    app.token({ role: 'REVIEWER', region: '21' }),
    app.token({ role: 'REVIEWER' }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: ['00000000-0000-4000-8000-000000000000'] }),
  ]);
}, 180_000);
afterAll(() => app.close());

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

describe.each([0, 1])('incident analytics through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;

  it('gives 牡丹区 2009 against 2008: accidents −12.1 %, deaths −8.9 %, injuries −14.6 %, losses −10.7 %', async () => {
    const data = ok(await door().execute(SUMMARY, { regionCode: '371702', period: { year: 2009 } }, analyst37));
    const summary = data.incidentSummary;
    const [y2008, y2009] = [DEMO_INCIDENT_TOTALS['371702'][2008], DEMO_INCIDENT_TOTALS['371702'][2009]];
    expect(summary.region).toEqual({ code: '371702', name: '牡丹区', level: 'COUNTY' });
    expect(summary.period).toEqual({ label: '2009', from: '2009-01', to: '2009-12', yearEarlier: { label: '2008', from: '2008-01', to: '2008-12' } });
    expect(summary.total).toEqual({
      current: { count: y2009.accidents, deaths: y2009.deaths, injured: y2009.injured, economicLoss: yuan(y2009.economicLoss) },
      yearEarlier: { count: y2008.accidents, deaths: y2008.deaths, injured: y2008.injured, economicLoss: yuan(y2008.economicLoss) },
      changePercent: { count: -12.1, deaths: -8.9, injured: -14.6, economicLoss: -10.7 },
    });
    // Every cause, intent and place is listed, and each dimension adds up to the total
    const sum = (rows: { current: { count: number } }[]) => rows.reduce((total, row) => total + row.current.count, 0);
    expect(summary.byCause).toHaveLength(13);
    expect(sum(summary.byCause)).toBe(y2009.accidents);
    expect(sum(summary.byIntent)).toBe(y2009.accidents);
    expect(sum(summary.byPlace)).toBe(y2009.accidents);
    expect(summary.byCause.reduce((total: number, row: { yearEarlier: { deaths: number } }) => total + row.yearEarlier.deaths, 0)).toBe(y2008.deaths);
  });

  it('reads a quarter, a month and a range, with the same months a year earlier', async () => {
    const quarters = await Promise.all(
      [1, 2, 3, 4].map(async (quarter) => ok(await door().execute(SUMMARY, { regionCode: '371702', period: { year: 2009, quarter } }, analyst37)).incidentSummary),
    );
    expect(quarters.reduce((total, summary) => total + summary.total.current.count, 0)).toBe(DEMO_INCIDENT_TOTALS['371702'][2009].accidents);
    expect(quarters[1].period).toMatchObject({ label: '2009-Q2', from: '2009-04', to: '2009-06', yearEarlier: { from: '2008-04', to: '2008-06' } });
    const range = ok(await door().execute(SUMMARY, { regionCode: '371702', period: { from: '2008-07', to: '2009-06' } }, analyst37)).incidentSummary;
    const trend = ok(await door().execute(TREND, { regionCode: '371702', from: '2008-07', to: '2009-06' }, analyst37)).incidentTrend;
    expect(trend.points).toHaveLength(12);
    expect(range.total.current.count).toBe(trend.points.reduce((total: number, point: { figures: { count: number } }) => total + point.figures.count, 0));
    const month = ok(await door().execute(SUMMARY, { regionCode: '371702', period: { year: 2009, month: 5 } }, analyst37)).incidentSummary;
    expect(month.total.current.count).toBe(trend.points.find((point: { period: string }) => point.period === '2009-05').figures.count);
  });

  it('gives a yearly trend and a breakdown of a city by its counties, sortable', async () => {
    const trend = ok(await door().execute(TREND, { regionCode: '371702', from: '2007-01', to: '2011-12', granularity: 'YEAR' }, analyst37)).incidentTrend;
    expect(trend.points.map((point: { period: string; figures: { count: number } }) => [point.period, point.figures.count])).toEqual(
      [2007, 2008, 2009, 2010, 2011].map((year) => [String(year), DEMO_INCIDENT_TOTALS['371702'][year as 2007].accidents]),
    );
    const byCount = ok(await door().execute(BREAKDOWN, { regionCode: '3717', period: { year: 2009 } }, analyst37)).incidentRegionBreakdown;
    const counts = byCount.children.map((row: { current: { count: number } }) => row.current.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(byCount.children[0].region).toEqual({ code: '371702', name: '牡丹区' });
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(byCount.total.current.count);
    const byCode = ok(await door().execute(BREAKDOWN, { regionCode: '3717', period: { year: 2009 }, sortBy: 'REGION_CODE', descending: false }, analyst37))
      .incidentRegionBreakdown;
    const codes = byCode.children.map((row: { region: { code: string } }) => row.region.code);
    expect(codes).toEqual([...codes].sort());
    // The former towns now in the development zones (371771, 371772) are their own children of 菏泽市
    expect(byCode.children.find((row: { region: { code: string } }) => row.region.code === '371771').current.count).toBeGreaterThan(0);
  });

  it('bounds every aggregate by the caller region: analyst 37 reads 3717 and 371702, not 21', async () => {
    ok(await door().execute(SUMMARY, { regionCode: '37', period: { year: 2009 } }, analyst37));
    ok(await door().execute(SUMMARY, { regionCode: '3717', period: { year: 2009 } }, analyst37));
    ok(await door().execute(SUMMARY, { regionCode: '371702', period: { year: 2009 } }, analyst37));
    expect(errorCode(await door().execute(SUMMARY, { regionCode: '21', period: { year: 2009 } }, analyst37))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(BREAKDOWN, { regionCode: '2101', period: { year: 2009 } }, analyst37))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(TREND, { regionCode: '21', from: '2009-01', to: '2009-12' }, analyst37))).toBe('FORBIDDEN');
    // A city analyst reads its city, not the province above it
    ok(await door().execute(SUMMARY, { regionCode: '371702', period: { year: 2009 } }, analyst3717));
    expect(errorCode(await door().execute(SUMMARY, { regionCode: '37', period: { year: 2009 } }, analyst3717))).toBe('FORBIDDEN');
    // Reviewers per their region, a national reviewer and admins everywhere, editors never
    expect(errorCode(await door().execute(SUMMARY, { regionCode: '37', period: { year: 2009 } }, reviewer21))).toBe('FORBIDDEN');
    ok(await door().execute(SUMMARY, { regionCode: '21', period: { year: 2009 } }, reviewer21));
    ok(await door().execute(SUMMARY, { regionCode: '37', period: { year: 2009 } }, nationalReviewer));
    ok(await door().execute(SUMMARY, { regionCode: '21', period: { year: 2009 } }, admin));
    expect(errorCode(await door().execute(SUMMARY, { regionCode: '371702', period: { year: 2009 } }, editor))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(SUMMARY, { regionCode: '371702', period: { year: 2009 } }))).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown regions and malformed periods with the field named', async () => {
    const fieldOf = (response: GraphQLResponse) => [errorCode(response), response.body.errors?.[0]?.extensions?.field];
    expect(fieldOf(await door().execute(SUMMARY, { regionCode: '99', period: { year: 2009 } }, admin))).toEqual(['BAD_USER_INPUT', 'regionCode']);
    expect(fieldOf(await door().execute(SUMMARY, { regionCode: '37', period: {} }, admin))).toEqual(['BAD_USER_INPUT', 'period.year']);
    expect(fieldOf(await door().execute(SUMMARY, { regionCode: '37', period: { year: 2009, quarter: 5 } }, admin))).toEqual(['BAD_USER_INPUT', 'period.quarter']);
    expect(fieldOf(await door().execute(SUMMARY, { regionCode: '37', period: { year: 2009, from: '2009-01', to: '2009-02' } }, admin))).toEqual(['BAD_USER_INPUT', 'period']);
    expect(fieldOf(await door().execute(SUMMARY, { regionCode: '37', period: { from: '2009-05', to: '2009-01' } }, admin))).toEqual(['BAD_USER_INPUT', 'period.to']);
    expect(fieldOf(await door().execute(TREND, { regionCode: '37', from: '1990-01', to: '2009-12' }, admin))).toEqual(['BAD_USER_INPUT', 'to']);
  });
});

describe('creation analytics on the demo data', () => {
  const CREATION = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
    creationSummary(regionCode: $regionCode, period: $period) {
      communities { total byStage { stage count } }
      certifications { level designations reDesignations }
    }
  }`;

  it('counts the designations the briefings name, per level and year, and the communities of 牡丹区 by stage', async () => {
    const regionOf = new Map(demoCommunities.map((demo) => [demo.key, demo.input.regionCode]));
    const expected = (level: string, year: number) =>
      demoCertifications.filter(
        (certification) =>
          regionOf.get(certification.communityKey)?.startsWith('3717') &&
          certification.application.level === level &&
          certification.decision?.decision === 'DESIGNATED' &&
          certification.decision.designatedOn?.startsWith(String(year)),
      ).length;
    const y2009 = ok(await app.doors[0]!.execute(CREATION, { regionCode: '3717', period: { year: 2009 } }, analyst37)).creationSummary;
    const national = y2009.certifications.find((row: { level: string }) => row.level === 'NATIONAL');
    expect(expected('NATIONAL', 2009)).toBeGreaterThan(0);
    expect(national.designations + national.reDesignations).toBe(expected('NATIONAL', 2009));
    const stages = demoCommunities.filter((demo) => demo.input.regionCode.startsWith('3717'));
    expect(y2009.communities.total).toBe(stages.length);
    const designatedNow = stages.filter((demo) => demo.stageHistory.at(-1)?.stage === 'DESIGNATED').length;
    expect(y2009.communities.byStage.find((row: { stage: string }) => row.stage === 'DESIGNATED').count).toBe(designatedNow);
  });

  it('gives 牡丹区 a rate per 10,000 on the population the district recorded for itself and its towns', async () => {
    const RATES = `query { incidentSummary(regionCode: "371702", period: { year: 2009 }) { population { communities communitiesWithPopulation population } ratesPer10000 { count deaths injured } } }`;
    const summary = ok(await app.doors[0]!.execute(RATES, {}, analyst37)).incidentSummary;
    const under = demoCommunities.filter((demo) => demo.input.regionCode.startsWith('371702'));
    expect(summary.population).toEqual({ communities: under.length, communitiesWithPopulation: 1, population: 1_070_000 });
    const y2009 = DEMO_INCIDENT_TOTALS['371702'][2009];
    const rate = (value: number) => Math.round((value / 1_070_000) * 10_000 * 100) / 100;
    expect(summary.ratesPer10000).toEqual({ count: rate(y2009.accidents), deaths: rate(y2009.deaths), injured: rate(y2009.injured) });
    expect(summary.ratesPer10000.count).toBe(2.71);
  });

  it('has counters equal to a recount of every record the seed wrote, in every province it touches', async () => {
    const RECOMPUTE = `mutation($regionCode: String!) { recomputeAggregates(regionCode: $regionCode) { incidents creationRecords differences { family regionCode period attribute } } }`;
    for (const province of ['37', '21', '44']) {
      const report = ok(await app.doors[1]!.execute(RECOMPUTE, { regionCode: province }, admin)).recomputeAggregates;
      expect(report.differences, province).toEqual([]);
      expect(report.creationRecords, province).toBeGreaterThan(0);
    }
  });
});
