import type { FieldIssue } from '#core/errors.ts';
import { type CellValue, ImportFileError, type ImportSource, type ImportTable, inspectImportFile, openImportTable } from './import-file.ts';
import { columnsOf, headerIssue, importRowOf } from './import-rows.ts';
import type { ImportRow, ImportRowOutcome, IncidentImporter, PreparedImport } from './import.ts';

/**
 * One import of a file, the same for `npm run import` and the import job: the file is inspected
 * (format and encoding, from its bytes: import-file.ts) and its header checked before a single row
 * is read, then its rows go to the importer in batches — each batch validated and looked up while
 * the previous one is written — with the counts after every batch and each refused row reported.
 * Nothing is all or nothing here: bad rows are reported and skipped, and a run interrupted at any
 * point can be run again (the externalId guards recognise what is stored).
 */

export interface ImportTally {
  rows: number;
  created: number;
  duplicates: number;
  rejected: number;
}

/** A refused row: where it is, what it was, and why (one issue per field). */
export interface RejectedRow {
  /** The data row's position (1-based, header excluded); null when it could not be read at all. */
  readonly row: number | null;
  /** The CSV line or the sheet's row number. */
  readonly line: number | null;
  readonly externalId: string | null;
  readonly communityId: string | null;
  readonly issues: readonly FieldIssue[];
  /** The row's cells as read, under the file's header (ImportTable.header). */
  readonly cells: readonly CellValue[];
}

export interface ImportFileRun {
  readonly table: ImportTable;
  /** Writes every row; resolves with the final counts. */
  run(hooks?: ImportHooks): Promise<ImportTally>;
}

export interface ImportHooks {
  /** After each batch is written, with the counts so far. */
  readonly onProgress?: (tally: Readonly<ImportTally>) => void | Promise<void>;
  readonly onRejected?: (rejected: RejectedRow) => void | Promise<void>;
}

export interface ImportFileOptions {
  /** The community of rows without a communityId column or cell. */
  readonly defaultCommunity?: string;
  /** Rows per batch (500 unless told). */
  readonly batchSize?: number;
}

/** Inspects the file and its header (ImportFileError when either is refused; nothing is written), ready to run. */
export async function openImportFile(importer: IncidentImporter, source: ImportSource, options: ImportFileOptions = {}): Promise<ImportFileRun> {
  const kind = await inspectImportFile(source);
  const table = await openImportTable(source, kind);
  const issue = headerIssue(table.header, options.defaultCommunity !== undefined);
  if (issue) throw new ImportFileError(`the header ${issue}`, table.headerLine);
  const columns = columnsOf(table.header);
  const batchSize = options.batchSize ?? 500;

  return {
    table,
    async run(hooks: ImportHooks = {}): Promise<ImportTally> {
      const tally: ImportTally = { rows: 0, created: 0, duplicates: 0, rejected: 0 };
      let writing: Promise<void> = Promise.resolve();
      let batch: (ImportRow & { line: number; cells: readonly CellValue[] })[] = [];

      const count = async (outcome: ImportRowOutcome, line: number | null, cells: readonly CellValue[]) => {
        if (outcome.status === 'CREATED') tally.created += 1;
        else if (outcome.status === 'DUPLICATE' || outcome.status === 'PREVIOUSLY_DELETED') tally.duplicates += 1;
        else if (outcome.status === 'REJECTED') {
          tally.rejected += 1;
          await hooks.onRejected?.({ row: outcome.row, line, externalId: outcome.externalId, communityId: outcome.communityId, issues: outcome.errors, cells });
        }
      };
      const write = async (prepared: PreparedImport, rows: readonly (ImportRow & { line: number; cells: readonly CellValue[] })[]) => {
        const { written } = await importer.write(prepared, { atomic: false });
        const byRow = new Map(rows.map((row) => [row.row, row]));
        for (const outcome of importer.outcomesOf(prepared, written)) await count(outcome, byRow.get(outcome.row)?.line ?? null, byRow.get(outcome.row)?.cells ?? []);
        tally.rows += rows.length;
        await hooks.onProgress?.(tally);
      };
      const flush = async () => {
        const rows = batch;
        batch = [];
        // Validate and look up the next batch while the previous one is written.
        const prepared = await importer.prepare(rows);
        await writing;
        writing = write(prepared, rows);
        // Awaited at the next batch or at the end; until then a failure must not count as unhandled.
        writing.catch(() => undefined);
      };

      let row = 0;
      for await (const source of table.rows) {
        row += 1;
        batch.push({ ...importRowOf(row, source, columns, options.defaultCommunity), line: source.line, cells: source.cells });
        if (batch.length >= batchSize) await flush();
      }
      if (batch.length > 0) await flush();
      await writing;
      // The last batch's counters and recent index (each batch's follow its rows: import-counts.ts).
      await importer.settled();
      return tally;
    },
  };
}
