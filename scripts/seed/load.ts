import { seedMarkerKey } from '#core/db/keys.ts';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#local/engines.ts';
import type { Table } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { createCommunityInputSchema, type Community } from '#community/model.ts';
import { CommunityRepository } from '#community/repository.ts';
import { type DemoCommunity, demoCommunities } from './demo-communities.ts';
import { demoId } from './ids.ts';
import { type RecordCounts, seedDemoRecords, seedOrigin } from './load-records.ts';
import { type HazardCounts, seedDemoHazards } from './load-hazards.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { phaseCounter, quietly, type SeedProgress } from './progress.ts';

export { demoId };

/**
 * Loads the demo data the briefings describe. Ids derive from each record's stable key, so a
 * reload recognises what is there and the README's examples keep working across machines.
 */
// 6: issue 12's hazard register, inspections and hidden dangers (load-hazards.ts).
// 7: issue 13's type-tagged ids (`com_<uuid>`, core/ids.ts): the same records under their new ids.
export const DEMO_DATA_VERSION = 7;
const MARKER = seedMarkerKey;

export function demoCommunity(demo: DemoCommunity, now = new Date().toISOString()): Community {
  const input = createCommunityInputSchema.parse(demo.input);
  return { id: demoId('community', demo.key), ...input, stageHistory: [...demo.stageHistory], version: 1, createdAt: now, updatedAt: now };
}

/** The first demo data version whose ids are type-tagged (core/ids.ts). */
export const FIRST_TAGGED_DEMO_VERSION = 7;

/** Whether the store holds demo data loaded before ids were tagged: it cannot be updated in place. */
export async function holdsUntaggedDemo(table: Table): Promise<boolean> {
  const marker = await table.client.send(new GetCommand({ TableName: table.name, Key: MARKER }));
  const version = marker.Item?.version;
  return typeof version === 'number' && version < FIRST_TAGGED_DEMO_VERSION;
}

/**
 * A local store of demo data from before type-tagged ids starts afresh: updated in place, its
 * records under their new ids would meet the old ones' name guards and count twice in the
 * aggregates. For `npm start`'s own store only: the table is deleted and created again, empty.
 * Returns whether it did.
 */
export async function startAfreshIfUntagged(dynamodb: DynamoDBClient, table: Table): Promise<boolean> {
  if (!(await holdsUntaggedDemo(table))) return false;
  await dynamodb.send(new DeleteTableCommand({ TableName: table.name }));
  await ensureTable(dynamodb, table.name);
  return true;
}

export async function isSeeded(table: Table): Promise<boolean> {
  const marker = await table.client.send(new GetCommand({ TableName: table.name, Key: MARKER }));
  return marker.Item?.version === DEMO_DATA_VERSION;
}

export interface SeedReport extends RecordCounts, HazardCounts {
  communities: number;
}

/** Writes every demo community and record that is not there yet; returns how many it wrote. */
export async function seedDemoData(table: Table, progress: SeedProgress = quietly): Promise<SeedReport> {
  const repository = new CommunityRepository(table, createWritePipeline(table));
  const origin = seedOrigin();
  let written = 0;
  const { tick } = phaseCounter(progress, 'communities', demoCommunities.length);
  for (const demo of demoCommunities) {
    try {
      await repository.create(demoCommunity(demo), origin);
      written += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      await catchUpStages(repository, demo, origin);
    }
    tick();
  }
  const records = await seedDemoRecords(table, undefined, undefined, progress);
  const hazards = await seedDemoHazards(table, undefined, undefined, undefined, progress);
  return { communities: written, ...records, ...hazards };
}

/**
 * A community loaded by an older demo version whose stage history has since grown (杜店 now
 * IMPLEMENTING, 沙土 APPLIED) moves on, as a stage change of the API would write it.
 */
async function catchUpStages(repository: CommunityRepository, demo: DemoCommunity, origin: WriteOrigin): Promise<void> {
  const current = await repository.get(demoId('community', demo.key));
  if (!current || current.stageHistory.length >= demo.stageHistory.length) return;
  const prefix = demo.stageHistory.slice(0, current.stageHistory.length);
  if (JSON.stringify(prefix) !== JSON.stringify(current.stageHistory)) return;
  const next: Community = { ...current, stage: demo.input.stage ?? current.stage, stageHistory: [...demo.stageHistory], version: current.version + 1, updatedAt: new Date().toISOString() };
  await repository.update(current, next, origin, 'STAGE_CHANGE');
}

/** Marks the demo data (and the demo archive, which `npm start` uploads through S3) as loaded. */
export async function markSeeded(table: Table): Promise<void> {
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: { ...MARKER, version: DEMO_DATA_VERSION, loadedAt: new Date().toISOString() } }),
  );
}
