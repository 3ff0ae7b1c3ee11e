import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { notificationKeys } from '#core/db/keys.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import { RecordStore } from '#core/db/records.ts';
import { batchGet, type ItemKey, type Table, TransactionRace, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Notification } from './model.ts';

/**
 * Notifications in the single table (keys.ts notificationKeys):
 *   notification   pk NOTIFICATION#<id>               sk NOTIFICATION       written once: Put under attribute_not_exists
 *   feed copy      pk NOTIFICATION_FEED#<audience>    sk <createdAt>#<id>   one per audience; a caller's page is one Query per audience, newest first
 *   audience total pk NOTIFICATION_COUNT#<audience>   sk TOTAL              ADD 1 in the same transaction as the copy
 *   read marker    pk NOTIFICATION_READ#<subject>     sk <id>               Put under attribute_not_exists
 *   read count     pk NOTIFICATION_READ#<subject>     sk COUNT#<audience>   ADD n in the same transaction as the markers
 * The unread count of a caller is Σ (audience total − the caller's read count of it): one
 * BatchGetItem of two items per audience, however many notifications there are.
 */

/** The notification of this (subject, rule, threshold) was written before: nothing was written now. */
export class AlreadyNotified extends ConflictError {
  constructor(readonly notificationId: string) {
    super(`notification ${notificationId} was sent already`);
    this.name = 'AlreadyNotified';
  }
}

const SEND_ATTEMPTS = 5;

/** A notification as a feed returns it, with its position there. */
export interface FeedEntry {
  readonly position: string;
  readonly notification: Notification;
}

export class NotificationRepository {
  readonly notifications: RecordStore<Notification>;

  constructor(
    private readonly table: Table,
    private readonly pipeline: WritePipeline,
  ) {
    this.notifications = new RecordStore<Notification>(table, { kind: notificationKeys.kind, type: 'Notification', label: 'notification' });
  }

  /** The steps that deliver a notification: the record (once only), a copy and a count per audience. */
  deliverySteps(notification: Notification): TransactionStep[] {
    const record = this.notifications.createStep(notification);
    const position = notificationKeys.position(notification.createdAt, notification.id);
    return [
      { item: record.item, onConditionFailed: () => new AlreadyNotified(notification.id) },
      ...notification.audiences.map(
        (audience): TransactionStep => ({
          item: {
            Put: {
              TableName: this.table.name,
              Item: { pk: notificationKeys.feed(audience), sk: position, entity: 'NotificationCopy', audience, ...notification },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          onConditionFailed: () => new AlreadyNotified(notification.id),
        }),
      ),
      ...notification.audiences.map(
        (audience): TransactionStep => ({
          item: {
            Update: {
              TableName: this.table.name,
              Key: notificationKeys.count(audience),
              UpdateExpression: 'ADD #total :one SET #entity = :entity',
              ExpressionAttributeNames: { '#total': 'total', '#entity': 'entity' },
              ExpressionAttributeValues: { ':one': 1, ':entity': 'NotificationCount' },
            },
          },
        }),
      ),
    ];
  }

  /**
   * Writes the notification unless this (subject, rule, threshold) was notified before: a re-run,
   * a replayed schedule and a concurrent run all meet the record's condition, and the one
   * transaction holds the copies and counts to it, so nothing is ever delivered twice.
   */
  async send(notification: Notification, origin: WriteOrigin): Promise<'SENT' | 'ALREADY_SENT'> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.pipeline.commit({ operation: 'NOTIFICATION_SENT', steps: this.deliverySteps(notification), changes: [] }, origin);
        return 'SENT';
      } catch (error) {
        if (error instanceof AlreadyNotified) return 'ALREADY_SENT';
        // Another run wrote the audiences' counts at the same moment (and commit's resends met it
        // each time): nothing was written; the condition decides on the next attempt.
        if (error instanceof TransactionRace && attempt < SEND_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /** Which of these notification ids exist (one BatchGetItem per 100). */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.notifications.getMany(ids);
    return new Set(found.filter((notification): notification is Notification => notification !== undefined).map((notification) => notification.id));
  }

  /** Up to `limit` of an audience's notifications older than `before` (a position), newest first, and whether there are more. */
  async feedPage(audience: string, limit: number, before?: string): Promise<{ entries: FeedEntry[]; more: boolean }> {
    const response = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: before === undefined ? '#pk = :pk' : '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': 'pk', ...(before === undefined ? {} : { '#sk': 'sk' }) },
        ExpressionAttributeValues: { ':pk': notificationKeys.feed(audience), ...(before === undefined ? {} : { ':before': before }) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const entries = (response.Items ?? []).map((item) => {
      const { pk: _pk, sk, entity: _entity, audience: _audience, ...notification } = item;
      return { position: String(sk), notification: notification as unknown as Notification };
    });
    return { entries, more: response.LastEvaluatedKey !== undefined };
  }

  /** The ids among `ids` the subject has read. */
  async readIds(subject: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const items = await batchGet(this.table, [...new Set(ids)].map((id) => notificationKeys.read(subject, id)));
    return new Set(items.map((item) => String(item.sk)));
  }

  /** Per audience: how many notifications it holds and how many of them the subject has read (one BatchGetItem). */
  async counts(subject: string, audiences: readonly string[]): Promise<{ total: number; read: number }[]> {
    if (audiences.length === 0) return [];
    const keys: ItemKey[] = audiences.flatMap((audience) => [notificationKeys.count(audience), notificationKeys.readCount(subject, audience)]);
    const items = await batchGet(this.table, keys);
    const byKey = new Map(items.map((item) => [`${item.pk}\u0000${item.sk}`, item]));
    const value = (key: ItemKey, attribute: string) => Number(byKey.get(`${key.pk}\u0000${key.sk}`)?.[attribute] ?? 0);
    return audiences.map((audience) => ({ total: value(notificationKeys.count(audience), 'total'), read: value(notificationKeys.readCount(subject, audience), 'read') }));
  }

  /**
   * Marks notifications read for the subject, each through the audience it reached them by: a
   * marker per notification (a second marking of one fails its condition: CONFLICT, nothing
   * written; the service reads again and marks the rest) and one count update per audience.
   */
  markRead(subject: string, reads: readonly { readonly notificationId: string; readonly audience: string }[], origin: WriteOrigin, at: string): Promise<void> {
    const perAudience = new Map<string, number>();
    for (const { audience } of reads) perAudience.set(audience, (perAudience.get(audience) ?? 0) + 1);
    const steps: TransactionStep[] = [
      ...reads.map(
        ({ notificationId, audience }): TransactionStep => ({
          item: {
            Put: {
              TableName: this.table.name,
              Item: { ...notificationKeys.read(subject, notificationId), entity: 'NotificationRead', audience, readAt: at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          onConditionFailed: () => new ConflictError(`notification ${notificationId} was marked read meanwhile`, 'ids'),
        }),
      ),
      ...[...perAudience].map(
        ([audience, count]): TransactionStep => ({
          item: {
            Update: {
              TableName: this.table.name,
              Key: notificationKeys.readCount(subject, audience),
              UpdateExpression: 'ADD #read :count SET #entity = :entity',
              ExpressionAttributeNames: { '#read': 'read', '#entity': 'entity' },
              ExpressionAttributeValues: { ':count': count, ':entity': 'NotificationReadCount' },
            },
          },
        }),
      ),
    ];
    return this.pipeline.commit({ operation: 'NOTIFICATIONS_READ', steps, changes: [] }, origin, at);
  }
}
