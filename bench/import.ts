/**
 * The import benchmark: throughput of `npm run import` (CSV streamed, every row validated, its
 * externalId looked up, written in TransactWriteItems with the write pipeline's contributors: the
 * analytics counters, the audit entries, the recent-incidents index) against a raw loader that
 * sends the same items (each incident and its externalId guard, built by the same repository code)
 * with BatchWriteItem, 25 items per call, to the same DynamoDB Local.
 *
 * Each loader gets a fresh table. Figures: records per second and two ratios, against raw
 * BatchWriteItem with one call in flight (the target, RATIO_TARGET) and with PARALLEL_CALLS calls
 * in flight. After each import run the bench reads the community's province counters back and
 * fails unless they count every row: an import without its counters is not what is measured. For
 * context, the same items through raw TransactWriteItems (what any transactional import pays on
 * DynamoDB Local, which runs transactions one at a time).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BatchGetCommand, BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { countedRegions, counterKeys, periodsOf } from '#analytics/counters.ts';
import { type AwsClients, createAwsClients } from '#core/clients.ts';
import { loadConfig } from '#core/config.ts';
import type { Table } from '#core/db/table.ts';
import type { Community } from '#community/model.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { TRANSACTION_ITEM_BUDGET } from '#incident/import.ts';
import { fingerprintOf, type Incident, importRecordSchema } from '#incident/model.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { createSigningKey } from '#local/auth.ts';
import { ensureTable, freePort, type RunningEngine, startDynamoDbLocal } from '#local/engines.ts';
import { localEnvironment } from '#local/environment.ts';
import { PROJECT_ROOT } from '#local/paths.ts';
import { OUT_DIR } from './lib/build.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { ratio } from './lib/stats.ts';

const ROWS = numberFromEnv('BENCH_IMPORT_ROWS', 20_000);
const ROUNDS = numberFromEnv('BENCH_IMPORT_ROUNDS', 2);
/** The target (issue 14): the import with its counters at least 0.8× raw BatchWriteItem, one call in flight. */
const RATIO_TARGET = 0.8;
const BATCH_WRITE_ITEMS = 25;
const PARALLEL_CALLS = 4;
/** BENCH_IMPORT_CPU_PROF=DIR: each run of the import writes a CPU profile (node --cpu-prof) into DIR. */
const PROFILE_ARGS = process.env.BENCH_IMPORT_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_IMPORT_CPU_PROF] : [];
const UNUSED_S3_ENDPOINT = 'http://127.0.0.1:9';
const HEADER = 'externalId,occurredAt,cause,intent,place,activity,accidentType,severity,deaths,injured,economicLoss,victimAgeGroup,victimSex,description';

