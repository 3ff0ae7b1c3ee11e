import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler, MAX_WORKBOOK_BYTES, parseWorkbookEvent } from '#analytics/export-workbook-handler.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { type StandInInvocation, startLambdaStandIn } from '#tests/support/lambda-stand-in.ts';

/**
 * The workbook made as in AWS: the GraphQL function (both doors) configured with a workbook
 * function (EXPORT_WORKBOOK_FUNCTION) invokes it synchronously on a stand-in of Lambda's Invoke API
 * that runs the real handler module on the JSON payload. The function gets the tables and nothing
 * else, the stored object is the workbook it answered, byte for byte; its failure is a masked
 * INTERNAL_SERVER_ERROR that writes no object. The handler refuses a malformed event.
 */
const EXPORT = `mutation($regionCode: String!, $period: AnalyticsPeriodInput!, $format: ExportFormat) {
  aggregateExport(regionCode: $regionCode, period: $period, format: $format) { fileName url bytes }
}`;
const FUNCTION_NAME = 'safe-community-export-workbook';

let app: TestApp;
let standIn: Awaited<ReturnType<typeof startLambdaStandIn>>;
let analyst: string;
/** What the stand-in's function does on its next invocation instead of the handler: fail, or answer something else. */
let fault: ((event: unknown) => Promise<unknown>) | undefined;

beforeAll(async () => {
  standIn = await startLambdaStandIn({ [FUNCTION_NAME]: (event) => (fault ?? handler)(event) });
  process.env.EXPORT_WORKBOOK_FUNCTION = FUNCTION_NAME;
  process.env.LAMBDA_ENDPOINT = standIn.url;
  app = await createTestApp();
  const admin = await app.token({ role: 'ADMIN' });
  analyst = await app.token({ role: 'PROVINCIAL_ANALYST', region: '37' });
  const communityId = ok(await app.doors[1]!.execute('mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }', { input: { name: '函数西城社区', kind: 'STREET', regionCode: '371702002' } }, admin)).createCommunity.id;
  const records = Array.from({ length: 6 }, (_, n) => ({
    externalId: `function-${n}`,
    occurredAt: `${2008 + (n % 2)}-0${n + 1}-10T09:00:00+08:00`,
    cause: 'FALL',
    intent: 'UNINTENTIONAL',
    place: 'HOME',
    activity: 'LEISURE',
    severity: 'MINOR',
    deaths: 0,
    injured: 1,
    economicLoss: '120.00',
  }));
  ok(await app.doors[1]!.execute('mutation($c: ID!, $r: [IncidentImportRecord!]!) { importIncidents(communityId: $c, records: $r) { outcome } }', { c: communityId, r: records }, admin));
});
afterAll(async () => {
  await app?.close();
  await standIn?.stop();
  delete process.env.EXPORT_WORKBOOK_FUNCTION;
  delete process.env.LAMBDA_ENDPOINT;
});

async function exportKeys(): Promise<string[]> {
  const listing = await app.s3.send(new ListObjectsV2Command({ Bucket: app.bucket, Prefix: 'exports/' }));
  return (listing.Contents ?? []).map((object) => object.Key ?? '');
}

