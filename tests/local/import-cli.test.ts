
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { storedIncidentCount } from '#tests/support/records.ts';
import { type CliRun, runScript } from '#tests/support/cli.ts';
import { findAll, parseXml, zipEntries } from '#tests/support/xlsx-parts.ts';

/**
 * `npm run import -- FILE.csv` as an operator meets it: a spawned process against this file's own
 * table (the environment createTestApp sets), a progress bar on stderr, a summary on stdout, the
 * refused rows in FILE.rejected.csv, and a re-run after a SIGKILL half-way that completes the
 * import without doubling a single row.
 */
const HEADER = 'externalId,communityId,occurredAt,cause,intent,place,activity,accidentType,severity,deaths,injured,economicLoss,victimAgeGroup,victimSex,description';

let app: TestApp;
let admin: string;
let directory: string;
let communities: string[];

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  directory = mkdtempSync(join(tmpdir(), 'incident-import-'));
  communities = [];
  for (const name of ['导入社区甲', '导入社区乙', '导入社区丙']) {
    const created = await app.doors[1]!.execute(
      'mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }',
      { input: { name, kind: 'TOWN', regionCode: '371702105' } },
      admin,
    );
    communities.push(created.body.data.createCommunity.id);
  }
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await app.close();
});

/** Runs the CLI as `npm run import` does; `killWhen` may SIGKILL it on a line of its progress. */
const runImport = (args: string[], killWhen?: (stderr: string) => boolean): Promise<CliRun> =>
  runScript('scripts/import.ts', args, killWhen ? { killWhen } : {});



/** The last progress percentage the CLI printed. */
function lastPercentage(stderr: string): number {
  const matches = [...stderr.matchAll(/ (\d+)% \|/g)];
  return matches.length > 0 ? Number(matches.at(-1)![1]) : 0;
}

