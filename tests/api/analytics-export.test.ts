import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';
import { downloadExport, exportTable } from '#tests/support/export-file.ts';

/**
 * The CSV export through both doors: an analyst of 37 gets a short-lived link to a file in the
 * bucket under exports/, the file (fetched from s3rver as a browser would) is UTF-8 with a BOM and
 * CRLF, and its rows carry the Chinese names and the very figures the analytics queries give. A
 * caller outside the region, or a malformed input, is refused before any object is written, and
 * the evidence processor leaves export objects alone.
 */
const EXPORT = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  aggregateExport(regionCode: $regionCode, period: $period) { fileName url expiresAt bytes }
}`;
const FIGURES = 'count deaths injured economicLoss';
const COMPARISON = `current { ${FIGURES} } yearEarlier { ${FIGURES} } changePercent { ${FIGURES} }`;
const BREAKDOWN = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  incidentRegionBreakdown(regionCode: $regionCode, period: $period, sortBy: REGION_CODE, descending: false) {
    region { code name } total { ${COMPARISON} } children { region { code name } ${COMPARISON} population { communities communitiesWithPopulation population } ratesPer10000 { count deaths injured } }
  }
}`;
const CREATION = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  creationRegionBreakdown(regionCode: $regionCode, period: $period) { children { region { code name } communities designated communitiesWithPopulation population } }
  creationSummary(regionCode: $regionCode, period: $period) { communities { total byStage { stage count } } }
}`;
const SUMMARY = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  incidentSummary(regionCode: $regionCode, period: $period) { byCause { cause ${COMPARISON} } byPlace { place ${COMPARISON} } }
}`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`;
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created } }`;

let app: TestApp;
let admin: string;
let analyst37: string;
let analyst21: string;
let editor: string;

/** Communities in two cities of 山东 (菏泽: 牡丹区 and a development zone; 济南), with incidents in 2008 and 2009. */
const COMMUNITIES = [
  ['导出西城社区', '371702002', 9, 11],
  ['导出吴店社区', '371702101', 6, 5],
  ['导出岳程社区', '371771002', 4, 0],
  ['导出解放路社区', '370102001', 3, 4],
] as const;

beforeAll(async () => {
  app = await createTestApp();
  [admin, analyst37, analyst21] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
  ]);
  const causes = ['FALL', 'ROAD_TRAFFIC', 'ANIMAL_BITE', 'POISONING', 'MACHINERY'];
  const places = ['HOME', 'ROAD', 'FARMLAND', 'PUBLIC_PLACE'];
  const communityIds: string[] = [];
  for (const [name, regionCode, in2009, in2008] of COMMUNITIES) {
    const communityId = ok(await app.doors[1]!.execute(CREATE_COMMUNITY, { input: { name, kind: 'STREET', regionCode } }, admin)).createCommunity.id as string;
    communityIds.push(communityId);
    const records = [...Array.from({ length: in2009 }, () => 2009), ...Array.from({ length: in2008 }, () => 2008)].map((year, n) => {
      const deaths = n % 7 === 3 ? 1 : 0;
      return {
        externalId: `export-${regionCode}-${n}`,
        occurredAt: `${year}-${String((n % 12) + 1).padStart(2, '0')}-15T10:00:00+08:00`,
        cause: causes[n % causes.length],
        intent: n % 9 === 4 ? 'ASSAULT' : 'UNINTENTIONAL',
        place: places[n % places.length],
        activity: 'LEISURE',
        severity: deaths ? 'FATAL' : 'MINOR',
        deaths,
        injured: 1 + (n % 3),
        economicLoss: `${1000 + n * 37}.${String((n * 13) % 100).padStart(2, '0')}`,
      };
    });
    expect(ok(await app.doors[1]!.execute(IMPORT, { communityId, records }, admin)).importIncidents).toEqual({ outcome: 'COMPLETED', created: records.length });
  }
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [communityIds[0]!] });
});
afterAll(() => app.close());

async function exportKeys(): Promise<string[]> {
  const listing = await app.s3.send(new ListObjectsV2Command({ Bucket: app.bucket, Prefix: 'exports/' }));
  return (listing.Contents ?? []).map((object) => object.Key ?? '');
}