describe.each([0, 1])('the workbook function, invoked through door %i', (doorIndex) => {
  it('gets the tables in one synchronous invocation, and the stored file is the workbook it answered', async () => {
    // Prepare
    const before = standIn.invocations.length;

    // Act
    const exported = ok(await app.doors[doorIndex]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 }, format: 'XLSX' }, analyst)).aggregateExport;
    const stored = Buffer.from(await (await fetch(exported.url)).arrayBuffer());

    // Assess: one RequestResponse invocation with the file's name and its tables, nothing else
    const invocations = standIn.invocations.slice(before);
    expect(invocations.map(({ functionName, invocationType }) => ({ functionName, invocationType }))).toEqual([{ functionName: FUNCTION_NAME, invocationType: 'RequestResponse' }]);
    const [invocation] = invocations as [StandInInvocation];
    const payload = invocation.payload as { fileName: string; tables: { sheet: string; title: string }[] };
    expect(Object.keys(payload).sort()).toEqual(['fileName', 'tables']);
    expect(payload.fileName).toBe('safe-community-aggregates-3717-2009.xlsx');
    expect(payload.tables.slice(0, 3).map((table) => table.sheet)).toEqual(['概况 Overview', '趋势 Trend', '事故 按地区 By region']);
    // The object is the function's answer, byte for byte, and a workbook exceljs reads
    const answer = invocation.answer as { workbook: string; bytes: number };
    expect(stored.equals(Buffer.from(answer.workbook, 'base64'))).toBe(true);
    expect(exported.bytes).toBe(answer.bytes);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(stored as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet('趋势 Trend')?.getCell('B4').value).toBe(0);
    expect(workbook.getWorksheet('趋势 Trend')?.getCell('B5').value).toBe(1);
  });

  it('answers a masked INTERNAL_SERVER_ERROR when the function fails, writing no object', async () => {
    // Prepare
    const before = await exportKeys();
    fault = async () => {
      throw new Error('renderer exploded with 西城 in it');
    };

    // Act
    const failed = await app.doors[doorIndex]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 }, format: 'XLSX' }, analyst).finally(() => {
      fault = undefined;
    });

    // Assess
    expect(errorCode(failed)).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(failed.body)).not.toContain('exploded');
    expect(await exportKeys()).toEqual(before);
  });

  it('answers INTERNAL_SERVER_ERROR when the function answers no workbook, or fewer bytes than it declares', async () => {
    // Prepare
    const before = await exportKeys();

    // Act
    fault = async () => ({ fileName: 'safe-community-aggregates-3717-2009.xlsx', workbook: Buffer.from('PK').toString('base64'), bytes: 5_000 });
    const short = await app.doors[doorIndex]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 }, format: 'XLSX' }, analyst);
    fault = async () => ({ message: 'not a workbook' });
    const none = await app.doors[doorIndex]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 }, format: 'XLSX' }, analyst);
    fault = undefined;

    // Assess
    expect(errorCode(short)).toBe('INTERNAL_SERVER_ERROR');
    expect(errorCode(none)).toBe('INTERNAL_SERVER_ERROR');
    expect(await exportKeys()).toEqual(before);
  });

  it('is not invoked for the CSV, nor for a caller the policy refuses', async () => {
    // Prepare
    const before = standIn.invocations.length;
    const outsider = await app.token({ role: 'PROVINCIAL_ANALYST', region: '21' });

    // Act
    const csv = ok(await app.doors[doorIndex]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 } }, analyst)).aggregateExport;
    const refused = await app.doors[doorIndex]!.execute(EXPORT, { regionCode: '3717', period: { year: 2009 }, format: 'XLSX' }, outsider);

    // Assess
    expect(csv.fileName).toBe('safe-community-aggregates-3717-2009.csv');
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(standIn.invocations.length).toBe(before);
  });
});

describe('the workbook function\'s handler', () => {
  const table = { sheet: '趋势 Trend', title: '事故起数 按月', header: ['月份 Month', '事故起数 Incidents'], rows: [['2009-01', 3]] };
  const event = (overrides: Record<string, unknown> = {}, tableOverrides: Record<string, unknown> = {}) => ({
    fileName: 'safe-community-aggregates-37-2009.xlsx',
    tables: [{ ...table, ...tableOverrides }],
    ...overrides,
  });

  it('answers the workbook as base64 with its size', async () => {
    // Act
    const result = await handler(event({}, { chart: { title: '趋势', categoryColumn: 0, rows: 1, series: [{ column: 1, name: '本期' }] } }));

    // Assess
    expect(result.fileName).toBe('safe-community-aggregates-37-2009.xlsx');
    expect(Buffer.from(result.workbook, 'base64').length).toBe(result.bytes);
    expect(result.bytes).toBeLessThan(MAX_WORKBOOK_BYTES);
  });

  it('refuses a malformed event, naming where: file name, sheet names (Excel\'s rules, case-insensitively unique), a chart outside its table', async () => {
    expect(() => parseWorkbookEvent(event({ fileName: 'export.csv' }))).toThrow('at fileName');
    expect(() => parseWorkbookEvent(event({}, { sheet: 'a/b' }))).toThrow('at tables.0.sheet');
    expect(() => parseWorkbookEvent(event({}, { sheet: 'x'.repeat(32) }))).toThrow('at tables.0.sheet');
    expect(() => parseWorkbookEvent(event({}, { sheet: "'quoted" }))).toThrow('at tables.0.sheet');
    expect(() => parseWorkbookEvent(event({ tables: [table, { ...table, sheet: '趋势 TREND' }] }))).toThrow('sheet names must differ');
    expect(() => parseWorkbookEvent(event({}, { chart: { title: '趋势', categoryColumn: 0, rows: 1, series: [{ column: 2, name: '本期' }] } }))).toThrow('at tables.0.chart');
    expect(() => parseWorkbookEvent(event({}, { chart: { title: '趋势', categoryColumn: 0, rows: 2, series: [{ column: 1, name: '本期' }] } }))).toThrow('at tables.0.chart');
    expect(() => parseWorkbookEvent(event({}, { rows: [[{ formula: 'SUM(A1)' }]] }))).toThrow('at tables.0.rows.0.0');
    expect(() => parseWorkbookEvent(null)).toThrow('malformed');
    await expect(handler({ tables: [] })).rejects.toThrow('malformed');
  });
});
