
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { type CliRun, runScript } from '#tests/support/cli.ts';
import { chartsOfSheet, zipEntries } from '#tests/support/xlsx-parts.ts';

/**
 * `npm run export -- --region 37 --year 2009` as an operator meets it: a spawned process against
 * this file's own table (the environment createTestApp sets), the file where npm was run (INIT_CWD)
 * or at --out, the path and a summary on stdout, and status 2 naming the argument on a usage error.
 */
let app: TestApp;
let directory: string;

beforeAll(async () => {
  app = await createTestApp();
  directory = mkdtempSync(join(tmpdir(), 'aggregate-export-'));
  const admin = await app.token({ role: 'ADMIN' });
  for (const [name, regionCode, incidents] of [
    ['导出命令西城社区', '371702002', 5],
    ['导出命令解放路社区', '370102001', 2],
  ] as const) {
    const created = await app.doors[1]!.execute('mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }', { input: { name, kind: 'STREET', regionCode } }, admin);
    const communityId = created.body.data.createCommunity.id as string;
    const records = Array.from({ length: incidents }, (_, n) => ({
      externalId: `cli-${regionCode}-${n}`,
      occurredAt: `2009-0${n + 1}-10T09:00:00+08:00`,
      cause: n % 2 ? 'ROAD_TRAFFIC' : 'FALL',
      intent: 'UNINTENTIONAL',
      place: n % 2 ? 'ROAD' : 'HOME',
      activity: 'LEISURE',
      severity: 'MINOR',
      deaths: 0,
      injured: 1,
      economicLoss: '250.50',
    }));
    const imported = await app.doors[1]!.execute(
      'mutation($c: ID!, $r: [IncidentImportRecord!]!) { importIncidents(communityId: $c, records: $r) { outcome } }',
      { c: communityId, r: records },
      admin,
    );
    expect(imported.body.data.importIncidents.outcome).toBe('COMPLETED');
  }
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await app.close();
});

/** Runs the CLI as `npm run export` does, typed in the test's directory. */
const runExport = (args: string[]): Promise<CliRun> => runScript('scripts/export.ts', args, { cwd: directory });


