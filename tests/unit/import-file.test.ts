import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bytesSource, ImportFileError, inspectImportFile, nameMismatch, openImportTable, type SourceRow } from '#incident/import-file.ts';
import { columnOf, columnsOf, headerIssue, importRowOf } from '#incident/import-rows.ts';
import { allowedValuesOf, CAUSE_LABELS, enumCodeOf } from '#incident/labels.ts';
import { CAUSE_LABELS as EXPORTED_CAUSE_LABELS } from '#analytics/export.ts';

/**
 * Reading import files (functions/incident/import-file.ts, import-rows.ts) without engines: what a
 * file is from its bytes, what is refused and with which line, and how cells become a record.
 */

const inspect = (bytes: Uint8Array | string) => inspectImportFile(bytesSource(typeof bytes === 'string' ? Buffer.from(bytes) : bytes));

async function refusal(bytes: Uint8Array | string): Promise<ImportFileError> {
  const error = await inspect(bytes).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

describe('what a file is', () => {
  it('reads UTF-8 with and without BOM, and GB18030 when the text is not UTF-8', async () => {
    expect(await inspect('externalId,cause\nA,跌倒/坠落\n')).toEqual({ format: 'CSV', encoding: 'UTF_8' });
    expect(await inspect('\uFEFFexternalId,cause\nA,跌倒/坠落\n')).toEqual({ format: 'CSV', encoding: 'UTF_8_BOM' });
    // 跌倒 in GBK, as iconv writes it (b5f8 b5b9), verified by the strict decoder.
    const gbk = Buffer.concat([Buffer.from('externalId,cause\nA,'), Buffer.from('b5f8b5b9', 'hex'), Buffer.from('\n')]);
    expect(new TextDecoder('gb18030', { fatal: true }).decode(gbk)).toContain('跌倒');
    expect(await inspect(gbk)).toEqual({ format: 'CSV', encoding: 'GB18030' });
  });

  it('reads a workbook by its bytes, whatever its name, and says when the name disagrees', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('登记簿').addRow(['externalId']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const kind = await inspect(bytes);
    expect(kind).toEqual({ format: 'XLSX', encoding: 'XLSX' });
    expect(nameMismatch('登记簿.csv', kind)).toBe('the name says .csv but the file is an XLSX workbook; read as XLSX');
    expect(nameMismatch('登记簿.xlsx', kind)).toBeUndefined();
    expect(nameMismatch('a.xlsx', { format: 'CSV', encoding: 'UTF_8' })).toBe('the name says .xlsx but the file is CSV text; read as CSV');
  });

  it('refuses binary files, UTF-16, a ZIP that is no workbook and text in neither encoding, with the line', async () => {
    expect((await refusal(Buffer.concat([Buffer.from('a,b\nc,d\n'), Buffer.from([0x65, 0x00, 0x66])]))).issues).toEqual([
      { field: 'file', message: 'line 3: the file holds NUL bytes (at byte 2 of the line): it is a binary file, not CSV text or an XLSX workbook' },
    ]);
    expect((await refusal(Buffer.from('\uFEFFa,b', 'utf16le'))).issues[0]?.message).toMatch(/^line 1: the file is UTF-16 text/);
    expect((await refusal(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]))).issues[0]?.message).toMatch(/ZIP archive but no XLSX workbook/);
    const neither = await refusal(Buffer.concat([Buffer.from('a,b\n'), Buffer.from([0xe8, 0x41, 0x0a]), Buffer.from([0xff, 0x0a])]));
    expect(neither.line).toBe(3);
    expect(neither.issues[0]?.message).toBe('line 3: the text is neither UTF-8 (it fails on line 2) nor GBK/GB18030: save the file as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx)');
  });

  it('gives the CSV rows with their lines, a quoted cell over two lines, and a row it cannot read as a row of its own', async () => {
    const source = bytesSource(Buffer.from('externalId,description\nA,"两行\n描述"\n\nB,"unclosed\n'));
    const table = await openImportTable(source, await inspectImportFile(source));
    const rows: SourceRow[] = [];
    for await (const row of table.rows) rows.push(row);
    expect(table.header).toEqual(['externalId', 'description']);
    expect(rows[0]).toEqual({ line: 2, cells: ['A', '两行\n描述'] });
    expect(rows.at(-1)?.error).toMatch(/Quote Not Closed/i);
  });
});

