import DataLoader from 'dataloader';
import { authorizeNotificationRead, notificationAudiencesFor } from '#core/auth/policy.ts';
import type { Principal } from '#core/auth/principal.ts';
import { ConflictError, NotFoundError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { type Connection, connectionOf, decodeCursor, pageRequest } from '#core/pagination.ts';
import { parseInput } from '#core/validation.ts';
import { type Notification, notificationIdsSchema } from './model.ts';
import type { FeedEntry, NotificationRepository } from './repository.ts';

/** A notification as the caller sees it: whether they have read it. */
export interface NotificationView extends Notification {
  readonly read: boolean;
}

export type NotificationConnectionModel = Connection<NotificationView> & { readonly unreadCount: () => Promise<number> };

export interface MarkNotificationsReadModel {
  readonly marked: number;
  readonly notifications: readonly NotificationView[];
  readonly unreadCount: () => Promise<number>;
}

/** Notifications examined at most for one unreadOnly page (the page is then shorter, with hasNextPage). */
const MAX_EXAMINED = 500;
/** Feed items read per Query while filling a page. */
const FEED_CHUNK = 50;
/** A marking that meets a concurrent one reads the markers again; this many times. */
const MARK_ATTEMPTS = 3;

/**
 * The caller's notifications: the feeds of the audiences their role and scope hold (the policy's
 * notification section), merged newest first; read state is the caller's own (by token subject).
 */
export class NotificationService {
  private readonly byId: DataLoader<string, Notification | undefined>;
  /** Which of the ids the caller has read: their own read markers, batched like the notifications. */
  private readonly readById: DataLoader<string, boolean>;

  constructor(
    private readonly repository: NotificationRepository,
    private readonly principal: Principal | null,
    private readonly origin: WriteOrigin,
  ) {
    this.byId = new DataLoader((ids) => repository.notifications.getMany(ids), { maxBatchSize: 100 });
    this.readById = new DataLoader(
      async (ids) => {
        const { caller } = notificationAudiencesFor(this.principal);
        const read = await repository.readIds(caller.subject, ids);
        return ids.map((id) => read.has(id));
      },
      { maxBatchSize: 100 },
    );
  }

  /**
   * One notification by its id (`node(id:)`), as `notifications` would list it to the caller: one
   * delivered to an audience of theirs (the policy's notification section), with their read state;
   * any other is NOT_FOUND, as marking it read is.
   */
  async get(id: string): Promise<NotificationView> {
    notificationAudiencesFor(this.principal);
    const notification = await this.byId.load(id);
    if (!notification) throw new NotFoundError('notification', id);
    authorizeNotificationRead(this.principal, notification);
    return { ...notification, read: await this.readById.load(id) };
  }

  async list(args: { unreadOnly?: boolean | null; first?: number | null; after?: string | null }): Promise<NotificationConnectionModel> {
    const { caller, audiences } = notificationAudiencesFor(this.principal);
    const page = pageRequest(args.first, args.after);
    const before = page.after === undefined ? undefined : decodeCursor(page.after);
    const unreadOnly = args.unreadOnly === true;
    const counts = () => this.repository.counts(caller.subject, audiences);
    const totalCount = async () => (await counts()).reduce((sum, count) => sum + count.total, 0);
    const unreadCount = async () => unreadOf(await counts());
    if (page.first === 0 || audiences.length === 0) {
      return { ...connectionOf([], false, before !== undefined, totalCount), unreadCount };
    }
    const merged = new MergedFeeds(this.repository, audiences, before);
    const kept: FeedEntry[] = [];
    const readIds = new Set<string>();
    let examined = 0;
    let exhausted = false;
    while (kept.length <= page.first && examined < MAX_EXAMINED) {
      const batch = await merged.next(page.first + 1 - kept.length);
      if (batch.length === 0) {
        exhausted = true;
        break;
      }
      examined += batch.length;
      const read = await this.repository.readIds(caller.subject, batch.map((entry) => entry.notification.id));
      for (const id of read) readIds.add(id);
      kept.push(...(unreadOnly ? batch.filter((entry) => !read.has(entry.notification.id)) : batch));
    }
    const items = kept.slice(0, page.first).map(({ position, notification }) => ({ position, node: { ...notification, read: readIds.has(notification.id) } }));
    const hasNextPage = kept.length > page.first || (!exhausted && !(await merged.done()));
    return { ...connectionOf(items, hasNextPage, before !== undefined, totalCount), unreadCount };
  }

  /** How many of the caller's notifications they have not read: two items per audience, one BatchGetItem. */
  async unreadCount(): Promise<number> {
    const { caller, audiences } = notificationAudiencesFor(this.principal);
    return unreadOf(await this.repository.counts(caller.subject, audiences));
  }

  /**
   * Marks the caller's notifications read. Every id must be one of theirs (NOT_FOUND naming it
   * otherwise, and nothing is written); ids already read are left as they are.
   */
  async markRead(rawIds: unknown): Promise<MarkNotificationsReadModel> {
    const { caller } = notificationAudiencesFor(this.principal);
    const ids = parseInput(notificationIdsSchema, rawIds, { prefix: 'ids' });
    const found = await this.repository.notifications.getMany(ids);
    const reads = ids.map((id, index) => {
      const notification = found[index];
      if (!notification) throw new NotFoundError('notification', id);
      return { notification, audience: authorizeNotificationRead(caller, notification) };
    });
    let marked = 0;
    for (let attempt = 1; ; attempt += 1) {
      const already = await this.repository.readIds(caller.subject, ids);
      const unread = reads.filter(({ notification }) => !already.has(notification.id));
      if (unread.length === 0) break;
      try {
        await this.repository.markRead(caller.subject, unread.map(({ notification, audience }) => ({ notificationId: notification.id, audience })), this.origin, new Date().toISOString());
        marked = unread.length;
        break;
      } catch (error) {
        // A concurrent marking of the same notification: nothing was written; read the markers again.
        if (!(error instanceof ConflictError) || attempt >= MARK_ATTEMPTS) throw error;
      }
    }
    return {
      marked,
      notifications: reads.map(({ notification }) => ({ ...notification, read: true })),
      unreadCount: () => this.unreadCount(),
    };
  }
}

function unreadOf(counts: readonly { total: number; read: number }[]): number {
  return counts.reduce((sum, count) => sum + Math.max(0, count.total - count.read), 0);
}

/**
 * Several audiences' feeds as one, newest first: each feed is read in chunks below the cursor and
 * the heads are merged. A notification reaches a caller through one audience of theirs, but an
 * editor of two communities could, in principle, meet the same id twice: duplicates are skipped.
 */
class MergedFeeds {
  private readonly feeds: { audience: string; buffer: FeedEntry[]; before: string | undefined; more: boolean }[];
  private readonly seen = new Set<string>();

  constructor(
    private readonly repository: NotificationRepository,
    audiences: readonly string[],
    before: string | undefined,
  ) {
    this.feeds = audiences.map((audience) => ({ audience, buffer: [], before, more: true }));
  }

  /** Up to `count` next entries, newest first. */
  async next(count: number): Promise<FeedEntry[]> {
    const taken: FeedEntry[] = [];
    while (taken.length < count) {
      await Promise.all(this.feeds.filter((feed) => feed.buffer.length === 0 && feed.more).map((feed) => this.fill(feed)));
      const candidates = this.feeds.filter((feed) => feed.buffer.length > 0);
      if (candidates.length === 0) break;
      const newest = candidates.reduce((best, feed) => ((feed.buffer[0]?.position ?? '') > (best.buffer[0]?.position ?? '') ? feed : best));
      const entry = newest.buffer.shift() as FeedEntry;
      if (this.seen.has(entry.notification.id)) continue;
      this.seen.add(entry.notification.id);
      taken.push(entry);
    }
    return taken;
  }

  /** Whether every feed is read to its end. */
  async done(): Promise<boolean> {
    await Promise.all(this.feeds.filter((feed) => feed.buffer.length === 0 && feed.more).map((feed) => this.fill(feed)));
    return this.feeds.every((feed) => feed.buffer.length === 0 && !feed.more);
  }

  private async fill(feed: { audience: string; buffer: FeedEntry[]; before: string | undefined; more: boolean }): Promise<void> {
    const { entries, more } = await this.repository.feedPage(feed.audience, FEED_CHUNK, feed.before);
    feed.buffer.push(...entries);
    feed.before = entries.at(-1)?.position ?? feed.before;
    feed.more = more && entries.length > 0;
  }
}