describe('npm run export', () => {
  it('writes safe-community-aggregates-37-2009.csv where npm was run: BOM, CRLF, Chinese names, figures', async () => {
    // Act
    const run = await runExport(['--region', '37', '--year', '2009']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const path = join(directory, 'safe-community-aggregates-37-2009.csv');
    const [printedPath, summary] = run.stdout.trim().split('\n');
    expect(printedPath).toBe(path);
    expect(summary).toMatch(/^37 山东省, 2009: 7 incidents \(no incidents a year earlier\), 0 deaths, 7 injured, 1753\.50 yuan; \d+ child regions; \d+ bytes$/);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const rows = parse(bytes, { bom: true, relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['安全社区 统计导出 / Safe Community aggregates']);
    expect(rows).toContainEqual(['地区 Region', '山东省']);
    const heze = rows.find((row) => row[1] === '菏泽市');
    expect(heze?.slice(0, 6)).toEqual(['3717', '菏泽市', '5', '0', '5', '1252.50']);
    expect(rows.find((row) => row[1] === '济南市')?.slice(2, 3)).toEqual(['2']);
    expect(rows.find((row) => row[0] === 'FALL')?.slice(0, 3)).toEqual(['FALL', '跌倒/坠落', '4']);
  });

  it('writes a county for a month to --out, relative to where npm was run', async () => {
    // Act
    const run = await runExport(['--region', '371702', '--year', '2009', '--month', '3', '--out', 'mudan-2009-03.csv']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(join(directory, 'mudan-2009-03.csv'));
    const rows = parse(readFileSync(join(directory, 'mudan-2009-03.csv')), { bom: true, relax_column_count: true }) as string[][];
    expect(rows).toContainEqual(['地区 Region', '山东省 菏泽市 牡丹区']);
    expect(rows).toContainEqual(['统计期间 Period', '2009-03']);
    expect(rows.find((row) => row[0] === '371702002')?.slice(1, 3)).toEqual(['西城街道', '1']);
  });

  it('writes the workbook with --format xlsx: the same tables a sheet each, the trend and its chart, the figures as numbers', async () => {
    // Act
    const run = await runExport(['--region', '37', '--year', '2009', '--format', 'xlsx']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const path = join(directory, 'safe-community-aggregates-37-2009.xlsx');
    const [printedPath, summary] = run.stdout.trim().split('\n');
    expect(printedPath).toBe(path);
    expect(summary).toMatch(/^37 山东省, 2009: 7 incidents \(no incidents a year earlier\), 0 deaths, 7 injured, 1753\.50 yuan; \d+ child regions; \d+ bytes$/);
    const bytes = readFileSync(path);
    expect(summary).toContain(`; ${bytes.length} bytes`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name).slice(0, 4)).toEqual(['概况 Overview', '趋势 Trend', '事故 按地区 By region', '事故 按原因 By cause']);
    expect(workbook.getWorksheet('概况 Overview')?.getCell('B3').value).toBe('山东省');
    // 菏泽市's row: the code as text, the counts and the yuan as numbers
    const byRegion = workbook.getWorksheet('事故 按地区 By region')!;
    const heze = byRegion.getRows(4, byRegion.rowCount - 3)?.find((row) => row.getCell(2).value === '菏泽市');
    expect([1, 2, 3, 4, 5, 6].map((column) => heze?.getCell(column).value)).toEqual(['3717', '菏泽市', 5, 0, 5, 1252.5]);
    expect(heze?.getCell(6).numFmt).toBe('#,##0.00');
    // The trend: January to May of 2009 hold the seven incidents (5 of 菏泽, 2 of 济南)
    const trend = workbook.getWorksheet('趋势 Trend')!;
    expect(Array.from({ length: 12 }, (_, index) => trend.getCell(index + 4, 2).value)).toEqual([2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(trend.getCell(16, 2).value).toBe(7);
    expect(chartsOfSheet(await zipEntries(bytes), '趋势 Trend')?.chartParts).toEqual(['xl/charts/chart1.xml']);
  });

  it('writes the workbook of a county for a quarter to --out', async () => {
    // Act
    const run = await runExport(['--region', '371702', '--year', '2009', '--quarter', '1', '--format', 'XLSX', '--out', 'mudan-2009-q1.xlsx']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(join(directory, 'mudan-2009-q1.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(directory, 'mudan-2009-q1.xlsx'));
    const trend = workbook.getWorksheet('趋势 Trend')!;
    expect([4, 5, 6, 7].map((row) => trend.getCell(row, 1).value)).toEqual(['2009-01', '2009-02', '2009-03', '合计 Total']);
    expect([4, 5, 6].map((row) => trend.getCell(row, 6).value)).toEqual(['2008-01', '2008-02', '2008-03']);
  });

  it('exits 2 naming the argument: a missing --region, a bad --quarter, an unknown region, an unknown option', async () => {
    // Act
    const [missingRegion, badQuarter, unknownRegion, unknownOption, missingYear, badFormat] = await Promise.all([
      runExport(['--year', '2009']),
      runExport(['--region', '37', '--year', '2009', '--quarter', '5']),
      runExport(['--region', '99', '--year', '2009']),
      runExport(['--region', '37', '--yaer', '2009']),
      runExport(['--region', '37']),
      runExport(['--region', '37', '--year', '2009', '--format', 'pdf']),
    ]);

    // Assess
    expect(missingRegion.code).toBe(2);
    expect(missingRegion.stderr).toContain('--region is required');
    expect(badQuarter.code).toBe(2);
    expect(badQuarter.stderr).toContain('--quarter: must be 1 to 4');
    expect(unknownRegion.code).toBe(2);
    expect(unknownRegion.stderr).toContain('--region: 99 is not a division code');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("'--yaer'");
    expect(missingYear.code).toBe(2);
    expect(missingYear.stderr).toContain('--year is required');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format: must be csv or xlsx, not pdf');
    for (const run of [missingRegion, badQuarter, unknownRegion, unknownOption, missingYear, badFormat]) expect(run.stdout).toBe('');
    expect(existsSync(join(directory, 'safe-community-aggregates-99-2009.csv'))).toBe(false);
  });

  it('prints the usage with --help', async () => {
    const help = await runExport(['--help']);
    expect(help.code).toBe(0);
    for (const option of ['--region', '--year', '--quarter', '--month', '--from', '--to', '--format', '--out']) expect(help.stdout).toContain(option);
  });
});
