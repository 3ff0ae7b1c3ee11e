import type { WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { batchGet, type ItemKey, type StoredItem, type Table } from '#core/db/table.ts';
import { type RecomputeReport, recomputeAggregates } from './recompute.ts';

/** Counter items, stored as they are: the service decodes them (model.ts). */
export type CounterItem = StoredItem;

const BATCH_GET_KEYS = 100;

/**
 * The analytics counters in the single table, as the service reads them: BatchGetItem of known
 * keys, chunks of 100 in parallel. The recount writes its repairs through the write pipeline.
 */
export class AnalyticsRepository {
  constructor(
    private readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {}

  /** The items that exist among `keys` (deduplicated by the caller), in no particular order. */
  async counterItems(keys: readonly ItemKey[]): Promise<CounterItem[]> {
    const chunks: ItemKey[][] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) chunks.push(keys.slice(start, start + BATCH_GET_KEYS));
    return (await Promise.all(chunks.map((chunk) => batchGet(this.table, chunk)))).flat();
  }

  recompute(regionCode: string, origin: WriteOrigin): Promise<RecomputeReport> {
    return recomputeAggregates(this.table, regionCode, { pipeline: this.pipeline, origin });
  }
}
