import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';
import { type DownloadedExport, downloadExport } from '#tests/support/export-file.ts';
import { chartsOfSheet, find, findAll, lineSeries, parseXml, zipEntries } from '#tests/support/xlsx-parts.ts';

const run = promisify(execFile);

/**
 * The aggregate export as an XLSX workbook (issue 13, "Excel out") through both doors, its
 * workbook made in-process as locally (the function of its own is tested in
 * analytics-export-xlsx-function.test.ts): the link and the object, then the workbook read back
 * as a spreadsheet reads it — exceljs for the cells (every table of the CSV made at the same time
 * is a sheet with the same figures, number formats, frozen bilingual headers, Chinese labels,
 * widths), its parts for the chart (the series are the trend sheet's cells), and LibreOffice,
 * which opens it and keeps the sheets and the chart. Refusals write no object.
 */
const EXPORT = `mutation($regionCode: String!, $period: AnalyticsPeriodInput!, $format: ExportFormat) {
  aggregateExport(regionCode: $regionCode, period: $period, format: $format) { fileName url expiresAt bytes }
}`;
const TREND = `query($regionCode: String!, $from: String!, $to: String!) {
  incidentTrend(regionCode: $regionCode, from: $from, to: $to, granularity: MONTH) { points { period figures { count deaths injured economicLoss } } }
}`;
const SUMMARY = `query($regionCode: String!, $period: AnalyticsPeriodInput!) {
  incidentSummary(regionCode: $regionCode, period: $period) { total { current { count deaths injured economicLoss } yearEarlier { count deaths injured economicLoss } } }
}`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`;
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created } }`;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let app: TestApp;
let admin: string;
let analyst37: string;
let analyst21: string;
let editor: string;
let workDir: string;

/** Communities in two cities of 山东 (菏泽: 牡丹区 and a development zone; 济南), with incidents in 2008 and 2009. */
const COMMUNITIES = [
  ['工作簿西城社区', '371702002', 14, 9],
  ['工作簿吴店社区', '371702101', 6, 8],
  ['工作簿岳程社区', '371771002', 5, 0],
  ['工作簿解放路社区', '370102001', 3, 4],
] as const;

