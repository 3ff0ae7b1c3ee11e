import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor } from '#core/pagination.ts';
import { BadUserInputError, ConflictError } from '#core/errors.ts';
import { batchGet, commit, countQuery, type StoredItem, type Table, type TransactionStep } from '#core/db/table.ts';
import { communityContributions, CreationDeltas } from '#analytics/creation-counters.ts';
import type { Community, CommunityStage } from './model.ts';

/**
 * Community items in the single table.
 *   community   pk COMMUNITY#<id>                       sk COMMUNITY
 *     gsi1      gsi1pk COMMUNITIES                      gsi1sk <regionCode>#<id>   (list by region prefix)
 *     gsi2      gsi2pk COMMUNITIES#<stage>              gsi2sk <regionCode>#<id>   (list by stage and region)
 *   name guard  pk COMMUNITY_NAME#<regionCode>#<name>   sk GUARD                   (one name per division)
 * Other records of a community will live in its partition (pk COMMUNITY#<id>), so a community
 * and what belongs to it come back in one Query.
 */
const ENTITY = 'Community';
const COMMUNITY_SK = 'COMMUNITY';

export const communityKey = (id: string) => ({ pk: `COMMUNITY#${id}`, sk: COMMUNITY_SK });
const nameGuardKey = (regionCode: string, name: string) => ({ pk: `COMMUNITY_NAME#${regionCode}#${name}`, sk: 'GUARD' });
const listingPosition = (community: Pick<Community, 'id' | 'regionCode'>) => `${community.regionCode}#${community.id}`;

function toItem(community: Community): StoredItem {
  const position = listingPosition(community);
  return {
    ...communityKey(community.id),
    entity: ENTITY,
    gsi1pk: 'COMMUNITIES',
    gsi1sk: position,
    gsi2pk: `COMMUNITIES#${community.stage}`,
    gsi2sk: position,
    ...community,
  };
}

function fromItem(item: Record<string, unknown>): Community {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1p, gsi1sk: _g1s, gsi2pk: _g2p, gsi2sk: _g2s, ...community } = item;
  return community as unknown as Community;
}

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

export function communityPosition(community: Community): string {
  return listingPosition(community);
}

export class CommunityRepository {
  constructor(private readonly table: Table) {}

  async get(id: string): Promise<Community | undefined> {
    const response = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: communityKey(id), ConsistentRead: true }),
    );
    return response.Item ? fromItem(response.Item) : undefined;
  }

  /** One BatchGetItem per 100 ids; the result follows `ids` order, undefined where missing. */
  async getMany(ids: readonly string[]): Promise<(Community | undefined)[]> {
    const items = await batchGet(this.table, [...new Set(ids)].map(communityKey));
    const byId = new Map(items.map((item) => [String(item.id), fromItem(item)]));
    return ids.map((id) => byId.get(id));
  }

  /** A page of communities by region prefix (and stage), in region-code order: one Query. */
  async page(query: CommunityPageQuery): Promise<CommunityPage> {
    if (query.first === 0) return { items: [], hasNextPage: false };
    const keyCondition = this.listingCondition(query);
    const after = query.after === undefined ? undefined : decodeCursor(query.after);
    if (after !== undefined && !after.startsWith(query.regionPrefix ?? '')) {
      throw BadUserInputError.field('after', 'is a cursor of another listing');
    }
    const response = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        ...keyCondition,
        Limit: query.first + 1,
        ...(after ? { ExclusiveStartKey: this.startKey(query.stage, after) } : {}),
      }),
    );
    const communities = (response.Items ?? []).map(fromItem);
    return {
      items: communities.slice(0, query.first).map((node) => ({ position: listingPosition(node), node })),
      hasNextPage: communities.length > query.first,
    };
  }

  count(query: Pick<CommunityPageQuery, 'regionPrefix' | 'stage'>): Promise<number> {
    return countQuery(this.table, this.listingCondition(query));
  }

  /**
   * Steps that create a community and claim its name within its division, and count it in the
   * analytics snapshot of its region (creation-counters.ts).
   */
  createSteps(community: Community): TransactionStep[] {
    return [
      {
        item: { Put: { TableName: this.table.name, Item: toItem(community), ConditionExpression: 'attribute_not_exists(pk)' } },
        onConditionFailed: () => new ConflictError(`community ${community.id} already exists`, 'input.id'),
      },
      this.claimName(community),
      ...new CreationDeltas().add(communityContributions(community), 1).steps(this.table),
    ];
  }

  /**
   * Steps that replace a community written at `expectedVersion`: the condition on `version`
   * makes concurrent updates from the same read lose with CONFLICT instead of overwriting. A
   * change of stage, population or region moves the community in the analytics snapshot, in the
   * same transaction (every writer of a community, the certification decisions included, comes here).
   */
  updateSteps(previous: Community, next: Community): TransactionStep[] {
    const steps: TransactionStep[] = [
      {
        item: {
          Put: {
            TableName: this.table.name,
            Item: toItem(next),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': previous.version },
          },
        },
        onConditionFailed: () =>
          new ConflictError(
            `community ${previous.id} was changed by someone else since version ${previous.version}; read it again`,
            'input.version',
          ),
      },
    ];
    if (previous.name !== next.name || previous.regionCode !== next.regionCode) {
      steps.push(this.claimName(next), {
        item: { Delete: { TableName: this.table.name, Key: nameGuardKey(previous.regionCode, previous.name) } },
      });
    }
    steps.push(...new CreationDeltas().change(communityContributions(previous), communityContributions(next)).steps(this.table));
    return steps;
  }

  write(steps: readonly TransactionStep[]): Promise<void> {
    return commit(this.table, steps);
  }

  private claimName(community: Community): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...nameGuardKey(community.regionCode, community.name), entity: 'CommunityNameGuard', communityId: community.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new ConflictError(`a community named ${community.name} already exists in ${community.regionCode}`, 'input.name'),
    };
  }

  private listingCondition(query: Pick<CommunityPageQuery, 'regionPrefix' | 'stage'>) {
    const [index, partition] = query.stage ? ['gsi2', `COMMUNITIES#${query.stage}`] : ['gsi1', 'COMMUNITIES'];
    const prefix = query.regionPrefix ?? '';
    return {
      IndexName: index,
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': `${index}pk`, ...(prefix ? { '#sk': `${index}sk` } : {}) },
      ExpressionAttributeValues: { ':pk': partition, ...(prefix ? { ':prefix': prefix } : {}) },
    };
  }

  private startKey(stage: CommunityStage | null, position: string): Record<string, string> {
    const id = position.slice(position.indexOf('#') + 1);
    const [index, partition] = stage ? ['gsi2', `COMMUNITIES#${stage}`] : ['gsi1', 'COMMUNITIES'];
    return { ...communityKey(id), [`${index}pk`]: partition, [`${index}sk`]: position };
  }
}
