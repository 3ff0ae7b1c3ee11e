/**
 * The hidden-danger move benchmark (issue 12): one state change of a hidden danger (隐患), a
 * rectification reported and a verification failed in turn, with everything the write pipeline
 * adds to it (the audit entry and the creation counters at every region level, in one
 * TransactWriteItems), against a plain PutItem of the danger's own item to the same table.
 *
 * Two figures, as ratios against the PutItem run side by side (interleaved, ABBA):
 *   - the move through the API (the mutation as an ADMIN: the reads of the danger, its community
 *     and the photo, the policy, the transaction);
 *   - the move's transaction alone (HiddenDangerRepository.move), what the write itself costs.
 * No target is set by the issue: the figures say what the trail and the counters cost.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { HiddenDangerRepository } from '#hazard/danger-repository.ts';
import type { HiddenDanger } from '#hazard/danger-model.ts';
import { seedCommunity } from '#scripts/seed/community-fixture.ts';
import { countCalls } from './lib/calls.ts';
import { startInProcessApi } from './lib/in-process-api.ts';
import type { BenchmarkModule } from './lib/module.ts';
import { median, ms, ratio } from './lib/stats.ts';

const RUNS = 200;
const WARM_RUNS = 50;

const FIELDS = 'id state version';
const RECORD = `mutation($input: RecordHiddenDangerInput!) { recordHiddenDanger(input: $input) { ${FIELDS} } }`;
const START = `mutation($input: HiddenDangerMoveInput!) { startRectification(input: $input) { ${FIELDS} } }`;
const REPORT = `mutation($input: ReportRectifiedInput!) { reportRectified(input: $input) { ${FIELDS} } }`;
const REJECT = `mutation($input: RejectVerificationInput!) { rejectVerification(input: $input) { ${FIELDS} } }`;
const UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }`;

const UNIT = { organisation: '南塔街道某餐饮店', post: '店长' };

export const dangerMoveBenchmark: BenchmarkModule = {
  name: 'danger-move',
  description: "a hidden danger's state change with its audit entry and counters (through the API, and its transaction alone) against a plain PutItem",
  async run(report) {
    const api = await startInProcessApi('danger-move');
    try {
      const community = await seedCommunity(api.table, { name: '隐患基准社区', regionCode: '210102001', launchedOn: '2015-01-01' });
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const record = async (): Promise<{ id: string; version: number; photo: string }> => {
        const danger = (await api.execute(RECORD, { input: { communityId: community.id, severity: 'GENERAL', description: '液化气钢瓶未固定', responsibleUnit: UNIT, deadline: today } })).recordHiddenDanger;
        const started = (await api.execute(START, { input: { id: danger.id, version: danger.version } })).startRectification;
        const photo = (
          await api.execute(UPLOAD, {
            input: { ownerType: 'HIDDEN_DANGER', ownerId: danger.id, fileName: '整改后照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'e'.repeat(64), element: 'CORRECTIVE_ACTIONS' },
          })
        ).requestEvidenceUpload.evidence.id;
        return { id: danger.id, version: started.version, photo };
      };

      // Through the API: RECTIFYING → RECTIFIED → RECTIFYING … one move per sample.
      const viaApi = await record();
      let apiState = 'RECTIFYING';
      const apiMove = async () => {
        if (apiState === 'RECTIFYING') {
          const moved = (await api.execute(REPORT, { input: { id: viaApi.id, version: viaApi.version, photoEvidenceIds: [viaApi.photo] } })).reportRectified;
          viaApi.version = moved.version;
          apiState = moved.state;
        } else {
          const moved = (await api.execute(REJECT, { input: { id: viaApi.id, version: viaApi.version, reason: '钢瓶仍未固定' } })).rejectVerification;
          viaApi.version = moved.version;
          apiState = moved.state;
        }
      };

      // The transaction alone: the repository's move of a danger read once, kept in memory.
      const repository = new HiddenDangerRepository(api.table, createWritePipeline(api.table));
      const direct = await record();
      let current: HiddenDanger = (await repository.dangers.getConsistent(direct.id))!;
      const origin = systemOrigin('bench', 'bench:danger-move');
      const transactionMove = async () => {
        const now = new Date().toISOString();
        const next: HiddenDanger =
          current.state === 'RECTIFYING'
            ? { ...current, state: 'RECTIFIED', photoEvidenceIds: [direct.photo], rectifiedBy: 'bench', rectifiedAt: now, version: current.version + 1, updatedAt: now }
            : { ...current, state: 'RECTIFYING', rejectionReason: '钢瓶仍未固定', version: current.version + 1, updatedAt: now };
        await repository.move(current, next, community.regionCode, origin, next.state === 'RECTIFYING' ? '钢瓶仍未固定' : undefined);
        current = next;
      };

      // The baseline: the danger's own item, put as it is (no condition, no trail, no counters).
      const item = { ...repository.dangers.toItem(current), pk: `BENCH#${current.id}` };
      const putItem = async (): Promise<void> => {
        await api.table.client.send(new PutCommand({ TableName: api.table.name, Item: { ...item, updatedAt: new Date().toISOString() } }));
      };

      const cases = [
        { name: 'api', run: apiMove },
        { name: 'transaction', run: transactionMove },
        { name: 'put', run: putItem },
      ] as const;
      const calls: Record<string, string> = {};
      for (const entry of cases) calls[entry.name] = (await countCalls(api.clients.dynamodb, () => entry.run())).calls.summary;
      for (let warm = 0; warm < WARM_RUNS; warm += 1) for (const entry of cases) await entry.run();
      const samples: Record<string, number[]> = { api: [], transaction: [], put: [] };
      for (let run = 0; run < RUNS; run += 1) {
        for (const entry of run % 2 === 0 ? cases : [...cases].reverse()) {
          const started = performance.now();
          await entry.run();
          samples[entry.name]!.push(performance.now() - started);
        }
      }
      const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])) as Record<string, number>;
      report.figure(`a plain PutItem of the danger's item: median ${ms(medians.put!)} over ${RUNS} runs, DynamoDB calls ${calls.put}`);
      report.figure(
        `a hidden danger's move, its transaction alone (record, audit entry, counters): median ${ms(medians.transaction!)}, ratio ${ratio(medians.transaction!, medians.put!)} against the PutItem, DynamoDB calls ${calls.transaction}`,
      );
      report.figure(
        `a hidden danger's move through the API (reportRectified / rejectVerification as an ADMIN): median ${ms(medians.api!)}, ratio ${ratio(medians.api!, medians.put!)} against the PutItem, DynamoDB calls ${calls.api}`,
      );
    } finally {
      await api.stop();
    }
  },
};
