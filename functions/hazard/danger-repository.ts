import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { listingKeys, recordKey } from '#core/db/keys.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import { RecordStore } from '#core/db/records.ts';
import type { Table } from '#core/db/table.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { awaitsRectification } from './danger-lifecycle.ts';
import type { HiddenDanger } from './danger-model.ts';

/**
 * Hidden dangers in the single table:
 *   hidden danger   pk HIDDEN_DANGER#<id>   sk HIDDEN_DANGER   gsi1 COMMUNITY#<cid>#HIDDEN_DANGERS / <deadline>#<createdAt>#<id>
 * Keyed by deadline, the community's overdue dangers are one range of its listing (deadline
 * before today), filtered to those still awaiting their fix.
 */
export class HiddenDangerRepository {
  readonly dangers: RecordStore<HiddenDanger>;

  constructor(
    readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.dangers = new RecordStore<HiddenDanger>(table, {
      kind: 'HIDDEN_DANGER',
      type: 'HiddenDanger',
      label: 'hidden danger',
      listing: (danger) => ({ partition: listingKeys.hiddenDangers(danger.communityId), position: hiddenDangerPosition(danger) }),
      // While it awaits its fix: its province's sparse listing by deadline, for the reminders job's escalations.
      secondListing: (danger) => (awaitsRectification(danger.state) ? { partition: listingKeys.dangersAwaiting(danger.regionCode ?? ''), position: `${danger.deadline}#${danger.id}` } : undefined),
    });
  }

  /** A province's dangers awaiting their fix with a deadline on or before `lastDeadline`, earliest first (gsi2). */
  awaitingBy(regionCode: string, lastDeadline: string, first: number, after?: string) {
    return this.dangers.page({ index: 'gsi2', partition: listingKeys.dangersAwaiting(regionCode), from: '0000', to: `${lastDeadline}\uffff`, first, ...(after ? { after } : {}) });
  }

  /** The community of an inspection, for a danger that names it (undefined when there is none). */
  async inspectionCommunity(inspectionId: string): Promise<string | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: recordKey('INSPECTION', inspectionId), ProjectionExpression: 'communityId' }));
    return typeof response.Item?.communityId === 'string' ? response.Item.communityId : undefined;
  }

  create(danger: HiddenDanger, regionCode: string, origin: WriteOrigin): Promise<void> {
    return this.pipeline.commit({ operation: 'CREATE', ...this.dangers.created(danger, regionCode) }, origin);
  }

  /** One move of its life, under the version read (CONFLICT otherwise), with the reason of a failed verification. */
  move(current: HiddenDanger, next: HiddenDanger, regionCode: string, origin: WriteOrigin, reason?: string): Promise<void> {
    return this.pipeline.commit({ operation: 'HIDDEN_DANGER_MOVED', ...this.dangers.replaced(current, next, regionCode), ...(reason ? { reason } : {}) }, origin);
  }
}

export const hiddenDangerPosition = (danger: Pick<HiddenDanger, 'deadline' | 'createdAt' | 'id'>) => `${danger.deadline}#${danger.createdAt}#${danger.id}`;

/** A community's listing of hidden dangers (keys.ts), for the service's queries. */
export const hiddenDangerListing = listingKeys.hiddenDangers;
