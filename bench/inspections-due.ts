/**
 * The inspections-due benchmark: `inspectionsDue` (the first page of 20, earliest due first) for
 * a community with 10,000 supervised units against one with 100, with the DynamoDB calls each
 * makes, counted by SDK middleware on the table's client.
 *
 * What it measures is the community query as built: it reads the community's units and sources
 * listings whole, one last-inspection item per subject and the frequencies, so it grows with the
 * community. The target (a city's inspectionsDue at 10,000 units within 1.5 of 100) needs
 * the regional query on a sparse listing by next due day, which is not built yet; the figures say
 * how far the community query is from it.
 *
 * The units are loaded straight into the table (BatchWriteItem of the records the repository
 * writes, registered on 2026-01-01, grades in turn A–D), one cell created through the API.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Table } from '#core/db/table.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { UNIT_GRADES } from '#hazard/kinds.ts';
import type { SupervisedUnit } from '#hazard/model.ts';
import { HazardRepository } from '#hazard/repository.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { countCalls } from './lib/calls.ts';
import { startInProcessApi } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, ratio } from './lib/stats.ts';

const RUNS = 10;
const SIZES = [100, 10_000] as const;
const OFFICE = { organisation: '南塔街道安全生产监督管理站', post: '网格员' };
const DUE = `query($c: ID!) { inspectionsDue(communityId: $c, on: "2026-12-01", first: 20) { edges { node { subjectId dueOn status } } pageInfo { hasNextPage } } }`;

export const inspectionsDueBenchmark: BenchmarkModule = {
  name: 'inspections',
  description: 'inspectionsDue for a community with 10,000 supervised units against one with 100, with its DynamoDB calls',
  async run(report) {
    const api = await startInProcessApi('inspections');
    try {
      const { clients, table } = api;
      const repository = new HazardRepository(table, createWritePipeline(table));
      const medians: number[] = [];
      for (const size of SIZES) {
        report.note(`loading a community with ${size.toLocaleString('en')} supervised units …`);
        const community = await seedCommunity(table, { regionCode: '210102001', name: `南塔街道-${size}` });
        const cell = (await api.execute(`mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`, { input: { communityId: community.id, name: '一网格', kind: 'AREA', responsibleUnit: OFFICE } })).createGridCell;
        const units: SupervisedUnit[] = Array.from({ length: size }, (_, n) => ({
          id: randomUUID(),
          communityId: community.id,
          regionCode: community.regionCode,
          cellId: cell.id,
          kind: 'SHOP',
          name: `商户${n}`,
          grade: UNIT_GRADES[n % UNIT_GRADES.length]!,
          responsibleUnit: OFFICE,
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        }));
        await batchWrite(table, units.map((unit) => repository.units.toItem(unit)));
        const first = await api.execute(DUE, { c: community.id });
        if (first.inspectionsDue.edges.length !== 20) throw new Error(`community of ${size}: ${first.inspectionsDue.edges.length} due on the first page`);
        const { calls } = await countCalls(clients.dynamodb, () => api.execute(DUE, { c: community.id }));
        const samples: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const started = performance.now();
          await api.execute(DUE, { c: community.id });
          samples.push(performance.now() - started);
        }
        medians.push(median(samples));
        report.figure(`inspectionsDue (first 20), a community of ${size.toLocaleString('en')} units: median ${ms(median(samples))} over ${RUNS} runs, DynamoDB calls ${calls.summary}`);
      }
      report.figure(`inspectionsDue, 10,000 against 100 units in one community: ratio ${ratio(medians[1]!, medians[0]!)} (the issue's target ≤ 1.5 is for a city's query, not built yet)`);
    } finally {
      await api.stop();
    }
  },
};

async function batchWrite(table: Table, items: readonly Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) chunks.push(items.slice(start, start + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
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
