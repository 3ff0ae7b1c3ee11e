import { randomUUID } from 'node:crypto';
/**
 * `npm run import -- FILE.csv [--community ID]`: streams a CSV of incidents of any size into the
 * table, in batches, through the same import code as the `importIncidents` mutation (the same
 * zod validation, externalId guards, transactions and recent-incidents index), acting as ADMIN.
 *
 * Bad rows do not stop it: they go to FILE.rejected.csv (row, line, field, message). Each row
 * carries an externalId unique within its community, so an interrupted import can simply be run
 * again: rows already stored are recognised as duplicates, never doubled.
 *
 * It talks to DynamoDB directly: the endpoint and table come from the environment (TABLE_NAME …,
 * as loadConfig reads them) or else from .data/runtime.json, written by `npm start`.
 */
import { createReadStream, existsSync, rmSync, statSync, type WriteStream, createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { type CsvError, parse } from 'csv-parse';
import { createAwsClients } from '#core/clients.ts';
import { CSV_BOM, csvLine } from '#core/csv.ts';
import { loadConfig } from '#core/config.ts';
import type { FieldIssue } from '#core/errors.ts';
import { parseYuan } from '#core/money.ts';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import { type ImportRow, type ImportRowOutcome, IncidentImporter, type PreparedImport } from '#incident/import.ts';
import { RecentIncidentIndex } from '#incident/recent-index.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { writeOrigin } from '#graphql/server.ts';
import { runCommand, stackEnvironment, UsageError } from './local/runtime.ts';

/** The columns, by header name (matched without regard to case, spaces, `_` or `-`). */
const COLUMNS = [
  ['externalId', 'required: the row\'s id in your register, unique within the community (makes re-runs safe)'],
  ['communityId', 'the community (defaults to --community ID)'],
  ['occurredAt', 'required: 2024-05-01T14:30:00+08:00, or 2024-05-01 14:30 (Beijing time)'],
  ['cause', 'required: FALL ROAD_TRAFFIC BLUNT_FORCE ANIMAL_BITE CUT BURN POISONING DROWNING SUFFOCATION ELECTRIC_SHOCK FIRE MACHINERY OTHER'],
  ['intent', 'required: UNINTENTIONAL SELF_HARM ASSAULT UNKNOWN'],
  ['place', 'required: HOME ROAD SCHOOL PUBLIC_PLACE SPORTS_VENUE COMMERCIAL WORKPLACE FARMLAND WATER OTHER UNKNOWN'],
  ['activity', 'required: WORK FARMING HOUSEWORK STUDY SPORT LEISURE VITAL_ACTIVITY TRAVEL WALKING OTHER UNKNOWN'],
  ['accidentType', 'GB 6441-86 type (required when place is WORKPLACE): STRUCK_BY_OBJECT VEHICLE MACHINERY LIFTING …'],
  ['severity', 'required: NONE MINOR SERIOUS FATAL'],
  ['deaths', 'required: whole number'],
  ['injured', 'required: whole number'],
  ['economicLoss', 'yuan, at most two decimals: 1234.50'],
  ['victimAgeGroup', 'AGE_0_4 AGE_5_14 AGE_15_24 AGE_25_44 AGE_45_59 AGE_60_74 AGE_75_PLUS UNKNOWN'],
  ['victimSex', 'MALE FEMALE UNKNOWN'],
  ['description', 'free text, at most 2,000 characters'],
] as const;
type Column = (typeof COLUMNS)[number][0];
const ENUM_COLUMNS = new Set<Column>(['cause', 'intent', 'place', 'activity', 'accidentType', 'severity', 'victimAgeGroup', 'victimSex']);
const REQUIRED_COLUMNS: Column[] = ['externalId', 'occurredAt', 'cause', 'intent', 'place', 'activity', 'severity', 'deaths', 'injured'];

const usage = `usage: npm run import -- FILE.csv [--community ID] [--batch N] [--rejected FILE] [--progress-every MS]

Imports incidents from a CSV file (UTF-8, a header row, comma-separated) into the local table
(from the environment, or .data/runtime.json written by npm start), acting as ADMIN.
Rows already imported (same community and externalId, same content) are counted as duplicates,
so an interrupted import can be run again. Bad rows are listed in FILE.rejected.csv
(row, line, externalId, communityId, field, message) and do not stop the import.

  --community ID      community of rows without a communityId column or cell
  --batch N           rows per batch (default 500)
  --rejected FILE     where to list refused rows (default FILE.rejected.csv)
  --progress-every MS progress line interval when stderr is not a terminal (default 2000)

Columns (header names; empty cells are absent values; enum values in any case):
${COLUMNS.map(([name, description]) => `  ${name.padEnd(15)} ${description}`).join('\n')}

Example:
  externalId,occurredAt,cause,intent,place,activity,severity,deaths,injured,economicLoss,victimAgeGroup,victimSex,description
  MD-2024-0001,2024-05-01 14:30,FALL,UNINTENTIONAL,HOME,HOUSEWORK,MINOR,0,1,1200.00,AGE_75_PLUS,FEMALE,厨房滑倒

Exit status: 0 when the whole file was read and every row stored or reported; 1 on a failure
(run it again to resume); 2 on a usage or header error.`;

interface Tally {
  rows: number;
  created: number;
  duplicates: number;
  rejected: number;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      community: { type: 'string' },
      batch: { type: 'string', default: '500' },
      rejected: { type: 'string' },
      'progress-every': { type: 'string', default: '2000' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give exactly one CSV file');
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
  const batchSize = positiveInteger(values.batch, '--batch');
  const progressEvery = positiveInteger(values['progress-every'], '--progress-every');
  const rejectedFile = values.rejected ?? `${file.replace(/\.csv$/i, '')}.rejected.csv`;

  const config = loadConfig(stackEnvironment());
  const clients = createAwsClients(config.aws);
  const table = { client: clients.documents, name: config.tableName };
  const principal = { role: 'ADMIN', subject: `import-cli:${userInfo().username}` } as const;
  const pipeline = createWritePipeline(table);
  const origin = writeOrigin(principal, `import-cli:${randomUUID()}`);
  const repository = new IncidentRepository(table, pipeline);
  const importer = new IncidentImporter(
    repository,
    new RecentIncidentIndex(table),
    new CommunityService(new CommunityRepository(table, pipeline), principal, origin),
    principal,
    origin,
  );

  const started = performance.now();
  const tally: Tally = { rows: 0, created: 0, duplicates: 0, rejected: 0 };
  const rejected = new RejectedRows(rejectedFile);
  const size = statSync(file).size;
  const bar = new SingleBar({
    format: `${basename(file)} {bar} {percentage}% | {rows} rows | {created} created | {duplicates} duplicates | {rejected} rejected | {rate} rows/s | ETA {eta_formatted}`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: progressEvery,
    etaBuffer: 50,
  });
  const progress = (bytes: number) =>
    bar.update(bytes, { ...tally, rate: Math.round(tally.rows / Math.max(0.001, (performance.now() - started) / 1000)) });
  // The bar starts once the header is known good, so a header error prints alone.
  const startBar = () => bar.start(size, 0, { ...tally, rate: 0 });

  process.once('SIGINT', () => {
    bar.stop();
    console.error(`\ninterrupted after ${tally.rows} rows: run the same command again to resume (stored rows count as duplicates)`);
    process.exit(130);
  });

  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
      columns: (header: string[]) => {
        const columns = columnsOf(header, values.community !== undefined);
        startBar();
        return columns;
      },
      on_skip: (error: CsvError | undefined) => {
        tally.rows += 1;
        tally.rejected += 1;
        rejected.add({ row: null, line: lineOf(error), externalId: null, communityId: null }, [{ field: '(row)', message: error?.message ?? 'unreadable row' }]);
        return undefined;
      },
    }),
  );

  let writing: Promise<void> = Promise.resolve();
  let batch: (ImportRow & { line: number })[] = [];
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
  const write = async (prepared: PreparedImport, rows: readonly (ImportRow & { line: number })[]) => {
    const { written } = await importer.write(prepared, { atomic: false });
    const lines = new Map(rows.map((row) => [row.row, row.line]));
    for (const outcome of importer.outcomesOf(prepared, written)) count(outcome, lines.get(outcome.row) ?? null);
    progress(parser.info.bytes);
  };
  const count = (outcome: ImportRowOutcome, line: number | null) => {
    if (outcome.status === 'CREATED') tally.created += 1;
    else if (outcome.status === 'DUPLICATE' || outcome.status === 'PREVIOUSLY_DELETED') tally.duplicates += 1;
    else if (outcome.status === 'REJECTED') {
      tally.rejected += 1;
      rejected.add({ row: outcome.row, line, externalId: outcome.externalId, communityId: outcome.communityId }, outcome.errors);
    }
  };

  let row = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      row += 1;
      tally.rows += 1;
      batch.push({ ...csvRow(row, record, values.community), line: info.lines });
      if (batch.length >= batchSize) {
        await flush();
        progress(parser.info.bytes);
      }
    }
    if (batch.length > 0) await flush();
    await writing;
  } finally {
    progress(parser.info.bytes);
    bar.stop();
    await rejected.close();
    clients.dynamodb.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `imported ${file}: ${tally.rows} rows, ${tally.created} created, ${tally.duplicates} duplicates, ${tally.rejected} rejected` +
      `${tally.rejected > 0 ? ` (see ${rejectedFile})` : ''} in ${seconds.toFixed(1)} s (${Math.round(tally.rows / Math.max(seconds, 0.001))} rows/s)`,
  );
  return 0;
}

