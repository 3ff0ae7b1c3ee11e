import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reviewPackKeys } from '#core/db/keys.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import { RecordStore } from '#core/db/records.ts';
import { batchGet, type Table, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { ReviewPack, ReviewPackProgress } from './model.ts';

/**
 * Review packs in the single table (keys.ts, reviewPackKeys):
 *   pack       pk REVIEW_PACK#<id>                sk REVIEW_PACK   through the write pipeline (audit entries)
 *   progress   pk REVIEW_PACK#<id>                sk PROGRESS      a gauge: UpdateItem, no version, no audit entry
 *   guard      pk REVIEW_PACK_RUNNING#<cid>       sk GUARD         { packId, leaseExpiresAt }
 * The request puts the pack and takes the guard in one transaction, on condition that no other
 * pack holds it (or that one's lease has run out); the job's last write releases it with its
 * DONE or FAILED. Progress is not a fact of the domain (it is stale the moment it is read) and is
 * written dozens of times per pack, so it stays out of the records and the trail.
 */
export class ReviewPackRepository {
  readonly packs: RecordStore<ReviewPack>;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.packs = new RecordStore<ReviewPack>(table, { kind: reviewPackKeys.kind, type: 'ReviewPack', label: 'review pack' });
  }

  /** The pack with its progress: one BatchGetItem. */
  async get(id: string): Promise<{ pack: ReviewPack; progress: ReviewPackProgress } | undefined> {
    const items = await batchGet(this.table, [reviewPackKeys.key(id), reviewPackKeys.progress(id)]);
    const record = items.find((item) => item.sk === reviewPackKeys.key(id).sk);
    if (!record) return undefined;
    const gauge = items.find((item) => item.sk === reviewPackKeys.progress(id).sk);
    return { pack: this.packs.fromItem(record), progress: progressOf(gauge) };
  }

  /** Packs with their progress, in the order of `ids` (undefined where none): one BatchGetItem of two items per pack. */
  async getMany(ids: readonly string[]): Promise<({ pack: ReviewPack; progress: ReviewPackProgress } | undefined)[]> {
    const unique = [...new Set(ids)];
    const items = await batchGet(this.table, unique.flatMap((id) => [reviewPackKeys.key(id), reviewPackKeys.progress(id)]));
    const byKey = new Map(items.map((item) => [`${item.pk}\u0000${item.sk}`, item]));
    return ids.map((id) => {
      const key = reviewPackKeys.key(id);
      const record = byKey.get(`${key.pk}\u0000${key.sk}`);
      if (!record) return undefined;
      const progress = reviewPackKeys.progress(id);
      return { pack: this.packs.fromItem(record), progress: progressOf(byKey.get(`${progress.pk}\u0000${progress.sk}`)) };
    });
  }

  /** As stored now: the job reads its pack before each state change. */
  getConsistent(id: string): Promise<ReviewPack | undefined> {
    return this.packs.getConsistent(id);
  }

  /**
   * The new QUEUED pack and the community's guard, together. When another pack holds the guard
   * (and its lease runs), nothing is written and PackInProgress says which one.
   */
  async request(pack: ReviewPack, origin: WriteOrigin): Promise<void> {
    const guard: TransactionStep = {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...reviewPackKeys.runningGuard(pack.communityId), entity: 'ReviewPackGuard', packId: pack.id, leaseExpiresAt: pack.leaseExpiresAt },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseExpiresAt < :now',
          ExpressionAttributeValues: { ':now': pack.requestedAt },
        },
      },
      onConditionFailed: () => new PackInProgress(pack.communityId),
    };
    await this.pipeline.commit({ operation: 'REVIEW_PACK_REQUESTED', steps: [this.packs.createStep(pack), guard], changes: this.packs.created(pack, pack.regionCode).changes }, origin);
  }

  /** The pack that holds the community's guard now, if its lease runs. */
  async runningPackId(communityId: string, now: Date): Promise<string | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: reviewPackKeys.runningGuard(communityId), ConsistentRead: true }));
    const guard = response.Item as { packId?: string; leaseExpiresAt?: string } | undefined;
    if (!guard?.packId || !guard.leaseExpiresAt || Date.parse(guard.leaseExpiresAt) < now.getTime()) return undefined;
    return guard.packId;
  }

  /** RUNNING: the pack under its version. */
  start(previous: ReviewPack, next: ReviewPack, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'REVIEW_PACK_STARTED', ...this.packs.replaced(previous, next, previous.regionCode) }, origin);
  }

  /**
   * DONE or FAILED, with the community's guard released in the same transaction when this pack
   * holds it (`holdsGuard`, as read just before): past its lease another pack may hold it, and that
   * one's guard stays. The Delete is conditioned on the holder, so a takeover in between makes the
   * transaction fail (CONFLICT) rather than release another pack's guard.
   */
  finish(previous: ReviewPack, next: ReviewPack, holdsGuard: boolean, origin: WriteOrigin): Promise<void> {
    const write = this.packs.replaced(previous, next, previous.regionCode);
    const release: TransactionStep[] = holdsGuard
      ? [
          {
            item: {
              Delete: {
                TableName: this.table.name,
                Key: reviewPackKeys.runningGuard(previous.communityId),
                ConditionExpression: 'packId = :id',
                ExpressionAttributeValues: { ':id': previous.id },
              },
            },
            onConditionFailed: () => new ConflictError(`the guard of community ${previous.communityId} changed hands while pack ${previous.id} finished`),
          },
        ]
      : [];
    return this.pipeline.commit({ operation: 'REVIEW_PACK_FINISHED', steps: [...write.steps, ...release], changes: write.changes }, origin);
  }

  /** The pack id the community's guard names, whatever its lease (the job releases only its own). */
  async guardHolder(communityId: string): Promise<string | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: reviewPackKeys.runningGuard(communityId), ConsistentRead: true }));
    const packId = (response.Item as { packId?: unknown } | undefined)?.packId;
    return typeof packId === 'string' ? packId : undefined;
  }

  /** What the job has written: one UpdateItem, outside the record (no version, no audit entry). */
  async recordProgress(packId: string, progress: ReviewPackProgress): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: reviewPackKeys.progress(packId),
        UpdateExpression: `SET #entity = :entity, #files = :files, #bytes = :bytes, #at = :at${progress.totalFiles !== undefined ? ', #totalFiles = :totalFiles, #totalBytes = :totalBytes' : ''}`,
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#files': 'files',
          '#bytes': 'bytes',
          '#at': 'at',
          ...(progress.totalFiles !== undefined ? { '#totalFiles': 'totalFiles', '#totalBytes': 'totalBytes' } : {}),
        },
        ExpressionAttributeValues: {
          ':entity': 'ReviewPackProgress',
          ':files': progress.files,
          ':bytes': progress.bytes,
          ':at': progress.at ?? new Date().toISOString(),
          ...(progress.totalFiles !== undefined ? { ':totalFiles': progress.totalFiles, ':totalBytes': progress.totalBytes ?? 0 } : {}),
        },
      }),
    );
  }

}

/** The community's guard is held by another pack whose lease runs: the request wrote nothing (the service answers that pack). */
export class PackInProgress extends ConflictError {
  constructor(readonly communityId: string) {
    super(`a review pack of community ${communityId} is being built`);
    this.name = 'PackInProgress';
  }
}

function progressOf(item: Record<string, unknown> | undefined): ReviewPackProgress {
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    files: number(item?.files) ?? 0,
    bytes: number(item?.bytes) ?? 0,
    ...(number(item?.totalFiles) !== undefined ? { totalFiles: number(item?.totalFiles) as number, totalBytes: number(item?.totalBytes) ?? 0 } : {}),
    ...(typeof item?.at === 'string' ? { at: item.at } : {}),
  };
}

