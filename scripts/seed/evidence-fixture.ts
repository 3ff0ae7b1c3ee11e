import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Community } from '#community/model.ts';
import type { Table } from '#core/db/table.ts';
import type { AqtElement, Evidence } from '#evidence/model.ts';
import { EvidenceRepository } from '#evidence/repository.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { newId } from '#core/ids.ts';

/**
 * Evidence of a community as the processor leaves it (AVAILABLE, in the archive) or as an upload
 * request leaves it (PENDING_UPLOAD), a PDF filed under `element` (none: unassigned): for tests
 * and benchmarks about the archive, which need files in it, not the upload flow.
 */
export function evidenceFixture(
  community: Community,
  options: { readonly element?: AqtElement | undefined; readonly status: Evidence['status']; readonly at: string; readonly fileName: string; readonly size: number; readonly uploadedBy: string },
): Evidence {
  const id = newId('evidence');
  const { element, status, at } = options;
  return {
    id,
    communityId: community.id,
    regionCode: community.regionCode,
    ownerType: 'COMMUNITY',
    ownerId: community.id,
    key: `evidence/${community.id}/${id}`,
    fileName: options.fileName,
    contentType: 'application/pdf',
    size: options.size,
    sha256: '0'.repeat(64),
    ...(element ? { element } : {}),
    status,
    uploadedBy: options.uploadedBy,
    uploadedAt: at,
    uploadExpiresAt: at,
    ...(status === 'AVAILABLE' ? { availableAt: at } : {}),
    version: status === 'AVAILABLE' ? 2 : 1,
    updatedAt: at,
  };
}

/** Writes evidence straight into the table in the record store's own item format, 25 a batch, with what DynamoDB left unprocessed sent again. */
export async function writeEvidenceFixtures(table: Table, evidence: readonly Evidence[]): Promise<void> {
  const store = new EvidenceRepository(table, createWritePipeline(table)).evidence;
  const items = evidence.map((record) => store.toItem(record));
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const response = await table.client.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
      pending = (response.UnprocessedItems?.[table.name] ?? []) as typeof pending;
    }
  }
}
