import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_PK_PREFIX, auditKeys } from '#core/db/keys.ts';
import { batchGet, type Table } from '#core/db/table.ts';
import { BadUserInputError } from '#core/errors.ts';
import { decodeCursor } from '#core/pagination.ts';
import type { AuditEntry } from './model.ts';
import { auditEntryLocation } from '#core/ids.ts';
import { unpackedJson } from '#core/db/packed.ts';
import { AUDIT_BATCH_ENTITY, AUDIT_BATCH_TYPE, type BatchMember, batchMemberId, batchMemberOf } from './trail.ts';

export interface AuditPageQuery {
  readonly first: number;
  readonly after?: string;
  /** Inclusive ISO instants. */
  readonly from?: string;
  readonly to?: string;
  readonly operation?: string;
}

export interface AuditPage {
  readonly items: readonly { position: string; node: AuditEntry }[];
  readonly hasNextPage: boolean;
}

const MAX_FILTERED_ROUNDS = 20;

/**
 * Reads of the audit trail (keys.ts `auditKeys`): a record's history is one partition, a
 * community's log a gsi1 partition, a region's log its province's gsi2 partition, all sorted
 * by time. Entries are written by the trail contributor (trail.ts) and never changed.
 */
export class AuditRepository {
  constructor(private readonly table: Table) {}

