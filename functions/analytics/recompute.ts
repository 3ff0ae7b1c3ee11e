import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Table, TransactionStep } from '../core/db/table.ts';
import type { Incident } from '../incident/model.ts';
import { incidentListing } from '../incident/repository.ts';
import { COUNTER_PK_PREFIX, counterKey, countersOfItem, counterUpdate, countedRegions, parseCounterSortKey, recount } from './counters.ts';

/**
 * The maintenance path of the incident counters: recount a region from the records and make
 * the counters equal to the recount. Reads with Query only (communities by region prefix, each
 * community's incident listing, each region's counter partition), never a Scan, but it does read
 * every incident of the region: it is an ADMIN tool, never on an analyst's path.
 *
 * Scope: the counters of `regionCode` and of every region under it. The difference found at
 * `regionCode` itself is also applied (ADD) to its ancestors, whose counters include the same
 * incidents. An item is fixed only if its `rev` did not move since it was read (no write came in
 * between); otherwise the region is recounted again.
 *
 * Limits, stated: the recount reads the incidents of the communities now under the region, by
 * the community listing (a GSI, eventually consistent: an incident committed within the last
 * second may be missed, and the next run fixes it); incidents keep the region code their
 * community had when they were recorded, so an incident whose community has since moved out of
 * the region is not found. Run it when the region is quiet.
 */
export interface CounterDifference {
  readonly regionCode: string;
  readonly period: string;
  readonly shard: number;
  readonly attribute: string;
  readonly stored: number;
  readonly recounted: number;
}

export interface RecomputeReport {
  readonly regionCode: string;
  readonly incidents: number;
  readonly itemsChecked: number;
  readonly itemsFixed: number;
  readonly differences: readonly CounterDifference[];
}

const MAX_ROUNDS = 5;

export async function recomputeIncidentCounters(table: Table, regionCode: string): Promise<RecomputeReport> {
  for (let round = 1; ; round += 1) {
    try {
      return await recomputeOnce(table, regionCode);
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) || round >= MAX_ROUNDS) throw error;
      // A write came in between the read and the fix: the recount is stale, do it again.
      await new Promise((resolve) => setTimeout(resolve, 50 * round));
    }
  }
}

async function recomputeOnce(table: Table, regionCode: string): Promise<RecomputeReport> {
  // 1. Stored counters first: a write after this read moves `rev` and the fix is refused.
  const stored = new Map<string, { rev: number | undefined; counters: Map<string, number> }>();
  for (const code of await regionsWithCounters(table, regionCode)) {
    for (const item of await queryAll(table, { KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' }, ExpressionAttributeValues: { ':pk': `${COUNTER_PK_PREFIX}${code}` } })) {
      stored.set(`${item.pk}|${item.sk}`, { rev: typeof item.rev === 'number' ? item.rev : undefined, counters: countersOfItem(item) });
    }
  }
  // 2. The recount.
  const incidents = await incidentsUnder(table, regionCode);
  const expected = recount(incidents);
  for (const [id, item] of expected) if (!item.regionCode.startsWith(regionCode)) expected.delete(id);
  // 3. Differences, item by item; missing attributes are zero.
  const differences: CounterDifference[] = [];
  const fixes: TransactionStep[][] = [];
  const ids = new Set([...stored.keys(), ...expected.keys()]);
  for (const id of ids) {
    const [pk = '', sk = ''] = id.split('|');
    const code = pk.slice(COUNTER_PK_PREFIX.length);
    const { period, shard } = parseCounterSortKey(sk);
    const have = stored.get(id);
    const want = expected.get(id)?.counters ?? new Map<string, number>();
    const deltas = new Map<string, number>();
    for (const attribute of new Set([...(have?.counters.keys() ?? []), ...want.keys()])) {
      const storedValue = have?.counters.get(attribute) ?? 0;
      const recounted = want.get(attribute) ?? 0;
      if (storedValue !== recounted) {
        differences.push({ regionCode: code, period, shard, attribute, stored: storedValue, recounted });
        deltas.set(attribute, recounted - storedValue);
      }
    }
    if (deltas.size === 0) continue;
    const steps: TransactionStep[] = [{ item: counterUpdate(table, { key: counterKey(code, period, shard), regionCode: code, period, shard, deltas }, { rev: have?.rev }) }];
    if (code === regionCode) {
      // The ancestors count the same incidents: they were off by the same amounts.
      for (const ancestor of countedRegions(code).filter((candidate) => candidate !== code)) {
        steps.push({ item: counterUpdate(table, { key: counterKey(ancestor, period, shard), regionCode: ancestor, period, shard, deltas }) });
      }
    }
    fixes.push(steps);
  }
  for (const steps of fixes) {
    await table.client.send(new TransactWriteCommand({ TransactItems: steps.map((step) => step.item) }));
  }
  return { regionCode, incidents: incidents.length, itemsChecked: ids.size, itemsFixed: fixes.length, differences };
}

/** Region codes under `regionCode` (and itself) that have or should have counter items. */
async function regionsWithCounters(table: Table, regionCode: string): Promise<string[]> {
  const province = regionCode.slice(0, 2);
  const codes = new Set<string>([regionCode]);
  const items = await queryAll(table, {
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :year)',
    ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: { ':pk': `${COUNTER_PK_PREFIX}${province}`, ':year': 'Y' },
  });
  for (const item of items) {
    if (item.regions instanceof Set) for (const code of item.regions as Set<string>) if (code.startsWith(regionCode)) codes.add(code);
  }
  return [...codes];
}

/** Every incident recorded in a community now under the region, with its region code under it. */
export async function incidentsUnder(table: Table, regionCode: string): Promise<Incident[]> {
  const communities = await queryAll(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
    ExpressionAttributeValues: { ':pk': 'COMMUNITIES', ':prefix': regionCode },
  });
  const incidents: Incident[] = [];
  for (const community of communities) {
    const items = await queryAll(table, {
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi1pk' },
      ExpressionAttributeValues: { ':pk': incidentListing(String(community.id)) },
    });
    for (const item of items) {
      const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1, gsi1sk: _s1, ...incident } = item;
      if (String(incident.regionCode).startsWith(regionCode)) incidents.push(incident as unknown as Incident);
    }
  }
  return incidents;
}

async function queryAll(
  table: Table,
  query: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const response = await table.client.send(new QueryCommand({ TableName: table.name, ...query, ExclusiveStartKey: startKey }));
    items.push(...(response.Items ?? []));
    startKey = response.LastEvaluatedKey;
  } while (startKey);
  return items;
}
