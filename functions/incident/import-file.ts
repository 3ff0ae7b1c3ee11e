import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { BadUserInputError } from '#core/errors.ts';

/**
 * Reading an import file: what it is, decided from its bytes (never from its name), and its rows.
 *
 *   XLSX   a ZIP (PK\x03\x04) holding [Content_Types].xml and xl/workbook.xml: the first sheet,
 *          read with exceljs; the header is its first non-empty row.
 *   CSV    anything else that is text: UTF-8 (with or without the BOM) when every line decodes as
 *          strict UTF-8, otherwise GB18030 (GBK's superset, which Excel on Chinese Windows writes
 *          as "CSV") when every line decodes as strict GB18030. Which one was read is reported.
 *
 * Refused before a single row is read (ImportFileError, BAD_USER_INPUT on `file`), each with the
 * line where it fails: NUL bytes (a binary file), UTF-16 (Excel's "Unicode text"), a ZIP that is
 * no workbook, text that is neither encoding. A name that says .xlsx over CSV bytes (or .csv over
 * a workbook) is read for what the bytes are; the caller says so (`nameMismatch`).
 *
 * Newline bytes never occur inside a character in UTF-8 or GB18030, so each line is decoded on
 * its own: the check streams, and names the first line that does not decode.
 */

export type ImportFormat = 'CSV' | 'XLSX';
/** How a CSV's text was read (UTF_8_BOM: UTF-8 after a byte order mark); XLSX for a workbook (its XML is UTF-8 by the standard). */
export const IMPORT_ENCODINGS = ['UTF_8', 'UTF_8_BOM', 'GB18030', 'XLSX'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** `CSV, UTF-8 with BOM`: what the CLI prints and the rejected-rows sheet says was read. */
export function describeKind(kind: ImportFileKind): string {
  const encodings: Readonly<Record<ImportEncoding, string>> = { UTF_8: 'UTF-8', UTF_8_BOM: 'UTF-8 with BOM', GB18030: 'GBK/GB18030', XLSX: 'first sheet' };
  return `${kind.format}, ${encodings[kind.encoding]}`;
}

export interface ImportFileKind {
  readonly format: ImportFormat;
  readonly encoding: ImportEncoding;
}

/** A file that may be read more than once (the check, then the rows): a path's stream, or bytes in memory. */
export type ImportSource = () => AsyncIterable<Uint8Array>;

export const bytesSource = (bytes: Uint8Array): ImportSource => () => (async function* () {
  yield bytes;
})();

/** The file cannot be read as an import; `line` is where it fails (1-based), when it is one line's fault. */
export class ImportFileError extends BadUserInputError {
  /** What the text was read as, when the refusal came after the encoding was known (a bad header). */
  encoding?: ImportEncoding;

  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super([{ field: 'file', message: line === undefined ? reason : `line ${line}: ${reason}` }]);
    this.name = 'ImportFileError';
  }
}

/** A cell as read: text from a CSV; from a workbook also numbers, dates, booleans and errors (#N/A). */
export type CellValue = string | number | boolean | Date | { readonly error: string } | null;

export interface SourceRow {
  /** Where the row is: the CSV's line (its first, for a quoted cell over several), the sheet's row number. */
  readonly line: number;
  readonly cells: readonly CellValue[];
  /** A CSV record that could not be read at all (an unclosed quote): the row is refused with this. */
  readonly error?: string;
}

