import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { BadUserInputError, ConflictError, NotFoundError } from '#core/errors.ts';
import { decodeCursor } from '#core/pagination.ts';
import { childIndexKey, recordKey } from './keys.ts';
import type { PipelineWrite, RecordChange, RecordWrite, WriteContributor } from './pipeline.ts';
import { batchGet, countQuery, type ItemKey, type StoredItem, type Table, type TransactionStep } from './table.ts';

/**
 * Storage of one kind of record of a community (promotion project, intervention, incident,
 * training, certification) in the single table:
 *   record     pk <KIND>#<id>   sk <KIND>                                   (GetItem / BatchGetItem by id)
 *   listing    gsi1pk <parent listing>   gsi1sk <sort position>#<id>        (one Query per listing page)
 *   second     gsi2pk <second listing>   gsi2sk <sort position>#<id>        (optional and sparse, e.g. an archive)
 * Writes are transaction steps, so a record, its guards, its parent's child index and (later)
 * the analytics counters it feeds commit together or not at all.
 */
export interface StoredRecord {
  readonly id: string;
  readonly version: number;
}

export interface RecordKind<T extends StoredRecord> {
  /** Entity name and key prefix, e.g. 'PROJECT'. */
  readonly kind: string;
  /** The record's type as the GraphQL schema and the audit trail name it, e.g. 'Project'. */
  readonly type: string;
  /** The community a record belongs to (its `communityId` unless said otherwise). */
  readonly communityOf?: (record: T) => string;
  /** Human name for errors, e.g. 'promotion project'. */
  readonly label: string;
  /**
   * The listing this record appears in, with its sort position (ends with the id); undefined
   * where the listing is sparse and the record is not in it (evidence while not PENDING_UPLOAD).
   */
  readonly listing?: (record: T) => { readonly partition: string; readonly position: string } | undefined;
  /**
   * A second listing on gsi2, sparse: the record is in it only while this returns a position
   * (evidence is in its community's archive only while AVAILABLE). gsi2 also lists communities by
   * stage, under partition values of their own, so the partitions must not collide with those.
   */
  readonly secondListing?: (record: T) => { readonly partition: string; readonly position: string } | undefined;
}

/** Which listing a page reads: the kind's listing (gsi1) or its second listing (gsi2). */
export type ListingIndex = 'gsi1' | 'gsi2';

export interface ListingPageQuery {
  readonly partition: string;
  /** gsi1 (the default) or the kind's second listing, gsi2. */
  readonly index?: ListingIndex;
  readonly first: number;
  readonly after?: string;
  /** Newest first when sorting by date. */
  readonly descending?: boolean;
  /** Inclusive bounds on the sort position (e.g. dates); `to` should end with `\uffff` to include the whole day. */
  readonly from?: string;
  readonly to?: string;
  readonly filter?: {
    readonly expression: string;
    readonly names: Record<string, string>;
    readonly values: Record<string, unknown>;
  };
}

export interface ListingPage<T> {
  readonly items: readonly { position: string; node: T }[];
  readonly hasNextPage: boolean;
}

const INDEX_KEYS: Readonly<Record<ListingIndex, { readonly partition: string; readonly position: string }>> = {
  gsi1: { partition: 'gsi1pk', position: 'gsi1sk' },
  gsi2: { partition: 'gsi2pk', position: 'gsi2sk' },
};
const MAX_FILTERED_ROUNDS = 20;

export type { RecordWrite };

/** Both parts as one: a record and the records it moves along. */
export function joined(...parts: readonly RecordWrite[]): RecordWrite {
  return { steps: parts.flatMap((part) => part.steps), changes: parts.flatMap((part) => part.changes) };
}

export class RecordStore<T extends StoredRecord> {
  constructor(
    private readonly table: Table,
    private readonly definition: RecordKind<T>,
  ) {}

  get type(): string {
    return this.definition.type;
  }

