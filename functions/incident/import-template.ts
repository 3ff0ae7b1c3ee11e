import ExcelJS from 'exceljs';
import { bilingualHeader, IMPORT_COLUMNS } from './import-rows.ts';
import { INCIDENT_ENUMS, type IncidentEnumField } from './labels.ts';

/**
 * The import template (`npm run import -- --template`): an XLSX workbook an office fills in and
 * imports as it is.
 *
 *   事故与伤害记录   the header row (bilingual: 发生时间* occurredAt; `*` marks a required column),
 *                    frozen, each header with a note of its format; no sample row, so the filled
 *                    template imports only what was typed. Enum columns carry a drop-down list
 *                    (data validation) of the Chinese labels, the one table in labels.ts, which
 *                    the import reads back; the time column is formatted as a date and time, the
 *                    id columns as text (so 0012 stays 0012).
 *   填写说明         the instructions in Chinese: each column's meaning, whether it is required,
 *                    its format and allowed values, and an example row.
 *   选项             the lists the drop-downs read (hidden).
 */

export const DEFAULT_TEMPLATE_FILE = '事故与伤害记录导入模板.xlsx';
export const TEMPLATE_SHEET = '事故与伤害记录';
export const INSTRUCTIONS_SHEET = '填写说明';
export const LISTS_SHEET = '选项';
/** Rows the drop-down lists and formats cover below the header. */
export const TEMPLATE_ROWS = 5000;

const EXAMPLE: Readonly<Record<string, string>> = {
  externalId: 'MD-2024-0001',
  communityId: '（留空：导入时选定的社区）',
  occurredAt: '2024-05-01 14:30',
  cause: '跌倒/坠落',
  intent: '非故意',
  place: '家中',
  activity: '家务',
  accidentType: '',
  severity: '轻伤',
  deaths: '0',
  injured: '1',
  economicLoss: '1200.00',
  victimAgeGroup: '75岁及以上',
  victimSex: '女',
  description: '厨房地面湿滑，老人滑倒致右腕骨折',
};

/** exceljs 4 has worksheet.dataValidations (a range each, written as one sqref) but does not type it. */
type ValidatedSheet = ExcelJS.Worksheet & { readonly dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

const isEnum = (name: string): name is IncidentEnumField => name in INCIDENT_ENUMS;

/** The column letter of a 1-based column number (A … Z, AA …). */
const letter = (column: number): string => (column > 26 ? letter(Math.floor((column - 1) / 26)) : '') + String.fromCharCode(65 + ((column - 1) % 26));

export async function importTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '安全社区创建数据平台';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] }) as ValidatedSheet;
  const instructions = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });

  // The lists: a column per enum field, its labels from row 2.
  const listColumns = new Map<string, string>();
  Object.entries(INCIDENT_ENUMS).forEach(([field, { codes, labels }], index) => {
    const column = index + 1;
    lists.getCell(1, column).value = field;
    (codes as readonly string[]).forEach((code, row) => {
      lists.getCell(row + 2, column).value = (labels as Readonly<Record<string, string>>)[code] ?? code;
    });
    listColumns.set(field, `'${LISTS_SHEET}'!$${letter(column)}$2:$${letter(column)}$${codes.length + 1}`);
  });

  sheet.columns = IMPORT_COLUMNS.map((column) => ({
    header: bilingualHeader(column),
    key: column.name,
    width: column.name === 'description' ? 40 : Math.max(14, bilingualHeader(column).length + column.chinese.length + 2),
    ...(column.name === 'occurredAt' ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
    ...(column.name === 'externalId' || column.name === 'communityId' ? { style: { numFmt: '@' } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  IMPORT_COLUMNS.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    if (column.required) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    cell.note = `${column.meaning}。${column.required ? '必填。' : '选填。'}${column.formatChinese}`;
    const range = `${letter(index + 1)}2:${letter(index + 1)}${TEMPLATE_ROWS + 1}`;
    if (isEnum(column.name)) {
      sheet.dataValidations.add(range, {
        type: 'list',
        allowBlank: !column.required,
        formulae: [listColumns.get(column.name) as string],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: column.chinese,
        error: `请从下拉列表中选择${column.chinese}（见"${INSTRUCTIONS_SHEET}"）`,
        showInputMessage: true,
        promptTitle: column.chinese,
        prompt: '从下拉列表中选择',
      });
    } else if (column.name === 'deaths' || column.name === 'injured') {
      sheet.dataValidations.add(range, {
        type: 'whole',
        operator: 'between',
        allowBlank: false,
        formulae: [0, 100000],
        showErrorMessage: true,
        errorTitle: column.chinese,
        error: `${column.chinese}须为非负整数`,
      });
    }
  });

  instructions.columns = [
    { header: '列名', key: 'header', width: 28 },
    { header: '含义', key: 'meaning', width: 36 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '格式', key: 'format', width: 48 },
    { header: '可选值', key: 'values', width: 90 },
    { header: '示例', key: 'example', width: 24 },
  ];
  instructions.getRow(1).font = { bold: true };
  for (const column of IMPORT_COLUMNS) {
    const values = isEnum(column.name)
      ? (INCIDENT_ENUMS[column.name].codes as readonly string[]).map((code) => `${(INCIDENT_ENUMS[column.name as IncidentEnumField].labels as Readonly<Record<string, string>>)[code]}（${code}）`).join('、')
      : '';
    instructions.addRow({
      header: bilingualHeader(column),
      meaning: column.meaning,
      required: column.required ? '必填' : '选填',
      format: column.formatChinese,
      values,
      example: EXAMPLE[column.name] ?? '',
    });
  }
  instructions.getColumn('values').alignment = { wrapText: true, vertical: 'top' };
  instructions.getColumn('format').alignment = { wrapText: true, vertical: 'top' };
  instructions.addRow([]);
  for (const line of [
    '填写说明：',
    `1. 在"${TEMPLATE_SHEET}"表中每行填写一起事故或伤害，第一行为表头，请勿修改或删除；列的顺序可以调整，选填列可以删除。`,
    '2. 标有 * 的列必填；分类列请从下拉列表中选择（也可填写英文代码，如 FALL）。',
    '3. 发生时间为北京时间，可填 2024-05-01 14:30、2024/5/1 14:30 或 Excel 日期单元格。',
    '4. 记录编号在本社区内唯一：同一文件再次导入时，已导入的行计为重复，不会重复写入。',
    '5. 情况描述请勿填写姓名、身份证号、电话等个人信息。',
    '6. 导入：npm run import -- 文件.xlsx --community 社区ID，或在前端页面上传本文件；有误的行会列出行号、列名和原因，其余行照常导入。',
  ]) {
    instructions.addRow([line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