export const importBenchmark: BenchmarkModule = {
  name: 'import',
  description: 'npm run import (CSV → validated TransactWriteItems) against raw BatchWriteItem of the same items, records/s',
  async run(report) {
    report.figure(
      `machine: node ${process.version}, ${cpus().length} cpus, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')} at start; ${ROWS.toLocaleString('en')} rows, one community`,
    );
    const rows = registerRows(ROWS);
    const file = join(OUT_DIR, 'import', 'incidents.csv');
    mkdirSync(join(OUT_DIR, 'import'), { recursive: true });
    writeFileSync(file, `${[HEADER, ...rows.map((row) => row.join(','))].join('\n')}\n`);

    report.note('starting DynamoDB Local (in memory) …');
    const dynamodb = await startEngine();
    const signingKey = await createSigningKey();
    const opened: AwsClients[] = [];
    const freshTable = async (name: string) => {
      const env = localEnvironment({ dynamodbEndpoint: dynamodb.endpoint, s3Endpoint: UNUSED_S3_ENDPOINT, tableName: name, bucketName: `${name}-evidence`, signingKey });
      const clients = createAwsClients(loadConfig(env).aws);
      opened.push(clients);
      await ensureTable(clients.dynamodb, name);
      const table: Table = { client: clients.documents, name };
      return { env, table, community: await seedCommunity(table, { name: '基准测试社区' }) };
    };
    try {
      // DynamoDB Local is a JVM: warm it up before anything is timed.
      report.note('warming up DynamoDB Local …');
      const warmupRows = rows.slice(0, Math.min(rows.length, 10_000));
      const warmup = await freshTable('bench-import-warmup');
      await batchWriteAll(warmup.table, itemsOf(warmup.table, warmup.community, warmupRows), 1);
      const warmupTransactions = await freshTable('bench-import-warmup-transactions');
      await transactWriteAll(warmupTransactions.table, itemsOf(warmupTransactions.table, warmupTransactions.community, warmupRows));
      // And the kinds of request the import sends that the raw loaders do not (counter ADDs, the
      // recent index, the pending items' Query and Delete), so its first round is not the JVM's first of them.
      const warmupImportRows = rows.slice(0, Math.min(rows.length, 2_000));
      const warmupFile = join(OUT_DIR, 'import', 'incidents-warmup.csv');
      writeFileSync(warmupFile, `${[HEADER, ...warmupImportRows.map((row) => row.join(','))].join('\n')}\n`);
      const warmupImport = await freshTable('bench-import-warmup-cli');
      await runCli(warmupImport.env, warmupFile, warmupImport.community.id, dynamodb, warmupImportRows.length);

      // The raw loader writes exactly the items the import writes for a row (the incident and its
      // guard, built by the same repository code). The two alternate, each on a fresh table, and
      // the best round of each counts: the machine is shared and DynamoDB Local keeps warming up.
      const rawRates: number[] = [];
      const cliRuns: { rate: number; wallMs: number }[] = [];
      for (let round = 1; round <= ROUNDS; round += 1) {
        report.note(`round ${round}/${ROUNDS}: raw BatchWriteItem, one call in flight …`);
        const raw = await freshTable(`bench-import-raw-${round}`);
        const rawItems = itemsOf(raw.table, raw.community, rows);
        rawRates.push(await timed(ROWS, () => batchWriteAll(raw.table, rawItems, 1)));
        report.note(`round ${round}/${ROUNDS}: npm run import of ${file} …`);
        const cli = await freshTable(`bench-import-cli-${round}`);
        cliRuns.push(await runCli(cli.env, file, cli.community.id, dynamodb));
        await expectCounted(cli.table, cli.community, rows);
      }
      const rawRate = Math.max(...rawRates);
      const cliRun = cliRuns.reduce((best, run) => (run.rate > best.rate ? run : best));

      report.note('raw TransactWriteItems of the same items …');
      const transact = await freshTable('bench-import-transact');
      const transactItems = itemsOf(transact.table, transact.community, rows);
      const transactRate = await timed(ROWS, () => transactWriteAll(transact.table, transactItems));

      report.note(`raw BatchWriteItem, ${PARALLEL_CALLS} calls in flight …`);
      const parallel = await freshTable('bench-import-parallel');
      const parallelItems = itemsOf(parallel.table, parallel.community, rows);
      const parallelRate = await timed(ROWS, () => batchWriteAll(parallel.table, parallelItems, PARALLEL_CALLS));

      report.figure(
        `import throughput: npm run import ${rate(cliRun.rate)}, raw BatchWriteItem ${rate(rawRate)} (${BATCH_WRITE_ITEMS} items per call, one in flight), ` +
          `ratio ${ratio(cliRun.rate, rawRate)} (target ≥ ${RATIO_TARGET}; best of ${ROUNDS} alternating rounds each: ` +
          `import ${cliRuns.map((run) => Math.round(run.rate)).join(', ')}, raw ${rawRates.map(Math.round).join(', ')} records/s; the CLI's own clock from first row to summary)`,
      );
      report.figure(
        `import wall clock: ${(cliRun.wallMs / 1000).toFixed(1)} s for ${ROWS.toLocaleString('en')} rows including process start and module load ` +
          `(${rate((ROWS * 1000) / cliRun.wallMs)}, ratio ${ratio((ROWS * 1000) / cliRun.wallMs, rawRate)})`,
      );
      report.figure(
        `import against raw BatchWriteItem with ${PARALLEL_CALLS} calls in flight: ${rate(parallelRate)}, ratio ${ratio(cliRun.rate, parallelRate)} ` +
          `(the import's own transactions in flight: see import.ts; DynamoDB Local runs transactions one at a time)`,
      );
      report.figure(
        `context: raw TransactWriteItems of the same items (${TRANSACTION_ITEM_BUDGET - 1 - ((TRANSACTION_ITEM_BUDGET - 1) % 2)} items each, one at a time) ${rate(transactRate)}, ` +
          `import/transactions ratio ${ratio(cliRun.rate, transactRate)}; the import's counters were read back after every run and count every row`,
      );
    } finally {
      for (const clients of opened) clients.dynamodb.destroy();
      await dynamodb.stop();
    }
  },
};

/** A register of one community: deterministic, valid rows, newest last, a description on every 7th. */
function registerRows(count: number): string[][] {
  const causes = ['FALL', 'ROAD_TRAFFIC', 'CUT', 'ANIMAL_BITE', 'BURN'];
  const places = ['HOME', 'ROAD', 'HOME', 'PUBLIC_PLACE', 'HOME'];
  return Array.from({ length: count }, (_, n) => [
    `BENCH-${n}`,
    new Date(Date.UTC(2015, 0, 1) + n * 97_000).toISOString(),
    causes[n % causes.length]!,
    'UNINTENTIONAL',
    places[n % places.length]!,
    'LEISURE',
    '',
    'MINOR',
    '0',
    String(1 + (n % 3)),
    `${n % 5000}.50`,
    'AGE_60_74',
    n % 2 ? 'MALE' : 'FEMALE',
    n % 7 ? '' : `第${n}号 老人在家中跌倒`,
  ]);
}