  /** A new record, counted in `regionCode` (its community's region when it is written). */
  created(record: T, regionCode: string, context?: RecordChange['context']): RecordWrite {
    return { steps: [this.createStep(record)], changes: [this.change(null, record, regionCode, context)] };
  }

  /** `previous` replaced by `next` under the version condition. */
  replaced(previous: T, next: T, regionCode: string, context?: RecordChange['context']): RecordWrite {
    return { steps: [this.replaceStep(previous, next)], changes: [this.change(previous, next, regionCode, context)] };
  }

  /** `previous` deleted under the version condition. */
  deleted(previous: T, regionCode: string, context?: RecordChange['context']): RecordWrite {
    return { steps: [this.deleteStep(previous)], changes: [this.change(previous, null, regionCode, context)] };
  }

  change(before: T | null, after: T | null, regionCode: string, context?: RecordChange['context']): RecordChange<T> {
    const record = (after ?? before) as T;
    const stamped = (record as { regionCode?: string }).regionCode;
    return {
      type: this.definition.type,
      id: record.id,
      communityId: this.definition.communityOf?.(record) ?? (record as unknown as { communityId: string }).communityId,
      regionCode: stamped ?? regionCode,
      before,
      after,
      ...(context ? { context } : {}),
    };
  }

  key(id: string): ItemKey {
    return recordKey(this.definition.kind, id);
  }

  async get(id: string): Promise<T | undefined> {
    const [record] = await this.getMany([id]);
    return record;
  }

  async require(id: string): Promise<T> {
    const record = await this.get(id);
    if (!record) throw new NotFoundError(this.definition.label, id);
    return record;
  }

  /** BatchGetItem in chunks of 100; the result follows `ids`, undefined where missing; `consistent`: as stored now. */
  async getMany(ids: readonly string[], options: { readonly consistent?: boolean } = {}): Promise<(T | undefined)[]> {
    const items = await batchGet(this.table, [...new Set(ids)].map((id) => this.key(id)), options);
    const byId = new Map(items.map((item) => [String(item.id), this.fromItem(item)]));
    return ids.map((id) => byId.get(id));
  }