interface Comparison {
  current: Record<string, number | string>;
  yearEarlier: Record<string, number | string>;
  changePercent: Record<string, number | null>;
}

/** The twelve figure cells of a row as the query gives them: counts, yuan with two decimals, change % or empty. */
function cellsOf({ current, yearEarlier, changePercent }: Comparison): string[] {
  const metrics = ['count', 'deaths', 'injured', 'economicLoss'];
  return [...metrics.map((m) => String(current[m])), ...metrics.map((m) => String(yearEarlier[m])), ...metrics.map((m) => (changePercent[m] === null ? '' : String(changePercent[m])))];
}

describe.each([0, 1])('aggregate export through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;

  it('gives an analyst of 37 a 5-minute link to a CSV with the BOM, CRLF, Chinese names and the queries\' figures', async () => {
    // Act
    const requestedAt = Date.now();
    const exported = ok(await door().execute(EXPORT, { regionCode: '37', period: { year: 2009 } }, analyst37)).aggregateExport;
    const file = await downloadExport(exported.url);
    const breakdown = ok(await door().execute(BREAKDOWN, { regionCode: '37', period: { year: 2009 } }, analyst37)).incidentRegionBreakdown;
    const summary = ok(await door().execute(SUMMARY, { regionCode: '37', period: { year: 2009 } }, analyst37)).incidentSummary;

    // Assess: the link and the object
    expect(exported.fileName).toBe('safe-community-aggregates-37-2009.csv');
    expect(new URL(exported.url).pathname).toMatch(new RegExp(`^/${app.bucket}/exports/[0-9a-f-]{36}/safe-community-aggregates-37-2009\\.csv$`));
    expect(new URL(exported.url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(Date.parse(exported.expiresAt) - requestedAt).toBeGreaterThan(290_000);
    expect(Date.parse(exported.expiresAt) - requestedAt).toBeLessThanOrEqual(305_000);
    expect(exported.bytes).toBe(file.bytes.length);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toContain('filename="safe-community-aggregates-37-2009.csv"');

    // Assess: the encoding a spreadsheet needs
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.bytes.toString('utf8');
    expect(text).toContain('\r\n');
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);

    // Assess: the heading block
    const heading = file.tables[0]!;
    expect(heading.title).toBe('安全社区 统计导出 / Safe Community aggregates');
    const headingRows = Object.fromEntries([heading.header, ...heading.rows].map(([label, value]) => [label, value]));
    expect(headingRows['地区代码 Region code']).toBe('37');
    expect(headingRows['地区 Region']).toBe('山东省');
    expect(headingRows['统计期间 Period']).toBe('2009 (2009-01..2009-12)');
    expect(headingRows['上年同期 Year earlier']).toBe('2008 (2008-01..2008-12)');
    expect(headingRows['生成时间 Generated at']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(北京时间 UTC\+8\)$/);

    // Assess: incidents by city, each row the breakdown's, then the province's total
    const byRegion = exportTable(file, 'Incidents by child region');
    expect(byRegion.header).toEqual(expect.arrayContaining(['地区代码 Region code', '地区 Region', '事故起数 Incidents', '直接经济损失(元) Economic loss (yuan)']));
    expect(byRegion.rows).toHaveLength(breakdown.children.length + 1);
    for (const child of breakdown.children) {
      const row = byRegion.rows.find((candidate) => candidate[0] === child.region.code);
      expect(row?.slice(0, 14)).toEqual([child.region.code, child.region.name, ...cellsOf(child)]);
      // Then the population base and the rates per 10,000 (blank where no community recorded its population).
      const rates = child.ratesPer10000 as Record<string, number> | null;
      expect(row?.slice(14)).toEqual([
        String(child.population.communities),
        String(child.population.communitiesWithPopulation),
        String(child.population.population),
        ...(rates ? [String(rates.count), String(rates.deaths), String(rates.injured)] : ['', '', '']),
      ]);
    }
    const heze = byRegion.rows.find((row) => row[1] === '菏泽市');
    expect(heze?.[0]).toBe('3717');
    expect(Number(heze?.[2])).toBe(9 + 6 + 4);
    expect(byRegion.rows.find((row) => row[1] === '济南市')?.[2]).toBe('3');
    expect(byRegion.rows.at(-1)?.slice(0, 14)).toEqual(['37', '山东省 合计 Total', ...cellsOf(breakdown.total)]);

    // Assess: by cause, intent and place, with labels, as the summary gives them
    const byCause = exportTable(file, 'Incidents by cause');
    expect(byCause.rows.find((row) => row[0] === 'FALL')).toEqual(['FALL', '跌倒/坠落', ...cellsOf(summary.byCause.find((row: { cause: string }) => row.cause === 'FALL'))]);
    expect(byCause.rows.at(-1)).toEqual(['TOTAL', '合计 Total', ...cellsOf(breakdown.total)]);
    expect(byCause.rows).toHaveLength(13 + 1);
    expect(exportTable(file, 'Incidents by intent').rows.map((row) => row.slice(0, 2))).toContainEqual(['ASSAULT', '暴力/攻击']);
    const farmland = exportTable(file, 'Incidents by place').rows.find((row) => row[0] === 'FARMLAND');
    expect(farmland).toEqual(['FARMLAND', '农场/农田', ...cellsOf(summary.byPlace.find((row: { place: string }) => row.place === 'FARMLAND'))]);

    // Assess: the creation record, by city and for the province, as the creation queries give it
    const creation = ok(await door().execute(CREATION, { regionCode: '37', period: { year: 2009 } }, analyst37));
    const creationByCity = exportTable(file, 'Creation record by child region');
    for (const child of creation.creationRegionBreakdown.children) {
      const row = creationByCity.rows.find((candidate) => candidate[0] === child.region.code);
      expect(row?.slice(1, 6)).toEqual([child.region.name, String(child.communities), String(child.designated), String(child.communitiesWithPopulation), String(child.population)]);
    }
    const stages = exportTable(file, 'Communities by stage');
    expect(stages.rows.at(-1)).toEqual(['TOTAL', '合计 Total', String(creation.creationSummary.communities.total)]);
    expect(stages.rows.find((row) => row[0] === 'DESIGNATED')?.slice(1)).toEqual([
      '命名',
      String(creation.creationSummary.communities.byStage.find((row: { stage: string }) => row.stage === 'DESIGNATED').count),
    ]);
    expect(exportTable(file, 'Promotion projects by category').rows.map((row) => row.slice(0, 2))).toContainEqual(['ROAD_TRAFFIC', '交通']);
    expect(exportTable(file, 'Certifications by level').rows.map((row) => row[1])).toEqual(['市级安全社区', '全国安全社区', '国际安全社区']);
  });

  it('exports a city by its counties (牡丹区) for a quarter, with the ASCII file name of the period', async () => {
    // Act
    const exported = ok(await door().execute(EXPORT, { regionCode: '3717', period: { year: 2009, quarter: 1 } }, analyst37)).aggregateExport;
    const file = await downloadExport(exported.url);
    const breakdown = ok(await door().execute(BREAKDOWN, { regionCode: '3717', period: { year: 2009, quarter: 1 } }, analyst37)).incidentRegionBreakdown;

    // Assess
    expect(exported.fileName).toBe('safe-community-aggregates-3717-2009-Q1.csv');
    const mudan = breakdown.children.find((child: { region: { code: string } }) => child.region.code === '371702');
    expect(mudan.current.count).toBeGreaterThan(0);
    expect(exportTable(file, 'Incidents by child region').rows.map((row) => row.slice(0, 14))).toContainEqual(['371702', '牡丹区', ...cellsOf(mudan)]);
    expect(Object.fromEntries(file.tables[0]!.rows)['地区 Region']).toBe('山东省 菏泽市');
  });

  it('refuses a caller outside the region, an editor and an anonymous caller, writing no object', async () => {
    // Prepare
    const before = await exportKeys();

    // Act
    const outside = await door().execute(EXPORT, { regionCode: '37', period: { year: 2009 } }, analyst21);
    const inside3717 = await door().execute(EXPORT, { regionCode: '3717', period: { year: 2009 } }, analyst21);
    const byEditor = await door().execute(EXPORT, { regionCode: '371702', period: { year: 2009 } }, editor);
    const anonymous = await door().execute(EXPORT, { regionCode: '37', period: { year: 2009 } });

    // Assess
    expect(errorCode(outside)).toBe('FORBIDDEN');
    expect(outside.body.data ?? null).toBeNull();
    expect(errorCode(inside3717)).toBe('FORBIDDEN');
    expect(errorCode(byEditor)).toBe('FORBIDDEN');
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(await exportKeys()).toEqual(before);
  });

  it('refuses a malformed period or an unknown region naming the field, writing no object', async () => {
    // Prepare
    const before = await exportKeys();
    const fieldOf = (response: GraphQLResponse) => [errorCode(response), response.body.errors?.[0]?.extensions?.field];

    // Act + Assess
    expect(fieldOf(await door().execute(EXPORT, { regionCode: '37', period: { year: 2009, quarter: 5 } }, analyst37))).toEqual(['BAD_USER_INPUT', 'period.quarter']);
    expect(fieldOf(await door().execute(EXPORT, { regionCode: '37', period: {} }, analyst37))).toEqual(['BAD_USER_INPUT', 'period.year']);
    expect(fieldOf(await door().execute(EXPORT, { regionCode: '37', period: { from: '2009-05', to: '2009-01' } }, analyst37))).toEqual(['BAD_USER_INPUT', 'period.to']);
    expect(fieldOf(await door().execute(EXPORT, { regionCode: '99', period: { year: 2009 } }, analyst37))).toEqual(['BAD_USER_INPUT', 'regionCode']);
    expect(await exportKeys()).toEqual(before);
  });
});

