import { randomUUID } from 'node:crypto';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedRegions, counterKeys } from '#analytics/counters.ts';
import { recomputeAggregates } from '#analytics/recompute.ts';
import { CommunityRepository } from '#community/repository.ts';
import { CommunityService } from '#community/service.ts';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { csvLine } from '#core/csv.ts';
import { systemOrigin } from '#core/origin.ts';
import type { Table } from '#core/db/table.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { writeOrigin } from '#graphql/server.ts';
import { TRANSACTION_ITEM_LIMIT, IncidentImporter } from '#incident/import.ts';
import { bytesSource } from '#incident/import-file.ts';
import { openImportFile } from '#incident/import-run.ts';
import { pendingIncidentIds } from '#incident/import-counts.ts';
import { RecentIncidentIndex } from '#incident/recent-index.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { storedIncidentCount } from '#tests/support/records.ts';

/**
 * The file import (what `npm run import` and the import job run) keeps the analytics counters
 * equal to a recount when it dies mid-way and is run again: a fault injected with SDK middleware
 * fails a TransactWriteItems part-way through the file, the same file is imported again
 * through a healthy client, and recomputeAggregates finds nothing to fix. Every transaction the
 * import sends stays within DynamoDB's 100 items, and the full ones fill it. The counters and
 * the recent index follow a batch's rows in a commit of their own (incident/import-counts.ts):
 * a run that dies between the two leaves its rows pending, and the next run counts them, even
 * when some were corrected or deleted in between.
 */

const HEADER = ['externalId', 'occurredAt', 'cause', 'intent', 'place', 'activity', 'severity', 'deaths', 'injured', 'economicLoss', 'victimSex', 'description'];
const ROWS = 600;
const BATCH = 250;

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** A register over four months, in file order not time order, a death and a loss on some rows. */
function register(): Uint8Array {
  const lines = [csvLine(HEADER)];
  for (let n = 0; n < ROWS; n += 1) {
    const at = new Date(Date.UTC(2022, 10, 20) + ((n * 7919) % ROWS) * 4 * 3_600_000).toISOString();
    lines.push(
      csvLine([`RS-${n}`, at, ['FALL', 'CUT', 'BURN'][n % 3]!, 'UNINTENTIONAL', ['HOME', 'ROAD'][n % 2]!, 'LEISURE', n % 50 === 0 ? 'FATAL' : 'MINOR', n % 50 === 0 ? 1 : 0, 1 + (n % 2), `${n}.00`, n % 2 ? 'MALE' : 'FEMALE', n % 3 ? '' : `第${n}号 在家中跌倒`]),
    );
  }
  return new TextEncoder().encode(lines.join(''));
}

/** An importer of the CLI's kind on its own clients; `sent` records the size of every transaction. */
function importer(table: Table): IncidentImporter {
  const pipeline = createWritePipeline(table);
  const principal = { role: 'ADMIN', subject: 'import-test' } as const;
  const origin = writeOrigin(principal, `import-test:${randomUUID()}`);
  return new IncidentImporter(new IncidentRepository(table, pipeline), new RecentIncidentIndex(table), new CommunityService(new CommunityRepository(table, pipeline), principal, origin), principal, origin);
}

/**
 * Clients whose TransactWriteItems `sent` records (the import's own: incidents in them, not the
 * recent index's upkeep). With `dieAt`, the process dies at that row transaction: it waits until
 * the first batch's counts commit is in (it runs beside the next batch's rows, so which of the two
 * goes first is the scheduler's choice), then it and every transaction after it fail.
 */
function clients(dieAt: number | undefined, sent: number[]) {
  const created = createAwsClients(loadStorageConfig(app.env).aws);
  let rowTransactions = 0;
  let died = false;
  let countsIn: () => void = () => undefined;
  const firstCountsIn = new Promise<void>((resolve) => {
    countsIn = resolve;
  });
  created.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      if (died) throw new Error('the process died mid-import');
      const items = (args.input as { TransactItems?: object[] }).TransactItems ?? [];
      if (items.length <= 3) return next(args);
      // A row transaction only puts (its rows, their guards, the audit batch, the pending item); a counts commit updates.
      const rows = items.every((item) => 'Put' in item);
      if (rows) rowTransactions += 1;
      if (rows && dieAt !== undefined && rowTransactions >= dieAt) {
        await firstCountsIn;
        died = true;
        throw new Error('the process died mid-import');
      }
      sent.push(items.length);
      const result = await next(args);
      if (!rows) countsIn();
      return result;
    },
    { step: 'initialize', name: 'importFault' },
  );
  return created;
}

async function provinceCount(table: Table, regionCode: string, years: readonly string[]): Promise<number> {
  const province = countedRegions(regionCode)[0]!;
  const response = await table.client.send(
    new BatchGetCommand({ RequestItems: { [table.name]: { Keys: years.flatMap((year) => counterKeys(province, year)), ConsistentRead: true } } }),
  );
  return (response.Responses?.[table.name] ?? []).reduce((sum, item) => sum + Number(item.c_total ?? 0), 0);
}