  createStep(record: T): TransactionStep {
    return {
      item: { Put: { TableName: this.table.name, Item: this.toItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
      onConditionFailed: () => new ConflictError(`${this.definition.label} ${record.id} already exists`),
    };
  }

  /** Replaces a record read at `previous.version`; a concurrent change makes it CONFLICT. */
  replaceStep(previous: T, next: T): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: this.toItem(next),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.version },
        },
      },
      onConditionFailed: () => this.staleVersion(previous),
    };
  }

  deleteStep(previous: T): TransactionStep {
    return {
      item: {
        Delete: {
          TableName: this.table.name,
          Key: this.key(previous.id),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': previous.version },
        },
      },
      onConditionFailed: () => this.staleVersion(previous),
    };
  }

  /**
   * A step that writes nothing but holds the transaction to the record as read: it fails with
   * CONFLICT when the record changed since (a child's counters depend on it, say).
   */
  unchangedStep(record: T, onChanged: () => Error = () => this.staleVersion(record)): TransactionStep {
    return {
      item: {
        ConditionCheck: {
          TableName: this.table.name,
          Key: this.key(record.id),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': record.version },
        },
      },
      onConditionFailed: onChanged,
    };
  }

  /** The record as stored now (strongly consistent): write paths check versions against it. */
  async getConsistent(id: string): Promise<T | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: this.key(id), ConsistentRead: true }));
    return response.Item ? this.fromItem(response.Item) : undefined;
  }

  /** Fails fast, before any write, when the caller's version is not the stored one. */
  assertVersion(record: T, expected: number): void {
    if (record.version !== expected) {
      throw new ConflictError(
        `${this.definition.label} ${record.id} is at version ${record.version}, not ${expected}; read it again`,
        'input.version',
      );
    }
  }

  /**
   * One page of a listing, by sort position. With a filter, DynamoDB applies it after reading,
   * so the page is filled over a few Query rounds.
   */
  async page(query: ListingPageQuery): Promise<ListingPage<T>> {
    if (query.first === 0) return { items: [], hasNextPage: false };
    const after = query.after === undefined ? undefined : decodeCursor(query.after);
    if (after !== undefined && !this.positionInRange(after, query)) {
      throw BadUserInputError.field('after', 'is a cursor of another listing');
    }
    const { condition, names, values } = this.listingCondition(query);
    const found: T[] = [];
    const index = query.index ?? 'gsi1';
    let startKey: Record<string, unknown> | undefined = after === undefined ? undefined : this.listingKey(index, query.partition, after);
    for (let round = 0; round < MAX_FILTERED_ROUNDS; round += 1) {
      const response = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: index,
          KeyConditionExpression: condition,
          ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: !query.descending,
          Limit: query.filter ? Math.max(50, (query.first + 1) * 2) : query.first + 1,
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...(response.Items ?? []).map((item) => this.fromItem(item)));
      startKey = response.LastEvaluatedKey;
      if (found.length > query.first || !startKey) break;
    }
    const page = found.slice(0, query.first);
    return {
      items: page.map((node) => ({ position: this.position(node, index), node })),
      hasNextPage: found.length > query.first || startKey !== undefined,
    };
  }

  /** How many records a listing (with its range and filter) holds: Select COUNT, page by page. */
  count(query: Omit<ListingPageQuery, 'first' | 'after' | 'descending'>): Promise<number> {
    const { condition, names, values } = this.listingCondition(query);
    return countQuery(this.table, {
      IndexName: query.index ?? 'gsi1',
      KeyConditionExpression: condition,
      ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  private listingCondition(query: Omit<ListingPageQuery, 'first' | 'after' | 'descending'>) {
    const keys = INDEX_KEYS[query.index ?? 'gsi1'];
    const names: Record<string, string> = { '#pk': keys.partition, ...(query.filter?.names ?? {}) };
    const values: Record<string, unknown> = { ':pk': query.partition, ...(query.filter?.values ?? {}) };
    let condition = '#pk = :pk';
    if (query.from !== undefined || query.to !== undefined) {
      names['#sk'] = keys.position;
      values[':from'] = query.from ?? '';
      values[':to'] = query.to ?? '\uffff';
      condition += ' AND #sk BETWEEN :from AND :to';
    }
    return { condition, names, values };
  }

  position(record: T, index: ListingIndex = 'gsi1'): string {
    const listing = index === 'gsi1' ? this.definition.listing?.(record) : this.definition.secondListing?.(record);
    if (!listing) throw new Error(`${this.definition.kind} record ${record.id} is in no ${index} listing`);
    return listing.position;
  }

  toItem(record: T): StoredItem {
    const listing = this.definition.listing?.(record);
    const second = this.definition.secondListing?.(record);
    return {
      ...this.key(record.id),
      entity: this.definition.kind,
      ...(listing ? { gsi1pk: listing.partition, gsi1sk: listing.position } : {}),
      ...(second ? { gsi2pk: second.partition, gsi2sk: second.position } : {}),
      ...(record as unknown as Record<string, unknown>),
    };
  }

  fromItem(item: Record<string, unknown>): T {
    const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, gsi2pk: _gsi2pk, gsi2sk: _gsi2sk, ...record } = item;
    return record as unknown as T;
  }

  private listingKey(index: ListingIndex, partition: string, position: string): Record<string, string> {
    const id = position.slice(position.lastIndexOf('#') + 1);
    const keys = INDEX_KEYS[index];
    return { ...this.key(id), [keys.partition]: partition, [keys.position]: position };
  }

  private positionInRange(position: string, query: ListingPageQuery): boolean {
    return (query.from === undefined || position >= query.from) && (query.to === undefined || position <= query.to);
  }

  private staleVersion(previous: T): ConflictError {
    return new ConflictError(
      `${this.definition.label} ${previous.id} was changed by someone else since version ${previous.version}; read it again`,
      'input.version',
    );
  }
}

/**
 * The ids of a parent's children of one kind (a community's projects, a project's
 * interventions), as a string set in one item beside the parent: ADD and DELETE on a set are
 * atomic, so concurrent creations never overwrite each other, and a page of parents resolves its
 * children with one BatchGetItem for the sets and one per 100 children.
 */
export class ChildIndex implements WriteContributor {
  readonly name: string;

  /**
   * `membership` makes the index a contributor of the write pipeline: a created record of
   * `childType` joins its parent's set and a deleted one leaves it, in the write's transaction.
   */
  constructor(
    private readonly table: Table,
    private readonly parentKind: string,
    private readonly childKind: string,
    private readonly membership?: { readonly childType: string; readonly parentOf: (record: never) => string },
  ) {
    this.name = `children:${parentKind}:${childKind}`;
  }

  steps(write: PipelineWrite): TransactionStep[] {
    const added = new Map<string, string[]>();
    const removed = new Map<string, string[]>();
    for (const change of write.changes) {
      const parent = this.parentOf(change);
      if (parent === undefined || (change.before && change.after)) continue;
      const target = change.after ? added : removed;
      target.set(parent, [...(target.get(parent) ?? []), change.id]);
    }
    for (const parent of added.keys()) {
      if (removed.has(parent)) throw new Error(`a write may not add and remove children of ${this.parentKind} ${parent} at once`);
    }
    return [
      ...[...added].map(([parent, ids]) => this.addStep(parent, ...ids)),
      ...[...removed].map(([parent, ids]) => this.removeStep(parent, ...ids)),
    ];
  }

  *itemIds(change: RecordChange): Iterable<string> {
    const parent = this.parentOf(change);
    if (parent !== undefined && !(change.before && change.after)) yield parent;
  }

  private parentOf(change: RecordChange): string | undefined {
    if (!this.membership || change.type !== this.membership.childType) return undefined;
    const record = change.after ?? change.before;
    return record ? (this.membership.parentOf as (record: object) => string)(record) : undefined;
  }

  private key(parentId: string): ItemKey {
    return childIndexKey(this.parentKind, parentId, this.childKind);
  }

  /** One step for any number of children: a transaction may touch the index item only once. */
  addStep(parentId: string, ...childIds: string[]): TransactionStep {
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: this.key(parentId),
          UpdateExpression: 'ADD #ids :id SET #entity = :entity',
          ExpressionAttributeNames: { '#ids': 'ids', '#entity': 'entity' },
          ExpressionAttributeValues: { ':id': new Set(childIds), ':entity': 'ChildIndex' },
        },
      },
    };
  }

  removeStep(parentId: string, ...childIds: string[]): TransactionStep {
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: this.key(parentId),
          UpdateExpression: 'DELETE #ids :id',
          ExpressionAttributeNames: { '#ids': 'ids' },
          ExpressionAttributeValues: { ':id': new Set(childIds) },
        },
      },
    };
  }

  /**
   * A step that writes nothing but holds the transaction to the parent having `count` children,
   * as read: it fails when a child was added or removed since.
   */
  countCheckStep(parentId: string, count: number, onChanged: () => Error): TransactionStep {
    return {
      item: {
        ConditionCheck: {
          TableName: this.table.name,
          Key: this.key(parentId),
          ConditionExpression: count === 0 ? 'attribute_not_exists(#ids)' : 'size(#ids) = :count',
          ExpressionAttributeNames: { '#ids': 'ids' },
          ...(count === 0 ? {} : { ExpressionAttributeValues: { ':count': count } }),
        },
      },
      onConditionFailed: onChanged,
    };
  }

  /** Child ids per parent, in `parentIds` order: one BatchGetItem per 100 parents. */
  async childIds(parentIds: readonly string[]): Promise<string[][]> {
    const items = await batchGet(this.table, [...new Set(parentIds)].map((id) => this.key(id)));
    const byParent = new Map(items.map((item) => [item.pk, item.ids instanceof Set ? [...(item.ids as Set<string>)] : []]));
    return parentIds.map((id) => byParent.get(this.key(id).pk) ?? []);
  }
}