  /** Entries by their record and position, in `keys` order: one BatchGetItem per 100. */
  async entries(keys: readonly { readonly recordType: string; readonly recordId: string; readonly position: string }[]): Promise<(AuditEntry | undefined)[]> {
    const itemKeys = keys.map((key) => ({ pk: auditKeys.record(key.recordType, key.recordId), sk: key.position }));
    const unique = [...new Map(itemKeys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
    const byKey = new Map((await batchGet(this.table, unique)).map((item) => [`${item.pk}|${item.sk}`, entryOf(item)]));
    return itemKeys.map((key) => byKey.get(`${key.pk}|${key.sk}`));
  }

  /**
   * An entry by its id alone, where the id says it is listed (ids.ts auditEntryLocation): one
   * Query of one item of its province's log. Undefined for an id of another form (entries from
   * before tags, entries of no region) or of no entry. The log is an index, so an entry is found
   * once the index has it (at once on DynamoDB Local, within a second or so in AWS).
   */
  async entryById(id: string): Promise<AuditEntry | undefined> {
    const member = batchMemberOf(id);
    if (member) return (await this.batchEntries(member.batchId)).find((entry) => entry.id === id);
    const location = auditEntryLocation(id);
    if (!location) return undefined;
    const response = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'gsi2',
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': 'gsi2pk', '#sk': 'gsi2sk' },
        ExpressionAttributeValues: { ':pk': auditKeys.province(location.province), ':sk': auditKeys.position(location.at, id) },
      }),
    );
    const [item] = response.Items ?? [];
    return item ? entryOf(item) : undefined;
  }

  /** A record's whole history of the given operations, oldest first (an incident's corrections and deletion). */
  async allOf(recordType: string, recordId: string, operations: readonly string[]): Promise<AuditEntry[]> {
    const names: Record<string, string> = { '#pk': 'pk', '#operation': 'operation' };
    const values: Record<string, unknown> = { ':pk': auditKeys.record(recordType, recordId) };
    operations.forEach((operation, index) => {
      values[`:op${index}`] = operation;
    });
    const found: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const response = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: `#operation IN (${operations.map((_, index) => `:op${index}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...(response.Items ?? []).map(entryOf));
      startKey = response.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  /**
   * A record's history, oldest first. An imported incident's creation is a member of its import
   * batch (`importAudit`, the member's id, as the incident keeps it): it comes first, before the
   * entries of the incident's own partition, which are all later.
   */
  async history(recordType: string, recordId: string, query: AuditPageQuery, importAudit?: string): Promise<AuditPage> {
    const listing = { partitionKey: 'pk', sortKey: 'sk', partition: auditKeys.record(recordType, recordId) };
    const member = batchMemberOf(importAudit);
    if (!member || query.first === 0 || query.after !== undefined) return this.page(listing, query);
    const creation = (await this.batchEntries(member.batchId)).find((entry) => entry.id === importAudit && entry.recordId === recordId && entry.recordType === recordType);
    const position = creation && auditKeys.position(creation.at, creation.id);
    const shown =
      creation !== undefined &&
      position !== undefined &&
      position >= (query.from ?? '0') &&
      position <= `${query.to ?? '9'}\uffff` &&
      (query.operation === undefined || query.operation === creation.operation);
    if (!shown) return this.page(listing, query);
    const rest = await this.page(listing, query);
    const items = [{ position: `${listing.partition}|${position}`, node: creation }, ...rest.items];
    return { items: items.slice(0, query.first), hasNextPage: items.length > query.first || rest.hasNextPage };
  }

  /** The entries an import batch item holds, in index order (none when there is no such batch). */
  private async batchEntries(batchId: string): Promise<AuditEntry[]> {
    const location = auditEntryLocation(batchId);
    if (!location) return [];
    const response = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: { pk: auditKeys.record(AUDIT_BATCH_TYPE, batchId), sk: auditKeys.position(location.at, batchId) } }),
    );
    return response.Item ? entriesOf(response.Item) : [];
  }

  ofCommunity(communityId: string, query: AuditPageQuery): Promise<AuditPage> {
    return this.page({ index: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', partition: auditKeys.community(communityId) }, query, true);
  }

  /** A region's log: its province's partition, narrowed to the region's code prefix. */
  ofRegion(regionCode: string, query: AuditPageQuery): Promise<AuditPage> {
    return this.page(
      { index: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', partition: auditKeys.province(regionCode) },
      query,
      true,
      regionCode.length > 2 ? regionCode : undefined,
    );
  }

  private async page(
    listing: { index?: string; partitionKey: string; sortKey: string; partition: string },
    query: AuditPageQuery,
    newestFirst = false,
    regionPrefix?: string,
  ): Promise<AuditPage> {
    if (query.first === 0) return { items: [], hasNextPage: false };
    const after = query.after === undefined ? undefined : decodeCursor(query.after);
    let from = query.from ?? '0';
    let to = `${query.to ?? '9'}\uffff`;
    const [afterPk, afterPosition] = after === undefined ? [] : splitCursor(after, listing.index ? undefined : listing.partition, from, to);
    // After a member of an import batch: the rest of its batch (the batch item read again), then on.
    const member = afterPosition === undefined ? undefined : batchMemberOf(afterPosition.slice(afterPosition.indexOf('#') + 1));
    let shownAlready: ((entry: AuditEntry) => boolean) | undefined;
    if (member && afterPosition !== undefined) {
      const batchPosition = auditKeys.position(afterPosition.slice(0, afterPosition.indexOf('#')), member.batchId);
      if (newestFirst) to = batchPosition;
      else from = batchPosition;
      shownAlready = (entry) => {
        const of = batchMemberOf(entry.id);
        return of !== undefined && of.batchId === member.batchId && (newestFirst ? of.index >= member.index : of.index <= member.index);
      };
    }
    const names: Record<string, string> = { '#pk': listing.partitionKey, '#sk': listing.sortKey };
    const values: Record<string, unknown> = { ':pk': listing.partition, ':from': from, ':to': to };
    const filters: string[] = [];
    if (query.operation) {
      names['#operation'] = 'operation';
      values[':operation'] = query.operation;
      filters.push('#operation = :operation');
    }
    if (regionPrefix) {
      names['#region'] = 'regionCode';
      values[':region'] = regionPrefix;
      filters.push('begins_with(#region, :region)');
    }
    const found: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined =
      afterPk === undefined || afterPosition === undefined || member
        ? undefined
        : { pk: afterPk, sk: afterPosition, ...(listing.index ? { [listing.partitionKey]: listing.partition, [listing.sortKey]: afterPosition } : {}) };
    for (let round = 0; round < MAX_FILTERED_ROUNDS; round += 1) {
      const response = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          ...(listing.index ? { IndexName: listing.index } : {}),
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: !newestFirst,
          Limit: filters.length > 0 ? Math.max(50, (query.first + 1) * 2) : query.first + 1,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of response.Items ?? []) {
        const entries = entriesOf(item);
        for (const entry of newestFirst ? entries.reverse() : entries) if (!shownAlready?.(entry)) found.push(entry);
      }
      startKey = response.LastEvaluatedKey;
      if (found.length > query.first || !startKey) break;
    }
    const page = found.slice(0, query.first);
    return {
      items: page.map((node) => ({ position: `${auditKeys.record(node.recordType, node.recordId)}|${auditKeys.position(node.at, node.id)}`, node })),
      hasNextPage: found.length > query.first || startKey !== undefined,
    };
  }
}

/** An entry's position in a listing: `<ISO instant>#<entry id>`. */
const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z#[A-Za-z0-9:._-]{1,80}$/;

/**
 * The entry a cursor names (`<pk>|<position>`), checked before any DynamoDB call: a record's
 * history takes only its own entries, every listing only positions within its range.
 */
function splitCursor(cursor: string, partition: string | undefined, from: string, to: string): [string, string] {
  const [pk, sk, ...rest] = cursor.split('|');
  const valid =
    pk !== undefined &&
    sk !== undefined &&
    rest.length === 0 &&
    pk.startsWith(AUDIT_PK_PREFIX) &&
    (partition === undefined || pk === partition) &&
    POSITION.test(sk) &&
    sk >= from &&
    sk <= to;
  if (!valid) throw BadUserInputError.field('after', 'is not a cursor this listing issued');
  return [pk, sk];
}

/** The entries an item holds: itself, or every member of an import batch (trail.ts), in index order. */
function entriesOf(item: Record<string, unknown>): AuditEntry[] {
  if (item.entity !== AUDIT_BATCH_ENTITY) return [entryOf(item)];
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1p, gsi1sk: _g1s, gsi2pk: _g2p, gsi2sk: _g2s, members, id, ...shared } = item;
  const list = unpackedJson<BatchMember[] | undefined>(members) ?? [];
  return [...list]
    .sort((a, b) => a.index - b.index)
    .map((member) => ({
      ...(shared as Omit<AuditEntry, 'id' | 'recordType' | 'recordId' | 'changes' | 'version'>),
      id: batchMemberId(String(id), member.index),
      recordType: member.recordType,
      recordId: member.recordId,
      changes: member.changes,
      ...(member.version !== undefined ? { version: member.version } : {}),
    }));
}

function entryOf(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1p, gsi1sk: _g1s, gsi2pk: _g2p, gsi2sk: _g2s, ...entry } = item;
  return entry as unknown as AuditEntry;
}
