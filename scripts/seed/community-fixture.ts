import { randomUUID } from 'node:crypto';
import type { Community } from '#community/model.ts';
import { CommunityRepository } from '#community/repository.ts';
import type { Table } from '#core/db/table.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { newId } from '#core/ids.ts';

/**
 * Writes a community straight through the repository: for tests and benchmarks about its
 * records, which need a community to hang them on, not the community API.
 */
export async function seedCommunity(table: Table, overrides: Partial<Community> = {}): Promise<Community> {
  const now = new Date().toISOString();
  const community: Community = {
    id: newId('community'),
    name: `测试社区-${randomUUID().slice(0, 8)}`,
    kind: 'STREET',
    regionCode: '371702002',
    stage: 'IMPLEMENTING',
    stageHistory: [{ stage: 'IMPLEMENTING', on: '2020-01-01' }],
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  const repository = new CommunityRepository(table, createWritePipeline(table));
  await repository.create(community, systemOrigin('test-fixture', `fixture:${community.id}`));
  return community;
}