function csvLine(cells: (string | number)[]): string {
  return cells.map((cell) => (/[",\n]/.test(String(cell)) ? `"${String(cell).replaceAll('"', '""')}"` : String(cell))).join(',');
}

describe('npm run import', () => {
  it('prints the columns with --help, and refuses a missing file or a wrong header with status 2', async () => {
    const help = await runImport(['--help']);
    expect(help.code).toBe(0);
    for (const column of HEADER.split(',')) expect(help.stdout).toContain(column);

    const missing = await runImport([join(directory, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');

    const typo = join(directory, 'typo.csv');
    writeFileSync(typo, 'externalId,ocurredAt,cause\nA,2024-01-01 10:00,FALL\n');
    const wrongHeader = await runImport([typo, '--community', communities[0]!]);
    expect(wrongHeader.code).toBe(2);
    expect(wrongHeader.stderr).toContain('ocurredAt');
  });

  it('imports a small file with --community, reporting bad rows by row, line and field', async () => {
    // Prepare: a spreadsheet export without a communityId column, Beijing times, a quoted description
    const file = join(directory, 'small.csv');
    const header = 'External ID,occurred_at,cause,intent,place,activity,accident_type,severity,deaths,injured,economic_loss,victim_age_group,victim_sex,description';
    writeFileSync(
      file,
      [
        `\uFEFF${header}`,
        'S-1,2024-05-01 14:30,fall,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,1200.5,AGE_75_PLUS,FEMALE,"厨房滑倒, 右腕骨折"',
        'S-2,2024-05-02 09:00,MACHINERY,UNINTENTIONAL,WORKPLACE,WORK,MACHINERY,SERIOUS,0,2,,AGE_25_44,MALE,',
        'S-3,2024-05-03 09:00,FALL,UNINTENTIONAL,HOME,LEISURE,,MINOR,-1,1,abc,,,',
        '',
        'S-4,2099-01-01 00:00,METEOR,UNINTENTIONAL,HOME,LEISURE,,MINOR,0,1,,,,',
        'S-1,2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,1200.50,AGE_75_PLUS,FEMALE,"厨房滑倒, 右腕骨折"',
      ].join('\n'),
    );
    // Act
    const run = await runImport([file, '--community', communities[2]!]);
    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/5 rows, 2 created, 1 duplicates, 2 rejected/);
    const report = readFileSync(join(directory, 'small.rejected.csv'), 'utf8').trim().split('\n');
    expect(report[0]).toBe('row,line,externalId,communityId,field,message');
    const refused = report.slice(1).map((line) => line.split(',').slice(0, 5).join(','));
    expect(refused).toEqual(
      expect.arrayContaining([
        `3,4,S-3,${communities[2]},deaths`,
        `3,4,S-3,${communities[2]},economicLoss`,
        `4,6,S-4,${communities[2]},occurredAt`,
        `4,6,S-4,${communities[2]},cause`,
      ]),
    );
    const listed = await app.doors[1]!.execute(
      `query($id: ID!) { incidents(communityId: $id) { edges { node { externalId occurredAt cause economicLoss description } } } }`,
      { id: communities[2] },
      admin,
    );
    expect(listed.body.data.incidents.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { externalId: 'S-2', occurredAt: '2024-05-02T09:00:00.000+08:00', cause: 'MACHINERY', economicLoss: null, description: null },
      { externalId: 'S-1', occurredAt: '2024-05-01T14:30:00.000+08:00', cause: 'FALL', economicLoss: '1200.50', description: '厨房滑倒, 右腕骨折' },
    ]);
  });

  it(
    'imports 50,000 rows with bad ones, killed half-way and run again: every valid row exactly once',
    { timeout: 480_000 },
    async () => {
      // Prepare: 50,000 rows over two communities; every 20th row is bad in one of several ways,
      // and every 500th row repeats an earlier one word for word.
      const file = join(directory, 'register.csv');
      const lines = [HEADER];
      const validPerCommunity = new Map<string, number>(communities.slice(0, 2).map((id) => [id, 0]));
      let bad = 0;
      let repeats = 0;
      const rows: (string | number)[][] = [];
      for (let n = 0; n < 50_000; n += 1) {
        const communityId = communities[n % 2]!;
        const occurredAt = new Date(Date.UTC(2015, 0, 1) + n * 97_000).toISOString();
        let row: (string | number)[] = [`R${n}`, communityId, occurredAt, 'FALL', 'UNINTENTIONAL', 'HOME', 'LEISURE', '', 'MINOR', 0, 1, `${n % 1000}.25`, 'AGE_60_74', n % 2 ? 'MALE' : 'FEMALE', n % 7 ? '' : `第${n}号记录, 老人跌倒`];
        if (n % 20 === 19) {
          bad += 1;
          const kind = (n / 20) % 6;
          if (kind < 1) row[3] = 'METEOR';
          else if (kind < 2) row[9] = -1;
          else if (kind < 3) row[11] = '12.345';
          else if (kind < 4) row[8] = 'FATAL';
          else if (kind < 5) row[1] = 'no-such-community';
          else row[0] = '';
        } else if (n % 500 === 250) {
          repeats += 1;
          row = rows[n - 2]!;
        } else {
          validPerCommunity.set(communityId, validPerCommunity.get(communityId)! + 1);
        }
        rows.push(row);
        lines.push(csvLine(row));
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      const valid = [...validPerCommunity.values()].reduce((sum, count) => sum + count, 0);
      expect(valid + bad + repeats).toBe(50_000);

      // Act 1: killed outright once the progress shows half the file done
      const interrupted = await runImport([file, '--progress-every', '200'], (stderr) => lastPercentage(stderr) >= 50);
      // Assess 1
      expect(interrupted.signal, interrupted.stderr.slice(-2000)).toBe('SIGKILL');
      const partial = (await storedIncidentCount(app.table, communities[0]!)) + (await storedIncidentCount(app.table, communities[1]!));
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(valid);

      // Act 2: the same command again
      const resumed = await runImport([file, '--progress-every', '1000']);
      // Assess 2: complete, nothing doubled, bad rows reported once each
      expect(resumed.code, resumed.stderr.slice(-2000)).toBe(0);
      const summary = /(\d+) rows, (\d+) created, (\d+) duplicates, (\d+) rejected/.exec(resumed.stdout);
      expect(summary, resumed.stdout).not.toBeNull();
      const [, read, created, duplicates, rejected] = summary!.map(Number);
      expect(read).toBe(50_000);
      expect(rejected).toBe(bad);
      expect(created! + duplicates!).toBe(valid + repeats);
      expect(created).toBe(valid - partial);
      for (const [communityId, expected] of validPerCommunity) expect(await storedIncidentCount(app.table, communityId)).toBe(expected);
      expect(resumed.stderr).toMatch(/100% \|/);
      const report = readFileSync(join(directory, 'register.rejected.csv'), 'utf8').trim().split('\n');
      expect(new Set(report.slice(1).map((line) => line.split(',')[0])).size).toBe(bad);

      // The communities' newest ten follow the import.
      for (const communityId of communities.slice(0, 2)) {
        const response = await app.doors[1]!.execute(
          `query($id: ID!) { community(id: $id) { recentIncidents { id } incidents(first: 10) { edges { node { id } } } } }`,
          { id: communityId },
          admin,
        );
        const community = response.body.data.community;
        expect(community.recentIncidents.map((incident: { id: string }) => incident.id)).toEqual(
          community.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id),
        );
      }
    },
  );
});

/**
 * Excel in (issue 13): what a street office's spreadsheet saves. A workbook made by exceljs as a
 * spreadsheet saves one (date cells, rich text, a formula with its cached result, Chinese headers
 * and labels), the same rows as UTF-8 CSV with and without BOM, a GBK CSV from Excel on Chinese
 * Windows (tests/local/fixtures/register-gbk.csv, written by Debian's iconv:
 * `iconv -f UTF-8 -t GB18030`, with a four-byte GB18030 character, 𠀀), a binary file and text in
 * neither encoding (refused with the line, nothing written), the template, paths relative to where
 * npm was run, and an unknown --community.
 */
describe('npm run import: Excel in', () => {
  const LIST = `query($id: ID!) { incidents(communityId: $id, first: 50) { edges { node { externalId occurredAt cause intent place activity accidentType severity deaths injured economicLoss victimAgeGroup victimSex description } } } }`;
  const listed = async (communityId: string) =>
    ((await app.doors[1]!.execute(LIST, { id: communityId }, admin)).body.data.incidents.edges as { node: Record<string, unknown> }[])
      // The instant, whatever offset the API writes it with.
      .map((edge): Record<string, unknown> => ({ ...edge.node, occurredAt: new Date(String(edge.node.occurredAt)).toISOString() }))
      .sort((a, b) => String(a.externalId).localeCompare(String(b.externalId)));
  const newCommunity = async (name: string) =>
    (await app.doors[1]!.execute('mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }', { input: { name, kind: 'TOWN', regionCode: '371702105' } }, admin)).body.data
      .createCommunity.id as string;

  it('imports a workbook as a spreadsheet saves it: date cells, rich text, a formula, Chinese headers and labels', async () => {
    // Prepare
    const community = await newCommunity('导入社区工作簿');
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('登记簿');
    sheet.addRow(['记录编号', '发生时间', '伤害原因', '伤害意图', '发生地点', '发生时活动', '事故类别', '严重程度', '死亡人数', '受伤人数', '经济损失(元)', '伤者年龄组', '伤者性别', '情况描述']);
    sheet.addRow(['X-1', new Date(Date.UTC(2024, 4, 1, 14, 30)), ' 跌倒/坠落 ', '非故意', '家中', '家务', null, '轻伤', 0, 1, 1200.5, '75岁及以上', '女', { richText: [{ text: '厨房', font: { bold: true } }, { text: '滑倒，右腕骨折' }] }]);
    sheet.addRow([1002, '2024/5/2 9:05', 'machinery', 'UNINTENTIONAL', '工业和建筑场所', '工作', '机械伤害', '重伤', 0, { formula: '1+1', result: 2 }, null, '25-44岁', '男', '冲床压伤']);
    sheet.addRow(['X-3', new Date(Date.UTC(2024, 4, 3, 8, 0)), '陨石', '非故意', '家中', '休闲活动', null, '轻伤', 0, 1.5, null, null, null, null]);
    sheet.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
    workbook.addWorksheet('备注').addRow(['not read: only the first sheet is']);
    const file = join(directory, '登记簿.xlsx');
    await workbook.xlsx.writeFile(file);
    // Act
    const run = await runImport([file, '--community', community]);
    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('as XLSX, first sheet');
    expect(run.stdout).toMatch(/3 rows, 2 created, 0 duplicates, 1 rejected/);
    const refused = readFileSync(join(directory, '登记簿.rejected.csv'), 'utf8');
    expect(refused).toContain('X-3');
    expect(refused).toMatch(/4,X-3,[^,]+,cause,"""陨石"" is none of the allowed values: 跌倒\/坠落 \(FALL\)、道路交通 \(ROAD_TRAFFIC\)/);
    expect(refused).toMatch(/X-3,[^,]+,injured,must be a whole number/);
    expect(await listed(community)).toEqual([
      {
        externalId: '1002', occurredAt: '2024-05-02T01:05:00.000Z', cause: 'MACHINERY', intent: 'UNINTENTIONAL', place: 'WORKPLACE', activity: 'WORK', accidentType: 'MACHINERY',
        severity: 'SERIOUS', deaths: 0, injured: 2, economicLoss: null, victimAgeGroup: 'AGE_25_44', victimSex: 'MALE', description: '冲床压伤',
      },
      {
        externalId: 'X-1', occurredAt: '2024-05-01T06:30:00.000Z', cause: 'FALL', intent: 'UNINTENTIONAL', place: 'HOME', activity: 'HOUSEWORK', accidentType: null,
        severity: 'MINOR', deaths: 0, injured: 1, economicLoss: '1200.50', victimAgeGroup: 'AGE_75_PLUS', victimSex: 'FEMALE', description: '厨房滑倒，右腕骨折',
      },
    ]);
  });

  it('reads UTF-8 with and without BOM, and GBK from Excel on Chinese Windows, with the Chinese intact', async () => {
    // Prepare: the GBK fixture, and its text as UTF-8 with and without the BOM
    const gbk = readFileSync(join(import.meta.dirname, 'fixtures', 'register-gbk.csv'));
    const text = new TextDecoder('gb18030', { fatal: true }).decode(gbk);
    expect(text).toContain('𠀀');
    const files = { gbk: join(directory, 'gbk.csv'), bom: join(directory, 'bom.csv'), plain: join(directory, 'plain.csv') };
    writeFileSync(files.gbk, gbk);
    writeFileSync(files.bom, `\uFEFF${text}`);
    writeFileSync(files.plain, text);
    for (const [kind, file] of Object.entries(files)) {
      const community = await newCommunity(`导入社区编码${kind}`);
      // Act
      const run = await runImport([file, '--community', community]);
      // Assess
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain({ gbk: 'as CSV, GBK/GB18030', bom: 'as CSV, UTF-8 with BOM', plain: 'as CSV, UTF-8' }[kind]);
      expect(run.stdout).toMatch(/3 rows, 2 created, 0 duplicates, 1 rejected/);
      const stored = await listed(community);
      expect(stored.map((incident) => [incident.externalId, incident.occurredAt, incident.cause, incident.economicLoss, incident.description])).toEqual([
        ['GBK-1', '2024-05-01T06:30:00.000Z', 'FALL', '1200.50', '厨房地面湿滑，老人滑倒致右腕骨折'],
        ['GBK-2', '2024-05-02T01:05:00.000Z', 'MACHINERY', null, '车间冲床压伤左手（镕、堃、𠀀）'],
      ]);
      expect(readFileSync(file.replace(/\.csv$/, '.rejected.csv'), 'utf8')).toMatch(/3,4,GBK-3,[^,]+,cause,"""陨石"" is none/);
    }
  });

  it('refuses a binary file and text in neither encoding with the line where it fails, writing nothing', async () => {
    const community = await newCommunity('导入社区拒收');
    // A PNG named .csv: its bytes hold NULs
    const png = join(directory, 'photo.csv');
    writeFileSync(png, Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 0)]));
    const binary = await runImport([png, '--community', community]);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/photo\.csv: line 3: the file holds NUL bytes .*binary file/);
    expect(binary.stderr).not.toContain('    at ');
    // Fine text, then a line of bytes that are neither UTF-8 nor GB18030 (0xFF never is)
    const broken = join(directory, 'broken.csv');
    writeFileSync(broken, Buffer.concat([Buffer.from(`${HEADER}\nB-1,${community},2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,,,,厨房\n`), Buffer.from([0x42, 0x2d, 0x32, 0xff, 0xfe, 0x0a])]));
    const undecodable = await runImport([broken]);
    expect(undecodable.code).toBe(2);
    expect(undecodable.stderr).toContain('broken.csv: line 3: the text is neither UTF-8 (it fails on line 3) nor GBK/GB18030');
    // A workbook's name over CSV bytes is read for what it is
    const misnamed = join(directory, 'misnamed.xlsx');
    writeFileSync(misnamed, `${HEADER}\nM-1,${community},2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,,,,\n`);
    const read = await runImport([misnamed]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toContain('as CSV, UTF-8 (the name says .xlsx but the file is CSV text; read as CSV)');
    // Nothing of the refused files was written; the misnamed one's row was
    expect(await storedIncidentCount(app.table, community)).toBe(1);
  });

  it('takes paths relative to where npm was run, and refuses an unknown --community before reading a row', async () => {
    const community = await newCommunity('导入社区相对路径');
    const here = mkdtempSync(join(directory, 'cwd-'));
    writeFileSync(join(here, 'rel.csv'), `${HEADER}\nR-1,,2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,,,,\nR-2,,2024-05-01 14:30,METEOR,UNINTENTIONAL,HOME,HOUSEWORK,,MINOR,0,1,,,,\n`);
    const run = await runScript('scripts/import.ts', ['rel.csv', '--community', community, '--rejected', 'refused.csv'], { cwd: here });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/2 rows, 1 created, 0 duplicates, 1 rejected/);
    expect(readFileSync(join(here, 'refused.csv'), 'utf8')).toContain('R-2');

    const unknown = await runScript('scripts/import.ts', ['rel.csv', '--community', '00000000-0000-4000-8000-000000000000'], { cwd: here });
    expect(unknown.code).toBe(2);
    const lines = unknown.stderr.trim().split('\n');
    expect(lines[0]).toBe(`--community 00000000-0000-4000-8000-000000000000: no such community in table ${app.env.TABLE_NAME}`);
    expect(lines[2]).toMatch(/^usage: npm run import -- /);
    expect(unknown.stdout).toBe('');
    expect(await storedIncidentCount(app.table, community)).toBe(1);
  });

  it('writes a template LibreOffice opens with its sheets, the drop-down lists and the Chinese instructions', async () => {
    // Prepare
    const here = mkdtempSync(join(directory, 'soffice-'));
    const made = await runScript('scripts/import.ts', ['--template'], { cwd: here });
    expect(made.code, made.stderr).toBe(0);
    const path = join(here, '事故与伤害记录导入模板.xlsx');
    // Act: converted to ODS by soffice, with a profile of its own (a running LibreOffice would take the job over)
    await promisify(execFile)('soffice', [`-env:UserInstallation=file://${join(here, 'profile')}`, '--headless', '--convert-to', 'ods', '--outdir', here, path], { timeout: 90_000 });
    const ods = await zipEntries(readFileSync(path.replace(/\.xlsx$/, '.ods')));
    // Assess
    const content = parseXml(ods.get('content.xml')!.toString('utf8'));
    expect(findAll(content, 'table:table').map((table) => table.attributes['table:name'])).toEqual(['事故与伤害记录', '填写说明', '选项']);
    const conditions = findAll(content, 'table:content-validation').map((validation) => validation.attributes['table:condition'] ?? '');
    expect(conditions.some((condition) => condition.includes('cell-content-is-in-list') && condition.includes('选项'))).toBe(true);
    const texts = findAll(content, 'text:p').map((text) => text.text);
    expect(texts).toContain('伤害原因* cause');
    expect(texts.some((text) => text.includes('标有 * 的列必填'))).toBe(true);
  }, 120_000);

  it('writes the template (drop-down lists from the labels, 填写说明 in Chinese), which imports once filled in', async () => {
    // Act 1: the template, by a relative --out
    const here = mkdtempSync(join(directory, 'template-'));
    const made = await runScript('scripts/import.ts', ['--template', '--out', '模板.xlsx'], { cwd: here });
    expect(made.code, made.stderr).toBe(0);
    const file = join(here, '模板.xlsx');
    // Assess 1: read back with exceljs
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((sheet) => [sheet.name, sheet.state])).toEqual([
      ['事故与伤害记录', 'visible'],
      ['填写说明', 'visible'],
      ['选项', 'hidden'],
    ]);
    const sheet = workbook.getWorksheet('事故与伤害记录')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['记录编号* externalId', '社区ID communityId', '发生时间* occurredAt', '伤害原因* cause']);
    expect(sheet.rowCount).toBe(1);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    expect(validations.D2).toMatchObject({ type: 'list', formulae: ["'选项'!$A$2:$A$14"] });
    expect(validations.D5001).toMatchObject({ type: 'list' });
    const lists = workbook.getWorksheet('选项')!;
    expect(lists.getColumn(1).values.slice(2)).toEqual(['跌倒/坠落', '道路交通', '钝器', '动物伤', '刀/锐器', '烧烫伤', '中毒', '溺水', '窒息', '触电', '火灾', '机械', '其他']);
    const instructions = workbook.getWorksheet('填写说明')!;
    const causeRow = instructions.getRows(1, instructions.rowCount)!.find((row) => row.getCell(1).value === '伤害原因* cause')!;
    expect(causeRow.getCell(3).value).toBe('必填');
    expect(String(causeRow.getCell(5).value)).toContain('跌倒/坠落（FALL）、道路交通（ROAD_TRAFFIC）');
    expect(instructions.getColumn(1).values.join('\n')).toContain('标有 * 的列必填');

    // Act 2: filled in as an office would (labels from the lists, a date cell), then imported
    const community = await newCommunity('导入社区模板');
    const labelOf = (column: number, row: number) => lists.getCell(row, column).value;
    sheet.addRow(['T-1', null, new Date(Date.UTC(2024, 5, 1, 8, 15)), labelOf(1, 2), labelOf(2, 2), labelOf(3, 2), labelOf(4, 4), null, labelOf(6, 3), 0, 1, 35, labelOf(7, 8), labelOf(8, 3), '楼梯踩空']);
    await workbook.xlsx.writeFile(file);
    const imported = await runScript('scripts/import.ts', ['模板.xlsx', '--community', community], { cwd: here });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/1 rows, 1 created, 0 duplicates, 0 rejected/);
    expect((await listed(community)).map((incident) => [incident.occurredAt, incident.cause, incident.intent, incident.place, incident.activity, incident.severity, incident.economicLoss, incident.victimAgeGroup, incident.victimSex, incident.description])).toEqual([
      ['2024-06-01T00:15:00.000Z', 'FALL', 'UNINTENTIONAL', 'HOME', 'HOUSEWORK', 'MINOR', '35.00', 'AGE_75_PLUS', 'FEMALE', '楼梯踩空'],
    ]);
  });
});