describe('headers and cells', () => {
  it('matches headers in English, Chinese, bilingual and with a unit or a required mark', () => {
    expect(['External ID', '记录编号', '记录编号* externalId', 'occurred_at', '经济损失（元）', '经济损失(元) economicLoss', '事故类型'].map((header) => columnOf(header)?.name)).toEqual([
      'externalId',
      'externalId',
      'externalId',
      'occurredAt',
      'economicLoss',
      'economicLoss',
      'accidentType',
    ]);
    expect(columnOf('发生时间 cause')).toBeUndefined();
    expect(headerIssue(['记录编号', 'externalId'], true)).toBe('column(s) named twice: externalId');
    expect(headerIssue(['记录编号', '天气'], true)).toBe('unknown column(s) 天气');
    expect(headerIssue(['记录编号'], false)).toMatch(/^missing column\(s\) occurredAt, cause, .*communityId \(or a default community\)$/);
    // The rejected rows' workbook's own two columns are read past.
    expect(columnsOf(['行号 Line', '原因 Reason', '记录编号'])).toEqual([undefined, undefined, columnOf('externalId')]);
  });

  it('takes codes and the export\'s labels in enum cells, and names the allowed values otherwise', () => {
    expect(EXPORTED_CAUSE_LABELS).toBe(CAUSE_LABELS);
    expect(enumCodeOf('cause', ' 跌倒/坠落\u3000')).toBe('FALL');
    expect(enumCodeOf('cause', 'fall')).toBe('FALL');
    expect(enumCodeOf('place', '工业和建筑场所')).toBe('WORKPLACE');
    expect(enumCodeOf('victimSex', '女')).toBe('FEMALE');
    expect(enumCodeOf('cause', '陨石')).toBeUndefined();
    expect(allowedValuesOf('intent')).toBe('非故意 (UNINTENTIONAL)、自残/自杀 (SELF_HARM)、暴力/攻击 (ASSAULT)、不详 (UNKNOWN)');
  });

  it('converts times, counts and money as spreadsheets write them, and refuses the cells it cannot read by column', () => {
    const columns = columnsOf(['externalId', 'occurredAt', 'cause', 'deaths', 'injured', 'economicLoss', 'description']);
    const row = (cells: SourceRow['cells']) => importRowOf(1, { line: 2, cells }, columns, 'com_x');
    expect(row([1001, '2024年5月1日 9:05', '跌倒/坠落', 0, '1', '¥1,200.50', '  厨房  ']).record).toEqual({
      externalId: '1001', occurredAt: '2024-05-01 09:05:00', cause: 'FALL', deaths: 0, injured: 1, economicLoss: 120050, description: '厨房',
    });
    expect(row(['A', new Date(Date.UTC(2024, 4, 1, 14, 30)), 'FALL', 0, 1, 1200.5, null]).record).toMatchObject({ occurredAt: '2024-05-01 14:30:00', economicLoss: 120050 });
    // 45413.6041666… is 2024-05-01 14:30 in Excel's 1900 date system.
    expect(row(['A', 45413 + 14.5 / 24, 'FALL', 0, 1, null, null]).record).toMatchObject({ occurredAt: '2024-05-01 14:30:00' });
    expect(row(['A', '2024/5/1 14:30', 'FALL', 1.5, { error: '#N/A' }, 12.345, null]).issues).toEqual([
      { field: 'deaths', message: 'must be a whole number' },
      { field: 'injured', message: 'the cell holds the spreadsheet error #N/A' },
      { field: 'economicLoss', message: 'must be a non-negative amount in yuan with at most two decimals, e.g. 1234.50' },
    ]);
    expect(row(['A', '2024/5/1 14:30', 'FALL', 0, 1, null, null]).communityId).toBe('com_x');
  });
});
