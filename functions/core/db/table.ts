import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#core/errors.ts';
import { backoff } from './backoff.ts';
import { transactionConflictExhausted, transactionConflictRetried } from '#core/observability/counters.ts';

/** The one table, as the repositories see it. */
export interface Table {
  readonly client: DynamoDBDocumentClient;
  readonly name: string;
}

export type ItemKey = { readonly pk: string; readonly sk: string };
export type StoredItem = Record<string, unknown> & ItemKey;
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One step of a transaction, with the domain error to raise when its condition fails. Features
 * contribute steps (a record, its uniqueness guard, later the aggregate counters it feeds) and
 * `commit` writes them all or nothing.
 */
export interface TransactionStep {
  readonly item: TransactItem;
  readonly onConditionFailed?: () => Error;
}

const BATCH_GET_LIMIT = 100;
const MAX_BATCH_ATTEMPTS = 8;

/**
 * A cancellation for a conflicting transaction in flight (two writes touching one counter item at
 * once, say) wrote nothing, so the same transaction is sent again, with jittered backoff, a few
 * times; its conditions (versions, guards) still decide whether it may apply. Only then is it CONFLICT.
 */
const CONFLICT_ATTEMPTS = 5;

/**
 * A transaction DynamoDB cancelled because another one touched the same items at the same time,
 * still cancelled after the resends: nothing was written. Callers that can recompute their write
 * (it depends on what they read) retry it whole; elsewhere it answers CONFLICT.
 */
export class TransactionRace extends ConflictError {
  constructor(options?: ErrorOptions) {
    super('the record changed while this request ran; read it again and retry', undefined, options);
    this.name = 'TransactionRace';
  }
}

export async function commit(table: Table, steps: readonly TransactionStep[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: steps.map((step) => step.item) }));
      return;
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        const step = failed >= 0 ? steps[failed] : undefined;
        if (step) throw step.onConditionFailed?.() ?? new ConflictError('a condition of this write no longer holds; read again and retry', undefined, { cause: error });
        if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
          if (failed < 0 && attempt < CONFLICT_ATTEMPTS) {
            transactionConflictRetried();
            await backoff(attempt);
            continue;
          }
          transactionConflictExhausted();
          throw new TransactionRace({ cause: error });
        }
      }
      throw error;
    }
  }
}

/** BatchGetItem for any number of keys, in chunks of 100, retrying unprocessed keys with backoff; `consistent`: strongly consistent reads. */
export async function batchGet(table: Table, keys: readonly ItemKey[], options: { readonly consistent?: boolean } = {}): Promise<StoredItem[]> {
  const found: StoredItem[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_LIMIT).map(({ pk, sk }) => ({ pk, sk }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (attempt > 0) await backoff(attempt);
      const response = await table.client.send(
        new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) } } }),
      );
      found.push(...((response.Responses?.[table.name] ?? []) as StoredItem[]));
      pending = response.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return found;
}

/** Every item a query matches, following pages (each page reads at most 1 MB). */
export async function queryAll(table: Table, query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const response = await table.client.send(new QueryCommand({ ...query, TableName: table.name, ExclusiveStartKey: startKey }));
    items.push(...(response.Items ?? []));
    startKey = response.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Counts the items a key condition matches, following pages (each page reads at most 1 MB). */
export async function countQuery(table: Table, query: Omit<QueryCommandInput, 'TableName'>): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const response = await table.client.send(
      new QueryCommand({ ...query, TableName: table.name, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    total += response.Count ?? 0;
    startKey = response.LastEvaluatedKey;
  } while (startKey);
  return total;
}