beforeAll(async () => {
  app = await createTestApp();
  workDir = await mkdtemp(join(tmpdir(), 'aggregate-workbook-'));
  [admin, analyst37, analyst21] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
  ]);
  const causes = ['FALL', 'ROAD_TRAFFIC', 'ANIMAL_BITE', 'POISONING', 'MACHINERY'];
  const places = ['HOME', 'ROAD', 'FARMLAND', 'PUBLIC_PLACE'];
  const communityIds: string[] = [];
  for (const [name, regionCode, in2009, in2008] of COMMUNITIES) {
    const communityId = ok(await app.doors[1]!.execute(CREATE_COMMUNITY, { input: { name, kind: 'STREET', regionCode, population: 40_000 } }, admin)).createCommunity.id as string;
    communityIds.push(communityId);
    const records = [...Array.from({ length: in2009 }, () => 2009), ...Array.from({ length: in2008 }, () => 2008)].map((year, n) => {
      const deaths = n % 7 === 3 ? 1 : 0;
      return {
        externalId: `workbook-${regionCode}-${n}`,
        // Months spread unevenly, so the trend has a shape: 1, 2, 3, 5, 8, …
        occurredAt: `${year}-${String(((n * 5) % 12) + 1).padStart(2, '0')}-15T10:00:00+08:00`,
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
afterAll(async () => {
  await app.close();
  await rm(workDir, { recursive: true, force: true });
});

async function exportKeys(): Promise<string[]> {
  const listing = await app.s3.send(new ListObjectsV2Command({ Bucket: app.bucket, Prefix: 'exports/' }));
  return (listing.Contents ?? []).map((object) => object.Key ?? '');
}

async function download(url: string): Promise<{ bytes: Buffer; headers: Headers }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

type SheetCell = string | number | null;

/** A cell's value as exceljs reads it: text, a number, or null for an empty cell. */
function cellValue(cell: ExcelJS.Cell): SheetCell {
  const { value } = cell;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`cell ${cell.address} holds ${JSON.stringify(value)}`);
}

/** A table's sheet as the workbook lays it out: the title in row 1, the header's two rows, then the rows. */
function sheetTable(sheet: ExcelJS.Worksheet, columns: number): { title: SheetCell; chinese: SheetCell[]; english: SheetCell[]; rows: ExcelJS.Cell[][] } {
  const cells = (row: number) => Array.from({ length: columns }, (_, column) => sheet.getCell(row, column + 1));
  return {
    title: cellValue(sheet.getCell(1, 1)),
    chinese: cells(2).map(cellValue),
    english: cells(3).map(cellValue),
    rows: Array.from({ length: sheet.rowCount - 3 }, (_, index) => cells(4 + index)),
  };
}

/** Whether a workbook cell shows the CSV's cell: the same text, count, yuan, or percentage (the cell holds the fraction). */
function expectSameFigure(cell: ExcelJS.Cell, csv: string, where: string): void {
  const value = cellValue(cell);
  if (csv === '') {
    expect(value, where).toBeNull();
    return;
  }
  if (typeof value === 'string') {
    expect(value, where).toBe(csv);
    return;
  }
  expect(typeof value, where).toBe('number');
  if (cell.numFmt === '0.0%') expect((value as number) * 100, where).toBeCloseTo(Number(csv), 9);
  else if (cell.numFmt === '#,##0.00') expect(value, where).toBe(Number(csv));
  else {
    expect(cell.numFmt, where).toBe('#,##0');
    expect(String(value), where).toBe(csv);
  }
}

describe.each([0, 1])('the workbook export through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;
  let exported: { fileName: string; url: string; expiresAt: string; bytes: number };
  let file: { bytes: Buffer; headers: Headers };
  let workbook: ExcelJS.Workbook;
  let csv: DownloadedExport;

  beforeAll(async () => {
    const requestedAt = Date.now();
    exported = ok(await door().execute(EXPORT, { regionCode: '37', period: { year: 2009 }, format: 'XLSX' }, analyst37)).aggregateExport;
    expect(Date.parse(exported.expiresAt) - requestedAt).toBeGreaterThan(290_000);
    file = await download(exported.url);
    workbook = await readWorkbook(file.bytes);
    // The CSV of the same region and period, made now: the workbook's figures must be its figures.
    csv = await downloadExport(ok(await door().execute(EXPORT, { regionCode: '37', period: { year: 2009 } }, analyst37)).aggregateExport.url);
  });

  it('links to safe-community-aggregates-37-2009.xlsx under exports/, served as a workbook download', () => {
    expect(exported.fileName).toBe('safe-community-aggregates-37-2009.xlsx');
    expect(new URL(exported.url).pathname).toMatch(new RegExp(`^/${app.bucket}/exports/[0-9a-f-]{36}/safe-community-aggregates-37-2009\\.xlsx$`));
    expect(new URL(exported.url).searchParams.get('X-Amz-Expires')).toBe('300');
    expect(file.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(file.headers.get('content-disposition')).toContain('filename="safe-community-aggregates-37-2009.xlsx"');
    expect(exported.bytes).toBe(file.bytes.length);
    // A ZIP, as every XLSX is.
    expect(file.bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  });

  it('has a sheet per table of the CSV, in its order, with the trend after the heading block', () => {
    // Prepare
    const csvTitles = csv.tables.map((table) => table.title);

    // Act
    const titles = workbook.worksheets.map((sheet) => cellValue(sheet.getCell(1, 1)));

    // Assess
    expect(workbook.worksheets.map((sheet) => sheet.name).slice(0, 3)).toEqual(['概况 Overview', '趋势 Trend', '事故 按地区 By region']);
    expect(titles).toEqual([csvTitles[0], expect.stringMatching(/^事故起数 按月 Incidents per month \(山东省, 2009; 上年同期 year earlier 2008\)$/), ...csvTitles.slice(1)]);
    expect(workbook.worksheets.length).toBe(csv.tables.length + 1);
    for (const sheet of workbook.worksheets) expect(sheet.name.length).toBeLessThanOrEqual(31);
  });

  it('holds the very figures of the CSV in every table: counts, yuan, percentages, codes and Chinese labels', () => {
    for (const [index, table] of csv.tables.entries()) {
      // Prepare
      if (index === 0) continue;
      const sheet = workbook.worksheets[index + 1]!;

      // Act
      const { chinese, english, rows } = sheetTable(sheet, table.header.length);

      // Assess: the bilingual header is the CSV's, split in two rows
      expect(
        chinese.map((zh, column) => [zh, english[column]].filter((part) => part !== null && part !== '').join(' ')),
        sheet.name,
      ).toEqual(table.header);
      expect(chinese.every((zh) => typeof zh === 'string' && /[\u0080-\u{10FFFF}]/u.test(zh)), `${sheet.name}: Chinese row`).toBe(true);
      expect(english.every((en) => typeof en === 'string' && /^[ -~]+$/.test(en)), `${sheet.name}: English row`).toBe(true);
      expect(rows.length, sheet.name).toBe(table.rows.length);
      for (const [rowIndex, row] of table.rows.entries()) {
        for (const [column, text] of row.entries()) expectSameFigure(rows[rowIndex]![column]!, text, `${sheet.name} ${rows[rowIndex]![column]!.address}`);
      }
    }
  });

  it('keeps the heading block as label and value rows, in Chinese', () => {
    // Prepare
    const heading = workbook.getWorksheet('概况 Overview')!;

    // Act
    const pairs = Object.fromEntries(Array.from({ length: heading.rowCount - 1 }, (_, index) => [cellValue(heading.getCell(index + 2, 1)), cellValue(heading.getCell(index + 2, 2))]));

    // Assess
    const fromCsv = Object.fromEntries(csv.tables[0]!.rows.concat([csv.tables[0]!.header]).map(([label, value]) => [label, value || null]));
    expect({ ...pairs, '生成时间 Generated at': null }).toEqual({ ...fromCsv, '生成时间 Generated at': null });
    expect(pairs['地区 Region']).toBe('山东省');
    expect(pairs['生成时间 Generated at']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(北京时间 UTC\+8\)$/);
  });

  it('formats counts #,##0, money in yuan #,##0.00 and percentages 0.0%, and bolds the total rows', () => {
    // Prepare
    const byRegion = workbook.getWorksheet('事故 按地区 By region')!;
    const header = csv.tables[1]!.header;
    const total = byRegion.getRow(byRegion.rowCount);

    // Act
    const formatOf = (label: string) => total.getCell(header.indexOf(label) + 1).numFmt;

    // Assess
    expect(formatOf('事故起数 Incidents')).toBe('#,##0');
    expect(formatOf('死亡人数 Deaths')).toBe('#,##0');
    expect(formatOf('直接经济损失(元) Economic loss (yuan)')).toBe('#,##0.00');
    expect(formatOf('上年同期直接经济损失(元) Economic loss, year earlier (yuan)')).toBe('#,##0.00');
    expect(formatOf('事故起数同比% Incidents change %')).toBe('0.0%');
    expect(formatOf('人口 Population')).toBe('#,##0');
    expect(formatOf('每万人事故起数 Incidents per 10,000')).toBe('#,##0.00');
    // 28 incidents in 2009 against 21 in 2008: +33.3 %, held as the fraction.
    expect(cellValue(total.getCell(header.indexOf('事故起数 Incidents') + 1))).toBe(28);
    expect(cellValue(total.getCell(header.indexOf('事故起数同比% Incidents change %') + 1))).toBeCloseTo(0.333, 6);
    expect(cellValue(total.getCell(2))).toBe('山东省 合计 Total');
    expect(total.font?.bold).toBe(true);
    expect(byRegion.getRow(4).font?.bold).toBeFalsy();
  });

  it('freezes the title and the two header rows, and the code and name columns', () => {
    // Act
    const views = Object.fromEntries(workbook.worksheets.map((sheet) => [sheet.name, sheet.views?.[0]]));

    // Assess
    expect(views['事故 按地区 By region']).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
    expect(views['事故 按原因 By cause']).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
    expect(views['趋势 Trend']).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
    // A table of figures only (the surveys) freezes its header rows alone; the heading block nothing.
    expect(views['调查 Surveys']).toMatchObject({ state: 'frozen', xSplit: 0, ySplit: 3 });
    expect(views['概况 Overview']?.state ?? 'normal').toBe('normal');
    for (const [name, view] of Object.entries(views)) if (name !== '概况 Overview') expect(view, name).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('writes the Chinese labels beside the codes and fits the columns, a CJK character counting two', () => {
    // Prepare
    const byCause = workbook.getWorksheet('事故 按原因 By cause')!;
    const codes = byCause.getColumn(1).values.slice(4) as SheetCell[];
    const labels = byCause.getColumn(2).values.slice(4) as SheetCell[];

    // Act
    const label = labels[codes.indexOf('FALL')];

    // Assess
    expect(label).toBe('跌倒/坠落');
    expect(labels).toContain('合计 Total');
    // 伤害原因 (4 CJK = 8) and ELECTRIC_SHOCK (14 Latin) set the widths, plus a margin of 2.
    expect(byCause.getColumn(1).width).toBe('ELECTRIC_SHOCK'.length + 2);
    // The longest name is 合计 Total (4 + 1 + 5 = 10): wider than its 7 characters.
    expect(byCause.getColumn(2).width).toBe(12);
    const byRegion = workbook.getWorksheet('事故 按地区 By region')!;
    // 山东省 合计 Total: 5 CJK characters (10), 7 others.
    expect(byRegion.getColumn(2).width).toBe(10 + 7 + 2);
  });

  it('has the trend: the months of 2009 beside those of 2008, as incidentTrend gives them, with the summary\'s totals', async () => {
    // Prepare
    const [current, earlier, summary] = await Promise.all([
      door().execute(TREND, { regionCode: '37', from: '2009-01', to: '2009-12' }, analyst37),
      door().execute(TREND, { regionCode: '37', from: '2008-01', to: '2008-12' }, analyst37),
      door().execute(SUMMARY, { regionCode: '37', period: { year: 2009 } }, analyst37),
    ]);
    const trend = workbook.getWorksheet('趋势 Trend')!;

    // Act
    const { chinese, english, rows } = sheetTable(trend, 10);
    const values = rows.map((row) => row.map(cellValue));

    // Assess
    expect(chinese).toEqual(['月份', '事故起数', '死亡人数', '受伤人数', '直接经济损失(元)', '上年同月', '上年同期事故起数', '上年同期死亡人数', '上年同期受伤人数', '上年同期直接经济损失(元)']);
    expect(english[0]).toBe('Month');
    const points = (response: GraphQLResponse) => ok(response).incidentTrend.points as { period: string; figures: Record<string, number | string> }[];
    const asCells = ({ period, figures }: { period: string; figures: Record<string, number | string> }) => [period, figures.count, figures.deaths, figures.injured, Number(figures.economicLoss)];
    expect(values.slice(0, 12)).toEqual(points(current).map((point, index) => [...asCells(point), ...asCells(points(earlier)[index]!)]));
    const { total } = ok(summary).incidentSummary;
    expect(values[12]).toEqual([
      '合计 Total',
      total.current.count,
      total.current.deaths,
      total.current.injured,
      Number(total.current.economicLoss),
      '合计 Total',
      total.yearEarlier.count,
      total.yearEarlier.deaths,
      total.yearEarlier.injured,
      Number(total.yearEarlier.economicLoss),
    ]);
    expect(values).toHaveLength(13);
    // Not a flat line: the months differ.
    expect(new Set(values.slice(0, 12).map((row) => row[1])).size).toBeGreaterThan(2);
    expect(rows[0]![4]!.numFmt).toBe('#,##0.00');
  });

  it('charts the trend: a line chart on the trend sheet whose two series are its incident columns', async () => {
    // Prepare
    const entries = await zipEntries(file.bytes);
    const trend = workbook.getWorksheet('趋势 Trend')!;

    // Act
    const shown = chartsOfSheet(entries, '趋势 Trend');

    // Assess: the one chart of the workbook, on its sheet; every part well-formed
    for (const [name, content] of entries) if (/\.(xml|rels)$/.test(name)) expect(() => parseXml(content.toString('utf8')), name).not.toThrow();
    expect([...entries.keys()].filter((name) => name.startsWith('xl/charts/'))).toEqual(['xl/charts/chart1.xml']);
    expect(shown?.chartParts).toEqual(['xl/charts/chart1.xml']);
    const chart = shown!.charts[0]!;
    expect(findAll(find(chart, 'c:title'), 'a:t').map((text) => text.text).join('')).toBe('事故起数 按月 Incidents per month');
    const series = lineSeries(chart);
    expect(series.map(({ name, categories, values }) => ({ name, categories, values }))).toEqual([
      { name: '本期 2009', categories: "'趋势 Trend'!$A$4:$A$15", values: "'趋势 Trend'!$B$4:$B$15" },
      { name: '上年同期 2008', categories: "'趋势 Trend'!$A$4:$A$15", values: "'趋势 Trend'!$G$4:$G$15" },
    ]);
    // The caches are the cells the references name.
    const column = (letter: string) => Array.from({ length: 12 }, (_, index) => cellValue(trend.getCell(`${letter}${index + 4}`)));
    expect(series[0]!.cachedCategories).toEqual(column('A'));
    expect(series[0]!.cachedValues).toEqual(column('B'));
    expect(series[1]!.cachedValues).toEqual(column('G'));
    // To the right of the table (it ends at column J): from L2.
    const anchor = find(parseXml(entries.get(shown!.drawingPart)!.toString('utf8')), 'xdr:from');
    expect([find(anchor, 'xdr:col').text, find(anchor, 'xdr:row').text]).toEqual(['11', '1']);
  });
});

describe('the workbook in LibreOffice', () => {
  it('opens: converted to ODS by soffice, with every sheet and the chart on the trend sheet over the same cells', async () => {
    // Prepare
    const exported = ok(await app.doors[1]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 }, format: 'XLSX' }, analyst37)).aggregateExport;
    const { bytes } = await download(exported.url);
    const sheets = (await readWorkbook(bytes)).worksheets.map((sheet) => sheet.name);
    const path = join(workDir, exported.fileName);
    await writeFile(path, bytes);

    // Act: a profile of its own, so that a LibreOffice already running (or another test run) does not take the job over
    await run('soffice', [`-env:UserInstallation=file://${join(workDir, 'profile')}`, '--headless', '--convert-to', 'ods', '--outdir', workDir, path], { timeout: 90_000 });
    const ods = await zipEntries(await readFile(path.replace(/\.xlsx$/, '.ods')));

    // Assess: the sheets, in order
    const content = parseXml(ods.get('content.xml')!.toString('utf8'));
    const tables = findAll(content, 'table:table');
    expect(tables.map((table) => table.attributes['table:name'])).toEqual(sheets);
    expect(sheets[1]).toBe('趋势 Trend');
    // The chart: an embedded object on the trend sheet, and no other sheet has one
    const objects = tables.map((table) => findAll(table, 'draw:object'));
    expect(objects.map((list) => list.length)).toEqual(sheets.map((name) => (name === '趋势 Trend' ? 1 : 0)));
    const href = (objects[1]![0]!.attributes['xlink:href'] ?? '').replace(/^\.\//, '');
    const chart = parseXml(ods.get(`${href}/content.xml`)!.toString('utf8'));
    expect(find(chart, 'chart:chart').attributes['chart:class']).toBe('chart:line');
    expect(findAll(find(chart, 'chart:title'), 'text:p').map((text) => text.text)).toEqual(['事故起数 按月 Incidents per month']);
    const series = findAll(chart, 'chart:series');
    expect(series.map((line) => line.attributes['chart:values-cell-range-address'])).toEqual(["'趋势 Trend'.B4:'趋势 Trend'.B15", "'趋势 Trend'.G4:'趋势 Trend'.G15"]);
    expect(series.map((line) => line.attributes['loext:label-string'])).toEqual(['"本期 2009"', '"上年同期 2008"']);
    expect(find(chart, 'chart:categories').attributes['table:cell-range-address']).toBe("'趋势 Trend'.A4:'趋势 Trend'.A15");
    // The cells LibreOffice read: the trend's first month, in the workbook's number
    const trendCells = findAll(tables[1]!, 'table:table-cell').map((cell) => cell.attributes['office:value'] ?? null);
    expect(trendCells.filter((value) => value !== null).length).toBeGreaterThan(12 * 4);
  }, 120_000);
});

describe('the workbook export refused', () => {
  it('refuses a caller outside the region, an editor and an anonymous caller, writing no object', async () => {
    // Prepare
    const before = await exportKeys();
    const variables = (regionCode: string) => ({ regionCode, period: { year: 2009 }, format: 'XLSX' });

    // Act
    const outside = await app.doors[0]!.execute(EXPORT, variables('37'), analyst21);
    const byEditor = await app.doors[1]!.execute(EXPORT, variables('371702'), editor);
    const anonymous = await app.doors[0]!.execute(EXPORT, variables('37'));

    // Assess
    expect(errorCode(outside)).toBe('FORBIDDEN');
    expect(outside.body.data ?? null).toBeNull();
    expect(errorCode(byEditor)).toBe('FORBIDDEN');
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(await exportKeys()).toEqual(before);
  });

  it('refuses a malformed period, an unknown region and a format that is none, naming the field, writing no object', async () => {
    // Prepare
    const before = await exportKeys();
    const fieldOf = (response: GraphQLResponse) => [errorCode(response), response.body.errors?.[0]?.extensions?.field];

    // Act
    const badQuarter = await app.doors[0]!.execute(EXPORT, { regionCode: '37', period: { year: 2009, quarter: 5 }, format: 'XLSX' }, analyst37);
    const badRegion = await app.doors[1]!.execute(EXPORT, { regionCode: '99', period: { year: 2009 }, format: 'XLSX' }, analyst37);
    const badFormat = await app.doors[1]!.execute(EXPORT, { regionCode: '37', period: { year: 2009 }, format: 'PDF' }, analyst37);

    // Assess
    expect(fieldOf(badQuarter)).toEqual(['BAD_USER_INPUT', 'period.quarter']);
    expect(fieldOf(badRegion)).toEqual(['BAD_USER_INPUT', 'regionCode']);
    expect(errorCode(badFormat)).toBe('BAD_USER_INPUT');
    expect(badFormat.body.errors?.[0]?.message).toContain('ExportFormat');
    expect(await exportKeys()).toEqual(before);
  });

  it('keeps the CSV the default: no format is the CSV, as before', async () => {
    // Act
    const exported = ok(await app.doors[0]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 } }, analyst37)).aggregateExport;
    const { headers } = await download(exported.url);

    // Assess
    expect(exported.fileName).toBe('safe-community-aggregates-3717-2009.csv');
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });
});
