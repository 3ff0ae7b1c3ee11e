import { type RecordWrite, RecordStore } from '#core/db/records.ts';
import { combined, type DomainWrite, type WriteOperation, type WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Table, TransactionStep } from '#core/db/table.ts';
import { communityKeys } from '#core/db/keys.ts';
import { ConflictError } from '#core/errors.ts';
import type { Community, CommunityStage } from './model.ts';

/**
 * Community items in the single table, on the record store every record uses (keys.ts):
 *   community   pk COMMUNITY#<id>                       sk COMMUNITY
 *     gsi1      gsi1pk COMMUNITIES                      gsi1sk <regionCode>#<id>   (list by region prefix)
 *     gsi2      gsi2pk COMMUNITIES#<stage>              gsi2sk <regionCode>#<id>   (list by stage and region)
 *   name guard  pk COMMUNITY_NAME#<regionCode>#<name>   sk GUARD                   (one name per division)
 * Writes go through the write pipeline: the creation counters follow a community's stage,
 * population and region, and the audit trail records every change.
 */
export interface CommunityPageQuery {
  readonly regionPrefix: string | null;
  readonly stage: CommunityStage | null;
  readonly first: number;
  readonly after?: string;
}

export interface CommunityPage {
  readonly items: readonly { position: string; node: Community }[];
  readonly hasNextPage: boolean;
}

export function communityPosition(community: Pick<Community, 'id' | 'regionCode'>): string {
  return communityKeys.position(community.regionCode, community.id);
}

/** The community a record's write moves along (a certification step, a self-assessment's submission): as read, and after the move. */
export interface CommunityMove {
  readonly before: Community;
  readonly after: Community;
}

export class CommunityRepository {
  readonly store: RecordStore<Community>;

  constructor(
    private readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.store = new RecordStore<Community>(table, {
      kind: communityKeys.kind,
      type: 'Community',
      label: 'community',
      communityOf: (community) => community.id,
      listing: (community) => ({ partition: communityKeys.all, position: communityPosition(community) }),
      secondListing: (community) => ({ partition: communityKeys.byStage(community.stage), position: communityPosition(community) }),
    });
  }

  /** Strongly consistent: the update path checks the version against it. */
  get(id: string): Promise<Community | undefined> {
    return this.store.getConsistent(id);
  }

  /** One BatchGetItem per 100 ids; the result follows `ids` order, undefined where missing. */
  getMany(ids: readonly string[]): Promise<(Community | undefined)[]> {
    return this.store.getMany(ids);
  }

  /** A page of communities by region prefix (and stage), in region-code order: one Query. */
  page(query: CommunityPageQuery): Promise<CommunityPage> {
    return this.store.page({ ...this.listing(query), first: query.first, ...(query.after !== undefined ? { after: query.after } : {}) });
  }

  count(query: Pick<CommunityPageQuery, 'regionPrefix' | 'stage'>): Promise<number> {
    return this.store.count(this.listing(query));
  }

  /** A new community, its name claimed within its division. */
  create(community: Community, origin: WriteOrigin): Promise<void> {
    const write = this.store.created(community, community.regionCode);
    return this.pipeline.commit({ operation: 'CREATE', steps: [...write.steps, this.claimName(community)], changes: write.changes }, origin);
  }

  /** Replaces a community read at `previous.version`; a concurrent change makes it CONFLICT. */
  update(previous: Community, next: Community, origin: WriteOrigin, operation: WriteOperation = 'UPDATE'): Promise<void> {
    return this.pipeline.commit({ operation, ...this.updated(previous, next) }, origin);
  }

  /**
   * The community's part of a write that changes it (a certification decision moves its stage):
   * the record under its version, and a renamed or moved community's name guard.
   */
  /** A record's write (`operation`) with its community's stage move, when it makes one, in the same transaction. */
  withMove(operation: WriteOperation, write: RecordWrite, move: CommunityMove | undefined): DomainWrite {
    if (!move) return { operation, ...write };
    return combined(operation, { operation, ...write }, { operation: 'STAGE_CHANGE', ...this.updated(move.before, move.after) });
  }

  updated(previous: Community, next: Community): RecordWrite {
    const write = this.store.replaced(previous, next, next.regionCode);
    const steps: TransactionStep[] = [...write.steps];
    if (previous.name !== next.name || previous.regionCode !== next.regionCode) {
      steps.push(this.claimName(next), {
        item: { Delete: { TableName: this.table.name, Key: communityKeys.nameGuard(previous.regionCode, previous.name) } },
      });
    }
    return { steps, changes: write.changes };
  }

  private claimName(community: Community): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...communityKeys.nameGuard(community.regionCode, community.name), entity: 'CommunityNameGuard', communityId: community.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new ConflictError(`a community named ${community.name} already exists in ${community.regionCode}`, 'input.name'),
    };
  }

  private listing(query: Pick<CommunityPageQuery, 'regionPrefix' | 'stage'>) {
    const prefix = query.regionPrefix ?? '';
    return {
      index: query.stage ? ('gsi2' as const) : ('gsi1' as const),
      partition: query.stage ? communityKeys.byStage(query.stage) : communityKeys.all,
      ...(prefix ? { from: prefix, to: `${prefix}\uffff` } : {}),
    };
  }
}