describe('hazard tables of the export', () => {
  it('carry the register by kind and level, the period’s inspections, hidden dangers and reports, and each child region’s line, as the queries give them', async () => {
    // Prepare: a community of 牡丹区 with a red septic tank and a hidden danger overdue since yesterday.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const dayBefore = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    const communityId = ok(await app.doors[0]!.execute(CREATE_COMMUNITY, { input: { name: '导出隐患社区', kind: 'STREET', regionCode: '371702003' } }, admin)).createCommunity.id as string;
    const office = await app.token({ role: 'COMMUNITY_EDITOR', communities: [communityId] });
    const unit = { organisation: '牡丹区某街道安监站', post: '网格员' };
    const cellId = ok(await app.doors[0]!.execute(`mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`, { input: { communityId, name: '一网格', kind: 'RESIDENTS_COMMITTEE', responsibleUnit: unit } }, office)).createGridCell.id;
    ok(await app.doors[0]!.execute(`mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id } }`, { input: { cellId, kind: 'SEPTIC_TANK', location: { address: '一网格3号楼后' }, riskLevel: 'RED', responsibleUnit: unit } }, office));
    ok(
      await app.doors[1]!.execute(
        `mutation($input: RecordHiddenDangerInput!) { recordHiddenDanger(input: $input) { id } }`,
        { input: { communityId, severity: 'MAJOR', description: '化粪池盖板破损', responsibleUnit: unit, foundOn: dayBefore(10), deadline: dayBefore(1) } },
        office,
      ),
    );
    const period = { from: dayBefore(10).slice(0, 7), to: today.slice(0, 7) };
    const FIGURES = `hazardSources { sources byLevel { level sources } byKind { kind sources byLevel { level sources } } }
      inspections { held onSchedule due missed coveragePercent }
      hiddenDangers { found bySeverity { severity found } foundAndVerified rectificationRatePercent verified medianDaysToVerification awaitingRectification overdue overdueMajor }
      residentReports { received answeredWithin7Days open }`;

    // Act
    const exported = ok(await app.doors[1]!.execute(EXPORT, { regionCode: '3717', period }, analyst37)).aggregateExport;
    const file = await downloadExport(exported.url);
    const figures = {
      ...ok(await app.doors[1]!.execute(`query($regionCode: String!, $period: AnalyticsPeriodInput!) { creationSummary(regionCode: $regionCode, period: $period) { ${FIGURES} } }`, { regionCode: '3717', period }, analyst37)),
      ...ok(
        await app.doors[1]!.execute(
          `query($regionCode: String!, $period: AnalyticsPeriodInput!) { creationRegionBreakdown(regionCode: $regionCode, period: $period) { children { region { code name } hazardSources { sources } hiddenDangers { found overdue } } } }`,
          { regionCode: '3717', period },
          analyst37,
        ),
      ),
    };

    // Assess: the register by kind, each level's column
    const summary = figures.creationSummary;
    const register = exportTable(file, 'Hazard sources by kind and risk level');
    expect(register.header).toEqual(['类型 Kind', '名称 Name', '危险源 Sources', '重大风险(红) RED', '较大风险(橙) ORANGE', '一般风险(黄) YELLOW', '低风险(蓝) BLUE']);
    expect(register.rows.find((row) => row[0] === 'SEPTIC_TANK')).toEqual(['SEPTIC_TANK', '化粪池', '1', '1', '0', '0', '0']);
    expect(register.rows.at(-1)).toEqual(['TOTAL', '合计 Total', String(summary.hazardSources.sources), ...summary.hazardSources.byLevel.map((row: { sources: number }) => String(row.sources))]);
    // The period's hidden dangers: one found, MAJOR, none verified (no rate to show but 0), overdue today.
    const dangers = exportTable(file, 'Hidden dangers');
    expect(summary.hiddenDangers).toMatchObject({ found: 1, overdue: 1, overdueMajor: 1, awaitingRectification: 1, rectificationRatePercent: 0, medianDaysToVerification: null });
    const dangerRow = Object.fromEntries(dangers.header.map((label, index) => [label, dangers.rows[0]?.[index]]));
    expect(dangerRow).toMatchObject({ '发现 Found': '1', '重大 Major': '1', '整改率% Rectification rate %': '0', '复查用时中位数(天) Median days to verification': '', '逾期(今日) Overdue today': '1', '逾期重大(今日) Major overdue today': '1' });
    expect(exportTable(file, 'Inspections').rows[0]?.at(-1)).toBe(summary.inspections.coveragePercent === null ? '' : String(summary.inspections.coveragePercent));
    expect(exportTable(file, "Residents' reports").rows).toHaveLength(1);
    // Each county's line, as the breakdown gives it.
    const byRegion = exportTable(file, 'Hazards and inspections by child region');
    const mudan = figures.creationRegionBreakdown.children.find((child: { region: { code: string } }) => child.region.code === '371702');
    const line = byRegion.rows.find((row) => row[0] === '371702');
    const cell = (label: string) => line?.[byRegion.header.indexOf(label)];
    expect(line?.[1]).toBe('牡丹区');
    expect(cell('危险源(现) Hazard sources (now)')).toBe(String(mudan.hazardSources.sources));
    expect(cell('发现隐患 Hidden dangers found')).toBe(String(mudan.hiddenDangers.found));
    expect(cell('逾期(今日) Overdue today')).toBe('1');
    expect(cell('巡查覆盖率% Coverage %')).toBe('');
    expect(byRegion.rows.at(-1)?.[1]).toBe('菏泽市 合计 Total');
  });
});

describe('export objects and the evidence processor', () => {
  it('are ignored by the processor when S3 reports them created', async () => {
    // Prepare
    const exported = ok(await app.doors[0]!.execute(EXPORT, { regionCode: '371702', period: { from: '2008-07', to: '2009-06' } }, analyst37)).aggregateExport;
    const key = decodeURIComponent(new URL(exported.url).pathname.slice(`/${app.bucket}/`.length));

    // Act
    const outcomes = await app.notifyObjectCreated(key, { eventName: 'ObjectCreated:Put' });

    // Assess
    expect(exported.fileName).toBe('safe-community-aggregates-371702-2008-07-to-2009-06.csv');
    expect(key).toMatch(/^exports\//);
    expect(outcomes).toEqual([{ result: 'IGNORED', reason: 'not an evidence key' }]);
    expect((await fetch(exported.url)).status).toBe(200);
  });
});