describe('an interrupted file import', () => {
  it('resumes with every row once and the counters equal to a recount', { timeout: 240_000 }, async () => {
    // Prepare: a community of its own region, the register, a client that dies in the second
    // batch's rows (250 rows are six row transactions of up to 49: it dies at the eighth)
    const community = await seedCommunity(app.table, { regionCode: '371702104', name: '导入中断计数社区' });
    const bytes = register();
    const recount = () => recomputeAggregates(app.table, '37', { pipeline: createWritePipeline(app.table), origin: systemOrigin('test', 'recount') });
    const firstSent: number[] = [];
    const dying = clients(8, firstSent);

    // Act 1: the import dies at its eighth row transaction (part of the register)
    const first = await openImportFile(importer({ client: dying.documents, name: app.table.name }), bytesSource(bytes), { defaultCommunity: community.id, batchSize: BATCH });
    await expect(first.run()).rejects.toThrow('the process died mid-import');
    dying.dynamodb.destroy();

    // Assess 1: part of the register is stored; the counters count exactly the part whose batch
    // was committed, the rest is pending, and the recount leaves the pending rows out
    const partial = await storedIncidentCount(app.table, community.id);
    expect(partial).toBeGreaterThan(BATCH);
    expect(partial).toBeLessThan(ROWS);
    const pending = await pendingIncidentIds(app.table, community.id);
    expect(pending.size).toBe(partial - BATCH);
    const years = ['Y2022', 'Y2023'];
    expect(await provinceCount(app.table, community.regionCode, years)).toBe(partial - pending.size);
    expect((await recount()).differences).toEqual([]);

    // Act 2: the same file again, through a healthy client
    const secondSent: number[] = [];
    const healthy = clients(undefined, secondSent);
    const second = await openImportFile(importer({ client: healthy.documents, name: app.table.name }), bytesSource(bytes), { defaultCommunity: community.id, batchSize: BATCH });
    const tally = await second.run();
    healthy.dynamodb.destroy();

    // Assess 2: each row once, the counters equal to a recount, every transaction within the limit and the full ones full
    expect(tally).toEqual({ rows: ROWS, created: ROWS - partial, duplicates: partial, rejected: 0 });
    expect(await storedIncidentCount(app.table, community.id)).toBe(ROWS);
    expect(await provinceCount(app.table, community.regionCode, years)).toBe(ROWS);
    expect((await pendingIncidentIds(app.table, community.id)).size).toBe(0);
    expect((await recount()).differences).toEqual([]);
    // The recent incidents: the newest ten, each whole (descriptions included), as listed.
    const admin = await app.token({ role: 'ADMIN' });
    const listed: Listed[] = ok(await app.doors[0]!.execute(LIST, { id: community.id }, admin)).incidents.edges.map((edge: { node: Listed }) => edge.node);
    expect(ok(await app.doors[1]!.execute(RECENT, { id: community.id }, admin)).community.recentIncidents).toEqual(listed.slice(0, 10));
    expect(listed.slice(0, 10).some((incident) => incident.description !== null)).toBe(true);
    const all = [...firstSent, ...secondSent];
    expect(Math.max(...all)).toBeLessThanOrEqual(TRANSACTION_ITEM_LIMIT);
    expect(Math.max(...all)).toBeGreaterThanOrEqual(TRANSACTION_ITEM_LIMIT - 2);
  });

  it('counts the rows a run left pending when it died before their counts, corrected and deleted ones included', { timeout: 240_000 }, async () => {
    // Prepare: a register of one batch, and a client whose counts commits (the transactions that delete pending items) fail
    // (a province of its own: the other test's rows are counted in 37)
    const community = await seedCommunity(app.table, { regionCode: '440303001', name: '导入待计数社区' });
    const bytes = register();
    const admin = await app.token({ role: 'ADMIN' });
    const recount = () => recomputeAggregates(app.table, '44', { pipeline: createWritePipeline(app.table), origin: systemOrigin('test', 'recount') });
    const dying = createAwsClients(loadStorageConfig(app.env).aws);
    dying.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const items = context.commandName === 'TransactWriteItemsCommand' ? ((args.input as { TransactItems?: { Delete?: unknown }[] }).TransactItems ?? []) : [];
        if (items.some((item) => item.Delete !== undefined)) throw new Error('the process died before the counts');
        return next(args);
      },
      { step: 'initialize', name: 'countsFault' },
    );

    // Act 1: the rows go in, their counts do not
    const first = await openImportFile(importer({ client: dying.documents, name: app.table.name }), bytesSource(bytes), { defaultCommunity: community.id, batchSize: ROWS });
    await expect(first.run()).rejects.toThrow('the process died before the counts');
    dying.dynamodb.destroy();
    const years = ['Y2022', 'Y2023'];
    expect(await storedIncidentCount(app.table, community.id)).toBe(ROWS);
    expect((await pendingIncidentIds(app.table, community.id)).size).toBe(ROWS);
    expect(await provinceCount(app.table, community.regionCode, years)).toBe(0);
    expect((await recount()).differences).toEqual([]);

    // Act 2: meanwhile the newest incident is corrected (a death added) and the second newest deleted
    const listed: Listed[] = ok(await app.doors[0]!.execute(LIST, { id: community.id }, admin)).incidents.edges.map((edge: { node: Listed }) => edge.node);
    const [newest, second] = listed as [Listed, Listed];
    const corrected = ok(
      await app.doors[0]!.execute(CORRECT, { input: { id: newest.id, version: newest.version, reason: '核实后补录死亡', severity: 'FATAL', deaths: 1 } }, admin),
    ).correctIncident;
    ok(await app.doors[0]!.execute(DELETE, { input: { id: second.id, version: second.version, reason: '重复登记' } }, admin));

    // Act 3: the same file again, through a healthy client
    const tally = await (await openImportFile(importer(app.table), bytesSource(bytes), { defaultCommunity: community.id, batchSize: BATCH })).run();

    // Assess: every row once; the pending rows counted as created, the correction and deletion on top; the index as stored now
    expect(tally).toEqual({ rows: ROWS, created: 0, duplicates: ROWS, rejected: 0 });
    expect((await pendingIncidentIds(app.table, community.id)).size).toBe(0);
    expect(await provinceCount(app.table, community.regionCode, years)).toBe(ROWS - 1);
    expect((await recount()).differences).toEqual([]);
    const recent = ok(await app.doors[1]!.execute(RECENT, { id: community.id }, admin)).community.recentIncidents as Listed[];
    const newestTen = listed.filter((incident) => incident.id !== second.id).slice(0, 10);
    // Each as stored now, descriptions included; the corrected one at its new version.
    expect(recent).toEqual([{ ...newest, version: corrected.version, deaths: 1 }, ...newestTen.slice(1)]);
    expect(newestTen.some((incident) => incident.description !== null)).toBe(true);
  });

  it('keeps an incident corrected between its row transaction and its counts at its corrected version', { timeout: 240_000 }, async () => {
    // Prepare: a client that, before the first counts commit goes out, corrects the newest incident through the API
    const community = await seedCommunity(app.table, { regionCode: '440303001', name: '导入计数时更正社区' });
    const admin = await app.token({ role: 'ADMIN' });
    const racing = createAwsClients(loadStorageConfig(app.env).aws);
    let corrected: { id: string; version: number } | undefined;
    racing.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const items = context.commandName === 'TransactWriteItemsCommand' ? ((args.input as { TransactItems?: { Delete?: unknown }[] }).TransactItems ?? []) : [];
        if (corrected === undefined && items.some((item) => item.Delete !== undefined)) {
          const [newest] = ok(await app.doors[0]!.execute(LIST, { id: community.id }, admin)).incidents.edges.map((edge: { node: Listed }) => edge.node) as Listed[];
          corrected = ok(await app.doors[0]!.execute(CORRECT, { input: { id: newest!.id, version: newest!.version, reason: '核实后补录死亡', severity: 'FATAL', deaths: 1 } }, admin)).correctIncident;
        }
        return next(args);
      },
      { step: 'initialize', name: 'correctionRace' },
    );

    // Act: one batch of the register through that client
    const tally = await (await openImportFile(importer({ client: racing.documents, name: app.table.name }), bytesSource(register()), { defaultCommunity: community.id, batchSize: ROWS })).run();
    racing.dynamodb.destroy();

    // Assess: counted once each, and the recent index holds the corrected version, not the one the import created
    expect(tally).toEqual({ rows: ROWS, created: ROWS, duplicates: 0, rejected: 0 });
    expect(corrected?.version).toBe(2);
    const listed: Listed[] = ok(await app.doors[0]!.execute(LIST, { id: community.id }, admin)).incidents.edges.map((edge: { node: Listed }) => edge.node);
    expect(listed[0]).toMatchObject({ id: corrected!.id, version: 2, deaths: 1 });
    expect(ok(await app.doors[1]!.execute(RECENT, { id: community.id }, admin)).community.recentIncidents).toEqual(listed.slice(0, 10));
    expect((await pendingIncidentIds(app.table, community.id)).size).toBe(0);
    expect((await recomputeAggregates(app.table, '44', { pipeline: createWritePipeline(app.table), origin: systemOrigin('test', 'recount') })).differences).toEqual([]);
  });
});

interface Listed {
  readonly id: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly deaths: number;
  readonly description: string | null;
}

const LIST = `query($id: ID!) { incidents(communityId: $id, first: 20) { edges { node { id version occurredAt deaths description } } } }`;
const RECENT = `query($id: ID!) { community(id: $id) { recentIncidents { id version occurredAt deaths description } } }`;
const CORRECT = `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { id version } }`;
const DELETE = `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }`;