export interface ImportTable {
  readonly kind: ImportFileKind;
  readonly header: readonly string[];
  /** The header's line (a workbook's first non-empty row). */
  readonly headerLine: number;
  /** Data rows after the header; empty rows left out. */
  readonly rows: AsyncIterable<SourceRow>;
  /** A workbook's data rows, known before they are read; undefined for a CSV (it streams). */
  readonly rowCount?: number;
  /** Bytes consumed so far (a CSV's progress; a workbook is read whole first). */
  readonly bytesRead: () => number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** What the file is, from its bytes: a workbook, or CSV text in one of the two encodings. Throws ImportFileError otherwise. */
export async function inspectImportFile(source: ImportSource): Promise<ImportFileKind> {
  const head = await firstBytes(source, 4);
  if (ZIP_MAGIC.every((byte, index) => head[index] === byte)) {
    const bytes = await allBytes(source);
    const text = bytes.toString('latin1');
    if (text.includes('[Content_Types].xml') && text.includes('xl/workbook.xml')) return { format: 'XLSX', encoding: 'XLSX' };
    throw new ImportFileError('the file is a ZIP archive but no XLSX workbook (it has no xl/workbook.xml): save it as an Excel workbook (.xlsx) or as CSV');
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new ImportFileError('the file is UTF-16 text (Excel\'s "Unicode Text"): save it as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx)', 1);
  }
  return { format: 'CSV', encoding: await detectEncoding(source) };
}

/**
 * UTF-8 when every line decodes as strict UTF-8; else GB18030 when every line does as strict
 * GB18030; else refused naming the first line that decodes as neither. A NUL byte is refused at once.
 */
async function detectEncoding(source: ImportSource): Promise<ImportEncoding> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const gb18030 = new TextDecoder('gb18030', { fatal: true });
  let utf8FailsAt: number | undefined;
  let gbFailsAt: number | undefined;
  let bom = false;
  let line = 0;
  const check = (bytes: Uint8Array) => {
    line += 1;
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw new ImportFileError(`the file holds NUL bytes (at byte ${nul + 1} of the line): it is a binary file, not CSV text or an XLSX workbook`, line);
    if (utf8FailsAt === undefined && !decodes(utf8, bytes)) utf8FailsAt = line;
    if (gbFailsAt === undefined && !decodes(gb18030, bytes)) gbFailsAt = line;
    if (utf8FailsAt !== undefined && gbFailsAt !== undefined) {
      throw new ImportFileError(
        `the text is neither UTF-8 (it fails on line ${utf8FailsAt}) nor GBK/GB18030: save the file as "CSV UTF-8 (逗号分隔)" or as an Excel workbook (.xlsx)`,
        Math.max(utf8FailsAt, gbFailsAt),
      );
    }
  };
  let pending: Buffer = Buffer.alloc(0);
  let first = true;
  for await (const chunk of source()) {
    let bytes = Buffer.concat([pending, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)]);
    if (first && bytes.length >= 3) {
      first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bom = true;
        bytes = bytes.subarray(3);
      }
    }
    let start = 0;
    for (let newline = bytes.indexOf(0x0a, start); newline >= 0; newline = bytes.indexOf(0x0a, start)) {
      check(bytes.subarray(start, newline));
      start = newline + 1;
    }
    pending = Buffer.from(bytes.subarray(start));
  }
  if (pending.length > 0) check(pending);
  if (utf8FailsAt === undefined) return bom ? 'UTF_8_BOM' : 'UTF_8';
  return 'GB18030';
}

function decodes(decoder: { decode(bytes: Uint8Array): string }, bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The file's header and rows, read as `inspectImportFile` found it. */
export async function openImportTable(source: ImportSource, kind: ImportFileKind): Promise<ImportTable> {
  return kind.format === 'XLSX' ? openWorkbook(source, kind) : openCsv(source, kind);
}

async function openCsv(source: ImportSource, kind: ImportFileKind): Promise<ImportTable> {
  let bytesRead = 0;
  const decoder = new TextDecoder(kind.encoding === 'GB18030' ? 'gb18030' : 'utf-8');
  const text = Readable.from(
    (async function* () {
      for await (const chunk of source()) {
        bytesRead += chunk.byteLength;
        const decoded = decoder.decode(chunk, { stream: true });
        if (decoded) yield decoded;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    })(),
    { objectMode: false },
  );
  // A record csv-parse cannot read (an unclosed quote) is skipped and reported as a row of its own.
  const skipped: SourceRow[] = [];
  const parser = text.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (error: { message?: string; lines?: number } | undefined) => {
        skipped.push({ line: typeof error?.lines === 'number' ? error.lines : 0, cells: [], error: error?.message ?? 'unreadable row' });
        return undefined;
      },
    }),
  );
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await nextRecord(records);
  if (!first) throw new ImportFileError('the file is empty: it needs a header row and rows below it');
  const header = first.record.map((cell) => cell.trim());
  while (header.length > 0 && header.at(-1) === '') header.pop();
  return {
    kind,
    header,
    headerLine: first.info.lines,
    bytesRead: () => bytesRead,
    rows: (async function* () {
      for (;;) {
        const next = await nextRecord(records);
        if (!next) {
          yield* skipped.splice(0);
          return;
        }
        const cells = next.record;
        // info.lines is the line the record ends on; a quoted cell may span several.
        const line = next.info.lines - countLineBreaks(cells);
        // The parser may have skipped a later record already (it reads ahead): each comes in file order.
        while (skipped.length > 0 && (skipped[0] as SourceRow).line < line) yield skipped.shift() as SourceRow;
        if (cells.every((cell) => cell.trim() === '')) continue;
        yield { line, cells };
      }
    })(),
  };
}

