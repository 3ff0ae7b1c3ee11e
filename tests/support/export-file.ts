import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';

export interface ExportTable {
  readonly title: string;
  readonly header: string[];
  readonly rows: string[][];
}

export interface DownloadedExport {
  readonly bytes: Buffer;
  readonly headers: Headers;
  /** The file's tables: title, header and rows, split at the empty rows. */
  readonly tables: ExportTable[];
}

/** Fetches an aggregate export's link as a browser would, and reads the file as a spreadsheet would. */
export async function downloadExport(url: string): Promise<DownloadedExport> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const records = parse(bytes, { bom: true, relax_column_count: true }) as string[][];
  const tables: ExportTable[] = [];
  let block: string[][] = [];
  for (const record of [...records, ['']]) {
    if (record.length === 1 && record[0] === '') {
      const [[title = ''] = [], header = [], ...rows] = block;
      tables.push({ title, header, rows });
      block = [];
    } else block.push(record);
  }
  return { bytes, headers: response.headers, tables };
}

/** The file's table whose title holds `titlePart`; throws naming the titles there are. */
export function exportTable(file: DownloadedExport, titlePart: string): ExportTable {
  const found = file.tables.find((candidate) => candidate.title.includes(titlePart));
  if (!found) throw new Error(`no table "${titlePart}" in ${file.tables.map((candidate) => candidate.title).join(' | ')}`);
  return found;
}
