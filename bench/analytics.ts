import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
/**
 * The analytics benchmark: a province-year incident summary read from the counters with 1,000
 * and with 100,000 incidents in the province (the latency should not grow), the naive way (Query
 * every incident of the province-year, community by community, and sum) against ours at 100,000,
 * and the write cost of an incident with its counters against a plain PutItem.
 *
 * The provinces are loaded straight into the table (BatchWriteItem of the incident items and of
 * the counter items the recount gives for them): the state the importer leaves, which
 * tests/api/analytics-counters.test.ts proves equal to what the write path maintains.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { COUNTER_ENTITY, recount } from '#analytics/counters.ts';
import { commit, type Table } from '#core/db/table.ts';
import type { Community } from '#community/model.ts';
import type { Incident } from '#incident/model.ts';
import { IncidentRepository, incidentListing } from '#incident/repository.ts';
import { INJURY_CAUSES, INJURY_PLACES } from '#incident/model.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { startInProcessApi } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, ratio } from './lib/stats.ts';

const RUNS = 30;
const NAIVE_RUNS = 3;
const WRITE_RUNS = 100;

/** Two provinces: 河北 (13) with 1,000 incidents in 2009, 山东 (37) with 100,000, spread over towns. */
const PROVINCES = [
  { code: '13', towns: ['130102001', '130102002', '130104001', '130105001'], incidents: 1_000 },
  { code: '37', towns: ['370102001', '370102002', '370102003', '371702002', '371702003', '371702101', '371771002', '370202001'], incidents: 100_000 },
] as const;
const COMMUNITIES_PER_TOWN = 10;

const SUMMARY = `query($regionCode: String!) {
  incidentSummary(regionCode: $regionCode, period: { year: 2009 }) {
    total { current { count deaths injured economicLoss } yearEarlier { count } changePercent { count } }
    byCause { cause current { count } }
  }
}`;

export const analyticsBenchmark: BenchmarkModule = {
  name: 'analytics',
  description: 'province-year summary at 1,000 and 100,000 incidents, naive Query-and-sum against the counters, write cost of the counters',
  async run(report) {
    const api = await startInProcessApi('analytics');
    try {
      const { clients, table } = api;
      const summary = async (regionCode: string) =>
        (await api.execute(SUMMARY, { regionCode })) as { incidentSummary: { total: { current: { count: number } } } };

      const communitiesOf = new Map<string, Community[]>();
      for (const province of PROVINCES) {
        report.note(`loading ${province.incidents.toLocaleString('en')} incidents of 2009 into province ${province.code} …`);
        const communities = await seedCommunities(table, province.towns);
        communitiesOf.set(province.code, communities);
        const incidents = Array.from({ length: province.incidents }, (_, n) => incidentOf(communities[n % communities.length]!, n));
        await batchWrite(table, [...incidents.map((incident) => new IncidentRepository(table, createWritePipeline(table)).incidents.toItem(incident)), ...counterItems(incidents)]);
        const loaded = await summary(province.code);
        if (loaded.incidentSummary.total.current.count !== province.incidents) throw new Error(`province ${province.code}: the summary counts ${loaded.incidentSummary.total.current.count}`);
      }

      // Ours: the summary query, through the same server and context as the Lambda handler.
      const medians: Record<string, number> = {};
      for (const province of PROVINCES) {
        await summary(province.code);
        const samples: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const started = performance.now();
          await summary(province.code);
          samples.push(performance.now() - started);
        }
        medians[province.code] = median(samples);
        report.figure(`province-year summary (counters), ${province.incidents.toLocaleString('en')} incidents: median ${ms(median(samples))} over ${RUNS} runs`);
      }
      report.figure(`province-year summary, 100,000 against 1,000 incidents: ratio ${ratio(medians['37']!, medians['13']!)} (target ≤ 1.2)`);

      // Naive: every incident of the province-year, Query by Query, summed in the resolver.
      const naiveSamples: number[] = [];
      for (let run = 0; run < NAIVE_RUNS; run += 1) {
        const started = performance.now();
        const totals = await naiveSummary(table, communitiesOf.get('37')!);
        naiveSamples.push(performance.now() - started);
        if (totals.count !== 100_000) throw new Error(`naive summary counted ${totals.count}`);
      }
      report.figure(
        `province-year summary, 100,000 incidents: naive Query-and-sum median ${ms(median(naiveSamples))} (${NAIVE_RUNS} runs) against counters ${ms(medians['37']!)}: ${ratio(median(naiveSamples), medians['37']!)}× faster (target ≥ 50×)`,
      );

      // Write cost: one incident with its counters in one transaction, against a plain PutItem.
      const repository = new IncidentRepository(table, createWritePipeline(table));
      const community = communitiesOf.get('37')![0]!;
      const putSamples: number[] = [];
      const transactionSamples: number[] = [];
      let items = 0;
      let counterUpdates = 0;
      for (let run = 0; run < WRITE_RUNS; run += 1) {
        const plain = incidentOf(community, run);
        let started = performance.now();
        await clients.documents.send(new PutCommand({ TableName: table.name, Item: { ...repository.incidents.toItem(plain), pk: `BENCH#${plain.id}` } }));
        putSamples.push(performance.now() - started);
        const counted = incidentOf(community, run);
        const steps = repository.createTransaction(counted, systemOrigin('bench', `bench:${run}`));
        items = steps.length;
        counterUpdates = steps.filter((step) => String(step.item.Update?.Key?.pk ?? '').startsWith('AGG#')).length;
        started = performance.now();
        await commit(table, steps);
        transactionSamples.push(performance.now() - started);
      }
      report.figure(
        `write cost: incident + counters + audit entry = ${items} items in one TransactWriteItems (${counterUpdates} counter updates: 4 levels × year and month), median ${ms(median(transactionSamples))}, against a plain PutItem ${ms(median(putSamples))}: ratio ${ratio(median(transactionSamples), median(putSamples))} (${WRITE_RUNS} runs each; a transaction costs 2 WCU per item in DynamoDB: ${items * 2} WCU against 1)`,
      );
    } finally {
      await api.stop();
    }
  },
};