const normalise = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');
const COLUMN_BY_KEY = new Map<string, Column>(COLUMNS.map(([name]) => [normalise(name), name]));

function columnsOf(header: string[], hasDefaultCommunity: boolean): Column[] {
  const columns = header.map((name) => COLUMN_BY_KEY.get(normalise(name)));
  const unknown = header.filter((_, index) => columns[index] === undefined);
  if (unknown.length > 0) throw new UsageError(`unknown column(s) ${unknown.join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (!columns.includes('communityId') && !hasDefaultCommunity) missing.push('communityId (or --community ID)' as Column);
  if (missing.length > 0) throw new UsageError(`missing column(s) ${missing.join(', ')}`);
  return columns as Column[];
}

/**
 * A CSV row as the import takes a record: empty cells left out, numbers and money converted
 * (a cell that is not one is reported for its column), enum values upper-cased. Everything else
 * is judged by the same zod schema as the mutation's rows.
 */
function csvRow(row: number, cells: Record<string, string>, defaultCommunity: string | undefined): ImportRow {
  const record: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const [column, raw] of Object.entries(cells) as [Column, string | undefined][]) {
    const cell = raw?.trim() ?? '';
    if (cell === '' || column === 'communityId') continue;
    if (column === 'deaths' || column === 'injured') {
      if (/^-?\d+$/.test(cell)) record[column] = Number(cell);
      else issues.push({ field: column, message: 'must be a whole number' });
    } else if (column === 'economicLoss') {
      const fen = parseYuan(cell);
      if (fen === undefined) issues.push({ field: column, message: 'must be a non-negative amount in yuan with at most two decimals, e.g. 1234.50' });
      else record[column] = fen;
    } else record[column] = ENUM_COLUMNS.has(column) ? cell.toUpperCase() : cell;
  }
  const communityId = cells.communityId?.trim() || defaultCommunity;
  return { row, communityId, record, issues };
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

function lineOf(error: CsvError | undefined): number | null {
  const lines = error?.lines;
  return typeof lines === 'number' ? lines : null;
}

function positiveInteger(value: string | undefined, option: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${option} must be a positive whole number`);
  return parsed;
}


runCommand({ name: 'import', usage, helpLists: 'the options and columns', onFailure: 'Run the same command again to resume: rows already stored count as duplicates.' }, main);
