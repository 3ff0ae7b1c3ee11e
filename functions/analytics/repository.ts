import type { WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { batchGet, type ItemKey, type StoredItem, type Table } from '#core/db/table.ts';
import { encodeCursor } from '#core/pagination.ts';
import { awaitsRectification, type DangerSeverity } from '#hazard/danger-lifecycle.ts';
import { HiddenDangerRepository } from '#hazard/danger-repository.ts';
import { type RecomputeReport, recomputeAggregates } from './recompute.ts';

/** Counter items, stored as they are: the service decodes them (model.ts). */
export type CounterItem = StoredItem;

const BATCH_GET_KEYS = 100;

/**
 * The analytics counters in the single table, as the service reads them: BatchGetItem of known
 * keys, chunks of 100 in parallel. The recount writes its repairs through the write pipeline.
 */
export class AnalyticsRepository {
  private readonly dangers: HiddenDangerRepository;

  constructor(
    private readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.dangers = new HiddenDangerRepository(table, pipeline);
  }

  /**
   * The hidden dangers under `regionCode` awaiting their fix with a deadline on or before
   * `lastDeadline` (yesterday: overdue today), from the province's sparse listing of dangers
   * awaiting their fix: pages of 100, bounded by what is open and late in the province, never by
   * the region's size.
   */
  async overdueDangers(regionCode: string, lastDeadline: string): Promise<{ regionCode: string; severity: DangerSeverity }[]> {
    const found: { regionCode: string; severity: DangerSeverity }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.dangers.awaitingBy(regionCode.slice(0, 2), lastDeadline, 100, after);
      for (const { node } of page.items) {
        const region = node.regionCode ?? '';
        // The listing is a GSI: a danger fixed a moment ago may still be in it; its state says.
        if (region.startsWith(regionCode) && awaitsRectification(node.state) && node.deadline <= lastDeadline) found.push({ regionCode: region, severity: node.severity });
      }
      const last = page.items.at(-1);
      if (!page.hasNextPage || !last) return found;
      after = encodeCursor(last.position);
    }
  }

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
