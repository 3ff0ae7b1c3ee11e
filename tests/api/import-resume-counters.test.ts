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
import { RecentIncidentIndex } from '#incident/recent-index.ts';
import { IncidentRepository } from '#incident/repository.ts';
import { createTestApp, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { storedIncidentCount } from '#tests/support/records.ts';

/**
 * The file import (what `npm run import` and the import job run) keeps the analytics counters
 * equal to a recount when it dies mid-way and is run again: a fault injected with SDK middleware
 * fails a TransactWriteItems part-way through the file, the same file is imported again
 * through a healthy client, and recomputeAggregates finds nothing to fix. Every transaction the
 * import sends stays within DynamoDB's 100 items, and the full ones fill it (30 rows of one month).
 */

const HEADER = ['externalId', 'occurredAt', 'cause', 'intent', 'place', 'activity', 'severity', 'deaths', 'injured', 'economicLoss', 'victimSex'];
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
      csvLine([`RS-${n}`, at, ['FALL', 'CUT', 'BURN'][n % 3]!, 'UNINTENTIONAL', ['HOME', 'ROAD'][n % 2]!, 'LEISURE', n % 50 === 0 ? 'FATAL' : 'MINOR', n % 50 === 0 ? 1 : 0, 1 + (n % 2), `${n}.00`, n % 2 ? 'MALE' : 'FEMALE']),
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

function clients(faultAfter: number | undefined, sent: number[]) {
  const created = createAwsClients(loadStorageConfig(app.env).aws);
  created.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        const items = (args.input as { TransactItems?: unknown[] }).TransactItems ?? [];
        // Only the import's own transactions (incidents in them), not the recent index's upkeep.
        if (items.length > 3) {
          if (faultAfter !== undefined && sent.length >= faultAfter) throw new Error('the process died mid-import');
          sent.push(items.length);
        }
      }
      return next(args);
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
    // Prepare: a community of its own region, the register, a client that dies in the second batch
    const community = await seedCommunity(app.table, { regionCode: '371702104', name: '导入中断计数社区' });
    const bytes = register();
    const recount = () => recomputeAggregates(app.table, '37', { pipeline: createWritePipeline(app.table), origin: systemOrigin('test', 'recount') });
    const firstSent: number[] = [];
    const dying = clients(12, firstSent);

    // Act 1: the import dies after 12 transactions (part of the register)
    const first = await openImportFile(importer({ client: dying.documents, name: app.table.name }), bytesSource(bytes), { defaultCommunity: community.id, batchSize: BATCH });
    await expect(first.run()).rejects.toThrow('the process died mid-import');
    dying.dynamodb.destroy();

    // Assess 1: part of the register is stored, and the counters count exactly that part
    const partial = await storedIncidentCount(app.table, community.id);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ROWS);
    const years = ['Y2022', 'Y2023'];
    expect(await provinceCount(app.table, community.regionCode, years)).toBe(partial);
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
    expect((await recount()).differences).toEqual([]);
    const all = [...firstSent, ...secondSent];
    expect(Math.max(...all)).toBeLessThanOrEqual(TRANSACTION_ITEM_LIMIT);
    expect(Math.max(...all)).toBeGreaterThanOrEqual(TRANSACTION_ITEM_LIMIT - 2);
  });
});
