import ExcelJS from 'exceljs';
import type { AggregateWorkbookContent, Cell, ExportTable } from './export.ts';
import { addLineChart, columnLetters, type LineChartSpec } from './xlsx-chart.ts';

/**
 * The aggregate export as an XLSX workbook (issue 13, "Excel out"): the CSV's tables, a sheet
 * each, and the trend with its chart. On each table's sheet: the title in row 1, the header in
 * two frozen rows (中文 above, English below, split from the export's bilingual headers), the
 * key columns (codes, names) frozen too, figures as numbers with their formats — counts
 * #,##0, money in yuan #,##0.00, percentages 0.0% (the export's "12.5" is the cell's 0.125) —
 * total rows in bold, and columns as wide as their text (a CJK character counts two).
 *
 * exceljs writes the workbook; the chart is added to its ZIP by xlsx-chart.ts. This module is
 * exceljs' only user on the export's path: in AWS it runs in a function of its own (the GraphQL
 * function's bundle carries no exceljs, export-renderer.ts), locally in the process.
 */

/** How a column's numbers are shown. */
export type ColumnFormat = 'count' | 'money' | 'percent' | 'decimal';

export const NUMBER_FORMATS: Readonly<Record<ColumnFormat, string>> = {
  count: '#,##0',
  money: '#,##0.00',
  percent: '0.0%',
  decimal: '#,##0.00',
};

/**
 * A column's format, from its header as export.ts writes them: a percentage names itself with
 * %, money with (元)/yuan; rates per 10,000, averages and medians are decimals; every other
 * figure is a count.
 */
export function columnFormat(header: string): ColumnFormat {
  if (header.includes('%')) return 'percent';
  if (/\(元\)|\byuan\b/.test(header)) return 'money';
  if (/每万人|均值|平均|中位数|per 10,000|average|median/i.test(header)) return 'decimal';
  return 'count';
}

/**
 * A bilingual header split into its two rows: "事故起数 Incidents" → 事故起数 / Incidents, at the
 * first space followed by a Latin letter after some Chinese. A header without both stays whole
 * in the first row.
 */
export function splitHeader(header: string): { readonly chinese: string; readonly english: string } {
  for (const match of header.matchAll(/\s+(?=[A-Za-z])/g)) {
    const chinese = header.slice(0, match.index);
    if (/[\u0080-\u{10FFFF}]/u.test(chinese)) return { chinese, english: header.slice(match.index + match[0].length) };
  }
  return { chinese: header, english: '' };
}

/** How many columns a text takes in a spreadsheet's default font: CJK and full-width characters two, others one. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += isWide(character.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Rows above a table's first data row: the title and the two header rows. */
const HEADER_ROWS = 3;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
const KEY_COLUMNS_AT_MOST = 3;
/** Points per line of text in the default 11-point font. */
const LINE_HEIGHT = 15;

/** A cell as the sheet holds it: money strings ("1252.50") become numbers, percentages fractions. */
function sheetValue(cell: Cell, format: ColumnFormat | undefined): string | number | null {
  if (typeof cell === 'number') return format === 'percent' ? cell / 100 : cell;
  if (typeof cell === 'string' && format === 'money' && /^-?\d+\.\d{2}$/.test(cell)) return Number(cell);
  return cell;
}