/** The items the import writes for these rows (incident and externalId guard), built by the repository before any timing. */
function itemsOf(table: Table, community: Community, rows: readonly string[][]): Record<string, unknown>[] {
  const repository = new IncidentRepository(table, createWritePipeline(table));
  const columns = HEADER.split(',');
  const now = new Date().toISOString();
  return rows.flatMap((row) => {
    const cells = Object.fromEntries(columns.map((column, index) => [column, row[index]]).filter(([, cell]) => cell !== ''));
    const record = importRecordSchema.parse({
      ...cells,
      deaths: Number(cells.deaths),
      injured: Number(cells.injured),
      economicLoss: Math.round(Number(cells.economicLoss) * 100),
    });
    const { externalId, ...facts } = record;
    const incident = { id: randomUUID(), communityId: community.id, regionCode: community.regionCode, externalId, ...facts, version: 1, createdAt: now, updatedAt: now } as Incident;
    return repository.createSteps(incident, fingerprintOf(record)).map((step) => step.item.Put?.Item as Record<string, unknown>);
  });
}

async function batchWriteAll(table: Table, items: readonly Record<string, unknown>[], inFlight: number): Promise<void> {
  const calls: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += BATCH_WRITE_ITEMS) calls.push(items.slice(start, start + BATCH_WRITE_ITEMS));
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      let pending = calls[next++]!.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
        const response = await table.client.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
        pending = (response.UnprocessedItems?.[table.name] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** The items in transactions of the import's size (its budget, less the recent-incidents item), one at a time. */
async function transactWriteAll(table: Table, items: readonly Record<string, unknown>[]): Promise<void> {
  const perTransaction = TRANSACTION_ITEM_BUDGET - 1 - ((TRANSACTION_ITEM_BUDGET - 1) % 2);
  for (let start = 0; start < items.length; start += perTransaction) {
    await table.client.send(
      new TransactWriteCommand({
        TransactItems: items.slice(start, start + perTransaction).map((Item) => ({ Put: { TableName: table.name, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
      }),
    );
  }
}

async function runCli(env: Record<string, string>, file: string, communityId: string, dynamodb: RunningEngine, rows = ROWS): Promise<{ rate: number; wallMs: number }> {
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [...PROFILE_ARGS, '--import', 'tsx', 'scripts/import.ts', file, '--community', communityId, '--progress-every', '10000'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`npm run import exited ${code} against ${dynamodb.endpoint}:\n${stderr}`))));
  });
  const wallMs = performance.now() - started;
  const summary = /(\d+) rows, (\d+) created, (\d+) duplicates, (\d+) rejected.* in ([\d.]+) s/.exec(output);
  if (!summary || Number(summary[2]) !== rows) throw new Error(`the import did not create every row: ${output}`);
  return { rate: rows / Number(summary[5]), wallMs };
}


/**
 * DynamoDB Local bound to 127.0.0.1; when its JVM does not answer in time (the launcher that binds
 * it compiles first, slow on a busy shared machine), the plain jar instead, which starts faster
 * but listens on every interface (in memory, for the bench's own rows only).
 */
async function startEngine(): Promise<RunningEngine> {
  try {
    return await startDynamoDbLocal({ port: await freePort() });
  } catch (error) {
    console.error(`DynamoDB Local did not start on 127.0.0.1 (${error instanceof Error ? error.message : String(error)}): starting the plain jar`);
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDynamoDbLocal({ port: await freePort(), host: '0.0.0.0' });
    } catch (error) {
      if (attempt >= 2) throw error;
      console.error(`the plain jar did not answer in time either (${error instanceof Error ? error.message : String(error)}): once more`);
    }
  }
}

/** Fails unless the community's province counters (every shard, every year of the rows) count every row: the import wrote its counters. */
async function expectCounted(table: Table, community: Community, rows: readonly string[][]): Promise<void> {
  const province = countedRegions(community.regionCode)[0] ?? community.regionCode;
  const years = [...new Set(rows.map((row) => periodsOf(row[1]!)[0]))];
  const keys = years.flatMap((year) => counterKeys(province, year));
  let counted = 0;
  for (let start = 0; start < keys.length; start += 100) {
    const response = await table.client.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: keys.slice(start, start + 100), ConsistentRead: true } } }));
    for (const item of response.Responses?.[table.name] ?? []) counted += Number(item.c_total ?? 0);
  }
  if (counted !== rows.length) throw new Error(`the import's counters count ${counted} incidents of ${rows.length} rows: the import must write its analytics counters`);
}

async function timed(records: number, load: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await load();
  return (records * 1000) / (performance.now() - started);
}

function rate(recordsPerSecond: number): string {
  return `${Math.round(recordsPerSecond).toLocaleString('en')} records/s`;
}

function numberFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive integer, not ${value}`);
  return parsed;
}
