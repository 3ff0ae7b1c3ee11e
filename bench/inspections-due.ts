/**
 * The inspections-due benchmark: `inspectionsDue` (the first page of 20, earliest due first) for
 * a city with 10,000 supervised units against a city with 100 in the same province, the same
 * number due in each (60), with the DynamoDB calls each makes, counted by SDK middleware on the
 * table's client; and, for comparison, the community query on the 10,000 (which reads the
 * community's listings whole).
 *
 * The regional query reads its province's listing of due items by next due day
 * (inspection-schedule.ts), the range up to the day asked, filtered to the city: it is bounded by
 * what is due in the province, not by how many units the city has. The target is a ratio
 * of at most 1.5 between the two cities.
 *
 * The units and their due items are loaded straight into the table (BatchWriteItem of the items
 * the repositories write: a unit registered on 2026-01-01, its due item as the schedule computes
 * it from a last inspection): in each city 60 units of grade D last inspected on 2026-11-25 (due
 * 2026-11-26), the others of grade A last inspected on 2026-11-20 (due 2027-02-20). One cell per
 * community is created through the API.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { inspectionDueKey, listingKeys } from '#core/db/keys.ts';
import type { Table } from '#core/db/table.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { dueBasisOf, duePosition, scheduled } from '#hazard/inspection-schedule.ts';
import type { SupervisedUnit } from '#hazard/model.ts';
import { HazardRepository } from '#hazard/repository.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { countCalls } from './lib/calls.ts';
import { startInProcessApi } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, ratio } from './lib/stats.ts';

const RUNS = 20;
const DUE_IN_EACH = 60;
const CITIES = [
  { size: 100, city: '2102', community: '210202001' },
  { size: 10_000, city: '2101', community: '210102001' },
] as const;
const OFFICE = { organisation: '南塔街道安全生产监督管理站', post: '网格员' };
const ON = '2026-12-01';
const REGION_DUE = `query($r: String!) { inspectionsDue(regionCode: $r, on: "${ON}", first: 20) { edges { node { subjectId dueOn status } } pageInfo { hasNextPage } } }`;
const COMMUNITY_DUE = `query($c: ID!) { inspectionsDue(communityId: $c, on: "${ON}", first: 20) { edges { node { subjectId dueOn status } } pageInfo { hasNextPage } } }`;

export const inspectionsDueBenchmark: BenchmarkModule = {
  name: 'inspections',
  description: 'inspectionsDue for a city with 10,000 supervised units against one with 100 (the same number due), with its DynamoDB calls',
  async run(report) {
    const api = await startInProcessApi('inspections');
    try {
      const { clients, table } = api;
      const repository = new HazardRepository(table, createWritePipeline(table));
      const medians: number[] = [];
      let largest = '';
      for (const { size, community: regionCode } of CITIES) {
        report.note(`loading a city with ${size.toLocaleString('en')} supervised units …`);
        const community = await seedCommunity(table, { regionCode, name: `南塔街道-${size}` });
        largest = community.id;
        const cell = (await api.execute(`mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`, { input: { communityId: community.id, name: '一网格', kind: 'AREA', responsibleUnit: OFFICE } })).createGridCell;
        const units: SupervisedUnit[] = Array.from({ length: size }, (_, n) => ({
          id: randomUUID(),
          communityId: community.id,
          regionCode: community.regionCode,
          cellId: cell.id,
          kind: 'SHOP',
          name: `商户${n}`,
          grade: n < DUE_IN_EACH ? 'D' : 'A',
          responsibleUnit: OFFICE,
          version: 1,
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
        }));
        const dueItems = units.map((unit) => {
          const item = scheduled(dueBasisOf('SUPERVISED_UNIT', unit, regionCode, unit.grade === 'D' ? '2026-11-25' : '2026-11-20'), { communityId: community.id, frequencies: null, version: 0 });
          return { ...inspectionDueKey('SUPERVISED_UNIT', unit.id), entity: 'InspectionDue', gsi2pk: listingKeys.inspectionsDue(regionCode), gsi2sk: duePosition(item), ...item };
        });
        await batchWrite(table, [...units.map((unit) => repository.units.toItem(unit)), ...dueItems]);
      }
      // Both cities loaded (one province's listing holds both cities' due items): warmed, then measured interleaved (ABBA), with the calls of one each.
      const samples: number[][] = CITIES.map(() => []);
      const calls: string[] = [];
      for (const { size, city } of CITIES) {
        const first = await api.execute(REGION_DUE, { r: city });
        if (first.inspectionsDue.edges.length !== 20) throw new Error(`city of ${size}: ${first.inspectionsDue.edges.length} due on the first page`);
        calls.push((await countCalls(clients.dynamodb, () => api.execute(REGION_DUE, { r: city }))).calls.summary);
      }
      for (let run = 0; run < RUNS; run += 1) {
        for (const index of run % 2 === 0 ? [0, 1] : [1, 0]) {
          const started = performance.now();
          await api.execute(REGION_DUE, { r: CITIES[index]!.city });
          samples[index]!.push(performance.now() - started);
        }
      }
      CITIES.forEach(({ size, city }, index) => {
        medians.push(median(samples[index]!));
        report.figure(`inspectionsDue(regionCode: "${city}") (first 20), a city of ${size.toLocaleString('en')} units, ${DUE_IN_EACH} due: median ${ms(median(samples[index]!))} over ${RUNS} runs, DynamoDB calls ${calls[index]}`);
      });
      report.figure(`inspectionsDue of a city, 10,000 against 100 units (the same number due): ratio ${ratio(medians[1]!, medians[0]!)} (the issue's target ≤ 1.5)`);
      // The community form on the 10,000, for comparison: it reads the community's listings whole.
      const community = await countCalls(clients.dynamodb, () => api.execute(COMMUNITY_DUE, { c: largest }));
      const communitySamples: number[] = [];
      for (let run = 0; run < 3; run += 1) {
        const started = performance.now();
        await api.execute(COMMUNITY_DUE, { c: largest });
        communitySamples.push(performance.now() - started);
      }
      report.figure(`inspectionsDue(communityId) of the community of 10,000, for comparison: median ${ms(median(communitySamples))} over 3 runs, DynamoDB calls ${community.calls.summary}`);
      // A change of that community's frequencies: the setting's write, then its subjects' due items rewritten (inspection-schedule.ts rewriteCommunity).
      const started = performance.now();
      const setting = await countCalls(clients.dynamodb, () =>
        api.execute(`mutation($input: SetInspectionFrequenciesInput!) { setInspectionFrequencies(input: $input) { version } }`, { input: { communityId: largest, A: 'MONTHLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' } }),
      );
      report.figure(`setInspectionFrequencies on the community of 10,000 (every due item rewritten after the setting commits): ${ms(performance.now() - started)}, DynamoDB calls ${setting.calls.summary}`);
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