async function seedCommunities(table: Table, towns: readonly string[]): Promise<Community[]> {
  const communities: Community[] = [];
  for (const town of towns) {
    for (let index = 0; index < COMMUNITIES_PER_TOWN; index += 1) {
      communities.push(
        await seedCommunity(table, { name: `基准社区${town}-${index}`, regionCode: town, stageHistory: [{ stage: 'IMPLEMENTING', on: '2008-01-01' }] }),
      );
    }
  }
  return communities;
}

function incidentOf(community: Community, n: number): Incident {
  const occurredAt = new Date(Date.UTC(2009, 0, 1) + ((n * 7_919) % 364) * 86_400_000 + (n % 86_400) * 1000).toISOString();
  const deaths = n % 50 === 0 ? 1 : 0;
  return {
    id: randomUUID(),
    communityId: community.id,
    regionCode: community.regionCode,
    occurredAt,
    cause: INJURY_CAUSES[n % INJURY_CAUSES.length]!,
    intent: 'UNINTENTIONAL',
    place: INJURY_PLACES[n % INJURY_PLACES.length]!,
    activity: 'LEISURE',
    severity: deaths ? 'FATAL' : 'MINOR',
    deaths,
    injured: 1,
    economicLoss: 10_000 + (n % 1000),
    version: 1,
    createdAt: occurredAt,
    updatedAt: occurredAt,
  };
}

function counterItems(incidents: readonly Incident[]): Record<string, unknown>[] {
  return [...recount(incidents).values()].map((item) => ({
    ...item.key,
    entity: COUNTER_ENTITY,
    regionCode: item.regionCode,
    period: item.period,
    shard: item.shard,
    rev: 1,
    ...Object.fromEntries(item.counters),
  }));
}

async function batchWrite(table: Table, items: readonly Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) chunks.push(items.slice(start, start + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < chunks.length) {
        let pending = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const response = await table.client.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
          pending = (response.UnprocessedItems?.[table.name] ?? []) as typeof pending;
        }
      }
    }),
  );
}

/** What a resolver without counters would do: Query each community's incidents of the year and sum them. */
async function naiveSummary(table: Table, communities: readonly Community[]) {
  const totals = { count: 0, deaths: 0, injured: 0, economicLoss: 0 };
  for (const community of communities) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const response = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': incidentListing(community.id), ':from': '2008-12-31T16:00:00.000Z', ':to': '2009-12-31T16:00:00.000Z' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of response.Items ?? []) {
        totals.count += 1;
        totals.deaths += Number(item.deaths ?? 0);
        totals.injured += Number(item.injured ?? 0);
        totals.economicLoss += Number(item.economicLoss ?? 0);
      }
      startKey = response.LastEvaluatedKey;
    } while (startKey);
  }
  return totals;
}
