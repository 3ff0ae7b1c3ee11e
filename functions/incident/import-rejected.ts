import ExcelJS from 'exceljs';
import type { CellValue } from './import-file.ts';
import { columnOf } from './import-rows.ts';
import type { RejectedRow } from './import-run.ts';

/**
 * The rejected rows of an import job as an XLSX workbook (未导入的行): the file's own header and
 * the rows as they were read, so the office can correct them in place and send the sheet again,
 * with two columns before them — the row's line in the file (行号) and why it was refused (原因:
 * each problem with its column's Chinese name) — and a 说明 sheet saying what was read and counted.
 * Cells are written as values (text stays text), never as formulas.
 */
export const REJECTED_SHEET = '未导入的行';

export async function rejectedRowsWorkbook(input: {
  readonly fileName: string;
  readonly header: readonly string[];
  readonly rows: readonly RejectedRow[];
  readonly read: string;
  readonly counts: { readonly processed: number; readonly created: number; readonly duplicates: number; readonly rejected: number };
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '安全社区创建数据平台';
  const sheet = workbook.addWorksheet(REJECTED_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.addRow(['行号 Line', '原因 Reason', ...input.header]);
  sheet.getRow(1).font = { bold: true };
  for (const row of [...input.rows].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))) {
    sheet.addRow([row.line, reasonOf(row), ...row.cells.map(cellOf)]);
  }
  sheet.getColumn(1).width = 10;
  sheet.getColumn(2).width = 60;
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  input.header.forEach((name, index) => {
    sheet.getColumn(index + 3).width = Math.min(40, Math.max(12, [...name].reduce((width, char) => width + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 2)));
  });
  const notes = workbook.addWorksheet('说明');
  notes.columns = [{ width: 16 }, { width: 60 }];
  for (const line of [
    ['文件', input.fileName],
    ['读取方式', input.read],
    ['已处理行数', input.counts.processed],
    ['新导入', input.counts.created],
    ['重复（已导入过）', input.counts.duplicates],
    ['未导入', input.counts.rejected],
    ['说明', `"${REJECTED_SHEET}"表列出未导入的行及原因；在本表中改正后即可作为新文件再次上传（"行号"和"原因"两列导入时不读；已导入的行计为重复，不会重复写入）。`],
  ] as const) {
    notes.addRow([...line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `伤害原因 cause: "陨石" is none of …; 受伤人数 injured: must be a whole number`. */
function reasonOf(row: RejectedRow): string {
  return row.issues
    .map((issue) => {
      const column = columnOf(issue.field);
      return `${column ? `${column.chinese} ${column.name}` : issue.field}: ${issue.message}`;
    })
    .join('；\n');
}

function cellOf(cell: CellValue): ExcelJS.CellValue {
  if (cell === null || typeof cell !== 'object' || cell instanceof Date) return cell;
  return cell.error;
}
