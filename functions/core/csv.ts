import { stringify } from 'csv-stringify/sync';

/**
 * CSV as the platform writes it, for spreadsheets: every file (the analytics export, the import's
 * rejected rows) goes through here.
 *
 * Formula injection (OWASP, "CSV Injection"): Excel, LibreOffice and Google Sheets run a cell that
 * starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3+cmd|…`), and
 * a leading tab or carriage return can hide the character that follows. Such a text cell is
 * written with a leading `'`, which the spreadsheet shows as text and does not display. Numbers
 * are written as numbers, negative ones included (`-12.1` in a change-percent column stays a
 * number a spreadsheet can sum): only text cells are neutralised, so a numeric column must be
 * given numbers, not strings.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet may open it: `'` before a leading `=`, `+`, `-`, `@`, tab or CR. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export interface CsvOptions {
  /** Start with a UTF-8 BOM, so Excel reads the Chinese as UTF-8 rather than the local code page. */
  readonly bom?: boolean;
  /** CRLF line ends (RFC 4180; what Excel writes) rather than LF. */
  readonly crlf?: boolean;
}

const stringifyOptions = (options: CsvOptions) => ({
  bom: options.bom ?? false,
  record_delimiter: options.crlf ? ('windows' as const) : ('unix' as const),
  cast: { string: (value: string) => neutraliseCell(value) },
});

/** Rows as CSV text, every text cell neutralised, quoted where needed (`,`, `"`, line breaks). */
export function toCsvText(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  return stringify(
    rows.map((row) => row.map((cell) => cell ?? null)),
    stringifyOptions(options),
  );
}

/** One row as a CSV line with its line end, for files written row by row (no BOM: write it first, see CSV_BOM). */
export function csvLine(row: readonly CsvCell[], options: Pick<CsvOptions, 'crlf'> = {}): string {
  return toCsvText([row], { crlf: options.crlf ?? false });
}

export const CSV_BOM = '\uFEFF';