/** The text a reader sees in a number cell, for the column's width. */
function shownText(value: number, format: ColumnFormat): string {
  if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (format === 'count') return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A total row: the export closes its tables with one ('TOTAL' first, or a name that says 合计). */
function isTotalRow(row: readonly Cell[]): boolean {
  return row[0] === 'TOTAL' || row.slice(0, 2).some((cell) => typeof cell === 'string' && cell.includes('合计'));
}

/** The leading columns that name a row (codes, names, months): text in every row, at most three. */
function keyColumns(table: ExportTable): number {
  const width = table.header?.length ?? 0;
  if (table.rows.length === 0) return 0;
  let keys = 0;
  while (keys < Math.min(width, KEY_COLUMNS_AT_MOST) && table.rows.every((row) => row[keys] === null || typeof row[keys] === 'string')) keys += 1;
  return keys === width ? 0 : keys;
}

function addTableSheet(workbook: ExcelJS.Workbook, table: ExportTable): ExcelJS.Worksheet {
  const header = table.header ?? [];
  const formats = header.map(columnFormat);
  const keys = keyColumns(table);
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', xSplit: keys, ySplit: HEADER_ROWS, topLeftCell: `${columnLetters(keys)}${HEADER_ROWS + 1}` }] });
  const widths = header.map(() => MIN_WIDTH);
  const widen = (column: number, text: string) => {
    widths[column] = Math.max(widths[column] ?? MIN_WIDTH, displayWidth(text) + 2);
  };

  const title = sheet.getCell(1, 1);
  title.value = table.title;
  title.font = { bold: true, size: 12 };

  const split = header.map(splitHeader);
  split.forEach(({ chinese, english }, column) => {
    for (const [row, text] of [
      [2, chinese],
      [3, english],
    ] as const) {
      const cell = sheet.getCell(row, column + 1);
      cell.value = text;
      cell.font = row === 2 ? { bold: true } : { bold: true, color: { argb: 'FF44546A' } };
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', horizontal: column < keys ? 'left' : 'center' };
      widen(column, text);
    }
  });

  table.rows.forEach((row, index) => {
    const sheetRow = sheet.getRow(HEADER_ROWS + 1 + index);
    row.forEach((cell, column) => {
      const format = column < keys ? undefined : formats[column];
      const value = sheetValue(cell, format);
      const target = sheetRow.getCell(column + 1);
      target.value = value;
      if (typeof value === 'number' && format) {
        target.numFmt = NUMBER_FORMATS[format];
        widen(column, shownText(value, format));
      } else if (value !== null) widen(column, String(value));
    });
    if (isTotalRow(row)) sheetRow.font = { bold: true };
  });

  sheet.columns = widths.map((width) => ({ width: Math.min(width, MAX_WIDTH) }));
  return sheet;
}

/** The heading block: label–value pairs under the title, the labels bold, the long notes wrapped. */
function addHeadingSheet(workbook: ExcelJS.Workbook, table: ExportTable): void {
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.getCell(1, 1).value = table.title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  let labelWidth = MIN_WIDTH;
  let valueWidth = MIN_WIDTH;
  table.rows.forEach(([label = null, value = null], index) => {
    const row = sheet.getRow(index + 2);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = value;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    labelWidth = Math.max(labelWidth, displayWidth(String(label ?? '')) + 2);
    valueWidth = Math.max(valueWidth, displayWidth(String(value ?? '')) + 2);
  });
  sheet.columns = [{ width: Math.min(labelWidth, MAX_WIDTH) }, { width: Math.min(valueWidth, MAX_WIDTH) }];
  // A value wider than its column wraps: its row is as tall as its lines (LibreOffice keeps the height it is given).
  table.rows.forEach(([, value = null], index) => {
    const lines = Math.ceil(displayWidth(String(value ?? '')) / (MAX_WIDTH - 2));
    if (lines > 1) sheet.getRow(index + 2).height = LINE_HEIGHT * lines;
  });
}

/** The chart of a table, its ranges on the table's sheet (the data rows below the two header rows). */
function chartOf(table: ExportTable): LineChartSpec | undefined {
  const { chart } = table;
  if (!chart) return undefined;
  const firstRow = HEADER_ROWS;
  const lastRow = HEADER_ROWS + chart.rows - 1;
  const points = table.rows.slice(0, chart.rows);
  const columns = table.header?.length ?? 0;
  return {
    sheet: table.sheet,
    title: chart.title,
    categories: { column: chart.categoryColumn, firstRow, lastRow },
    categoryCache: points.map((row) => String(row[chart.categoryColumn] ?? '')),
    series: chart.series.map(({ column, name }) => ({
      name,
      values: { column, firstRow, lastRow },
      cache: points.map((row) => {
        const value = row[column];
        return typeof value === 'number' ? value : null;
      }),
    })),
    // To the right of the table, below its title: 12 columns by 20 rows.
    anchor: { from: { column: columns + 1, row: 1 }, to: { column: columns + 13, row: 21 } },
    valueFormat: NUMBER_FORMATS.count,
  };
}

/** The workbook's bytes: every table a sheet, in order, and each table's chart. */
export async function renderAggregateWorkbook(content: AggregateWorkbookContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '安全社区 Safe Community';
  for (const table of content.tables) {
    if (table.header) addTableSheet(workbook, table);
    else addHeadingSheet(workbook, table);
  }
  let bytes: Buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  for (const table of content.tables) {
    const chart = chartOf(table);
    if (chart) bytes = await addLineChart(bytes, chart);
  }
  return bytes;
}
