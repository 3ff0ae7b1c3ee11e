/**
 * `npm run import -- FILE [--community ID]`: imports a CSV (UTF-8, with or without BOM, or GBK/
 * GB18030 as Excel on Chinese Windows saves it) or an XLSX workbook (its first sheet) of incidents
 * of any size into the table, in batches, through the same code as the import job and the
 * `importIncidents` mutation (functions/incident/import-run.ts: the same zod validation,
 * externalId guards, transactions and recent-incidents index), acting as ADMIN. What the file is
 * comes from its bytes, never its name; which encoding was read is printed. A file that is
 * neither (a binary file, text in neither encoding) is refused with the line where it fails,
 * before any row is written. `--template` writes the XLSX template instead.
 *
 * Bad rows do not stop it: they go to FILE.rejected.csv (row, line, field, message). Each row
 * carries an externalId unique within its community, so an interrupted import can simply be run
 * again: rows already stored are recognised as duplicates, never doubled.
 *
 * Paths are relative to the directory `npm run` was typed in (INIT_CWD). It talks to DynamoDB
 * directly: the endpoint and table come from the environment (TABLE_NAME …, as loadConfig reads
 * them) or else from .data/runtime.json, written by `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { createAwsClients } from '#core/clients.ts';
import { CSV_BOM, csvLine } from '#core/csv.ts';
import { loadConfig } from '#core/config.ts';
import type { FieldIssue } from '#core/errors.ts';
import { idIssue } from '#core/ids.ts';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import { IncidentImporter } from '#incident/import.ts';
import { describeKind, ImportFileError, nameMismatch } from '#incident/import-file.ts';
import { IMPORT_COLUMNS } from '#incident/import-rows.ts';
import { openImportFile, type ImportTally } from '#incident/import-run.ts';
import { DEFAULT_TEMPLATE_FILE, importTemplate } from '#incident/import-template.ts';
import { RecentIncidentIndex } from '#incident/recent-index.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { writeOrigin } from '#graphql/server.ts';
import { invokedPath, runCommand, stackEnvironment, UsageError } from './local/runtime.ts';

const shortUsage = `usage: npm run import -- FILE.csv|FILE.xlsx [--community ID] [--batch N] [--rejected FILE] [--progress-every MS]
       npm run import -- --template [--out FILE.xlsx]
(npm run import -- --help lists the options and columns)`;

const usage = `usage: npm run import -- FILE.csv|FILE.xlsx [--community ID] [--batch N] [--rejected FILE] [--progress-every MS]
       npm run import -- --template [--out FILE.xlsx]

Imports incidents from a CSV file (a header row, comma-separated; UTF-8 with or without BOM, or
GBK/GB18030 as Excel on Chinese Windows saves it) or an XLSX workbook (its first sheet) into the
local table (from the environment, or .data/runtime.json written by npm start), acting as ADMIN.
What the file is comes from its bytes, not its name; the encoding read is printed. A file in
neither encoding, or a binary file, is refused with the line where it fails before any row is written.
Rows already imported (same community and externalId, same content) are counted as duplicates,
so an interrupted import can be run again. Bad rows are listed in FILE.rejected.csv
(row, line, externalId, communityId, field, message) and do not stop the import.
Paths are relative to the directory you run npm in.

  --community ID      community of rows without a communityId column or cell (must exist)
  --batch N           rows per batch (default 500)
  --rejected FILE     where to list refused rows (default FILE.rejected.csv)
  --progress-every MS progress line interval when stderr is not a terminal (default 2000)
  --template          write the XLSX template (headers, drop-down lists, 填写说明) instead of importing
  --out FILE          where --template writes it (default ./${DEFAULT_TEMPLATE_FILE})

Columns (header names in English or Chinese, as the template writes them; empty cells are
absent values; enum cells take the code in any case or the Chinese label, e.g. 跌倒/坠落 for FALL):
${IMPORT_COLUMNS.map((column) => `  ${column.name.padEnd(15)} ${column.chinese}: ${column.required ? 'required: ' : ''}${column.format}`).join('\n')}

Example:
  externalId,occurredAt,cause,intent,place,activity,severity,deaths,injured,economicLoss,victimAgeGroup,victimSex,description
  MD-2024-0001,2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,MINOR,0,1,1200.00,AGE_75_PLUS,FEMALE,厨房滑倒

Exit status: 0 when the whole file was read and every row stored or reported; 1 on a failure
(run it again to resume); 2 on a usage, header or file error (nothing written).`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      community: { type: 'string' },
      batch: { type: 'string', default: '500' },
      rejected: { type: 'string' },
      'progress-every': { type: 'string', default: '2000' },
      template: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.template) {
    if (positionals.length > 0) throw new UsageError('--template takes no file to import (name the template with --out FILE.xlsx)');
    const out = invokedPath(values.out ?? DEFAULT_TEMPLATE_FILE);
    writeFileSync(out, await importTemplate());
    console.log(`wrote the import template ${out}: fill in the sheet 事故与伤害记录 (its 填写说明 says how), then npm run import -- ${basename(out)} --community ID`);
    return 0;
  }
  if (values.out !== undefined) throw new UsageError('--out goes with --template (the refused rows go to --rejected FILE)');
  const typed = positionals[0];
  if (!typed || positionals.length > 1) throw new UsageError('give exactly one CSV or XLSX file');
  const file = invokedPath(typed);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
  const batchSize = positiveInteger(values.batch, '--batch');
  const progressEvery = positiveInteger(values['progress-every'], '--progress-every');
  const rejectedFile = values.rejected !== undefined ? invokedPath(values.rejected) : `${file.replace(/\.(csv|xlsx|txt)$/i, '')}.rejected.csv`;
  if (values.community !== undefined) {
    const issue = idIssue(values.community);
    if (issue) throw new UsageError(`--community ${values.community}: ${issue}`);
  }

  const config = loadConfig(stackEnvironment());
  const clients = createAwsClients(config.aws);
  try {
    const table = { client: clients.documents, name: config.tableName };
    const principal = { role: 'ADMIN', subject: `import-cli:${userInfo().username}` } as const;
    const pipeline = createWritePipeline(table);
    const origin = writeOrigin(principal, `import-cli:${randomUUID()}`);
    const repository = new IncidentRepository(table, pipeline);
    const communities = new CommunityService(new CommunityRepository(table, pipeline), principal, origin);
    // An unknown community is the command line's fault: said before a single row is read.
    if (values.community !== undefined && !(await communities.find(values.community))) {
      throw new UsageError(`--community ${values.community}: no such community in table ${config.tableName}`);
    }
    const importer = new IncidentImporter(repository, new RecentIncidentIndex(table), communities, principal, origin);

    const opened = await openImportFile(importer, () => createReadStream(file), {
      ...(values.community !== undefined ? { defaultCommunity: values.community } : {}),
      batchSize,
    }).catch((error: unknown) => {
      // The file's own fault (not text, a bad header): like a usage error, nothing was written.
      throw error instanceof ImportFileError ? new UsageError(`${basename(file)}: ${error.issues[0]?.message ?? error.message}`) : error;
    });
    const { kind } = opened.table;
    const mismatch = nameMismatch(file, kind);
    console.log(`reading ${basename(file)} as ${describeKind(kind)}${mismatch ? ` (${mismatch})` : ''}`);

    const started = performance.now();
    const rejected = new RejectedRows(rejectedFile);
    // A CSV streams: its progress is bytes read; a workbook is read whole first: its progress is rows.
    // (At least 1: a bar of total 0 has no ETA to show, and cli-progress prints garbage for it.)
    const total = Math.max(1, opened.table.rowCount ?? statSync(file).size);
    const done = (tally: ImportTally) => (opened.table.rowCount !== undefined ? tally.rows : opened.table.bytesRead());
    const bar = new SingleBar({
      format: `${basename(file)} {bar} {percentage}% | {rows} rows | {created} created | {duplicates} duplicates | {rejected} rejected | {rate} rows/s | ETA {eta_formatted}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: progressEvery,
      etaBuffer: 50,
    });
    let tally: ImportTally = { rows: 0, created: 0, duplicates: 0, rejected: 0 };
    const progress = (latest: ImportTally) => {
      tally = { ...latest };
      bar.update(Math.min(total, done(latest)), { ...latest, rate: Math.round(latest.rows / Math.max(0.001, (performance.now() - started) / 1000)) });
    };
    bar.start(total, 0, { ...tally, rate: 0 });
    process.once('SIGINT', () => {
      bar.stop();
      console.error(`\ninterrupted after ${tally.rows} rows: run the same command again to resume (stored rows count as duplicates)`);
      process.exit(130);
    });
    try {
      tally = await opened.run({ onProgress: progress, onRejected: (row) => rejected.add(row, row.issues) });
      progress(tally);
      // Read to the end: the bar ends full (an empty file or sheet included), with an ETA of 0 s.
      bar.update(total);
    } finally {
      bar.stop();
      await rejected.close();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `imported ${file}: ${tally.rows} rows, ${tally.created} created, ${tally.duplicates} duplicates, ${tally.rejected} rejected` +
        `${tally.rejected > 0 ? ` (see ${rejectedFile})` : ''} in ${seconds.toFixed(1)} s (${Math.round(tally.rows / Math.max(seconds, 0.001))} rows/s)`,
    );
    return 0;
  } finally {
    clients.dynamodb.destroy();
  }
}

/**
 * FILE.rejected.csv, written as rows are refused; a previous run's file is replaced. UTF-8 with a
 * BOM (Excel then shows the Chinese), and every text cell neutralised against formulas
 * (core/csv.ts): an externalId `=HYPERLINK(…)` comes back as the text `'=HYPERLINK(…)`.
 */
class RejectedRows {
  private stream: WriteStream | undefined;

  constructor(private readonly path: string) {
    rmSync(path, { force: true });
  }

  add(where: { row: number | null; line: number | null; externalId: string | null; communityId: string | null }, issues: readonly FieldIssue[]): void {
    if (!this.stream) {
      this.stream = createWriteStream(this.path, { encoding: 'utf8' });
      this.stream.write(`${CSV_BOM}${csvLine(['row', 'line', 'externalId', 'communityId', 'field', 'message'])}`);
    }
    for (const issue of issues) {
      this.stream.write(csvLine([where.row, where.line, where.externalId, where.communityId, issue.field, issue.message]));
    }
  }

  close(): Promise<void> {
    const stream = this.stream;
    return stream ? new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve()))) : Promise.resolve();
  }
}

function positiveInteger(value: string | undefined, option: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${option} must be a positive whole number`);
  return parsed;
}

runCommand({ name: 'import', usage: shortUsage, usageOnError: true, onFailure: 'Run the same command again to resume: rows already stored count as duplicates.' }, main);