async function nextRecord<T>(records: AsyncIterator<T>): Promise<T | undefined> {
  try {
    const next = await records.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    throw new ImportFileError(`the CSV cannot be read (${(error as Error).message})`, typeof lines === 'number' ? lines : undefined);
  }
}

const countLineBreaks = (cells: readonly string[]) => cells.reduce((total, cell) => total + (cell.match(/\n/g)?.length ?? 0), 0);

async function openWorkbook(source: ImportSource, kind: ImportFileKind): Promise<ImportTable> {
  const bytes = await allBytes(source);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs is typed against an older Buffer; the bytes are a Buffer at run time.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ImportFileError(`the workbook cannot be read (${error instanceof Error ? error.message : String(error)}): open it in Excel or WPS and save it again`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('the workbook has no sheet');
  const rows: SourceRow[] = [];
  let header: string[] | undefined;
  let headerLine = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const width = header?.length ?? row.cellCount;
    const cells: CellValue[] = [];
    for (let column = 1; column <= width; column += 1) cells.push(cellValueOf(row.getCell(column).value));
    if (cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''))) return;
    if (!header) {
      header = cells.map((cell) => (cell === null ? '' : String(cell instanceof Date ? cell.toISOString() : typeof cell === 'object' ? cell.error : cell).trim()));
      // Trailing empty header cells are no columns.
      while (header.length > 0 && header.at(-1) === '') header.pop();
      headerLine = rowNumber;
      return;
    }
    rows.push({ line: rowNumber, cells });
  });
  if (!header) throw new ImportFileError(`the first sheet (${sheet.name}) is empty: it needs a header row and rows below it`);
  return {
    kind,
    header,
    headerLine,
    rowCount: rows.length,
    bytesRead: () => bytes.length,
    rows: (async function* () {
      yield* rows;
    })(),
  };
}

/**
 * A workbook cell as the import reads it: rich text as its text, a hyperlink as its text, a
 * formula as its cached result (the value Excel showed when it saved), dates as Dates (exceljs
 * gives a date cell's wall-clock time as if it were UTC), errors as `{ error }`.
 */
export function cellValueOf(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return result === undefined ? null : cellValueOf(result as ExcelJS.CellValue);
  }
  if ('error' in value) return { error: String(value.error) };
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? text : cellValueOf(text as ExcelJS.CellValue);
  }
  return null;
}

async function firstBytes(source: ImportSource, count: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of source()) {
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    length += chunk.byteLength;
    if (length >= count) break;
  }
  return Buffer.concat(parts).subarray(0, count);
}

async function allBytes(source: ImportSource): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source()) parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(parts);
}

/** `name.xlsx` over CSV bytes, or `name.csv` over a workbook: what to tell the user, or undefined when the name agrees. */
export function nameMismatch(fileName: string, kind: ImportFileKind): string | undefined {
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'xlsx' && kind.format === 'CSV') return `the name says .xlsx but the file is CSV text; read as CSV`;
  if ((extension === 'csv' || extension === 'txt') && kind.format === 'XLSX') return `the name says .${extension} but the file is an XLSX workbook; read as XLSX`;
  return undefined;
}
