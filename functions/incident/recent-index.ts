import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type ItemKey, type Table, type TransactionStep } from '../core/db/table.ts';
import { type Incident, incidentPosition } from './model.ts';

/**
 * The 10 most recent incidents of each community, in one item beside the community:
 *   pk COMMUNITY#<cid>   sk RECENT_INCIDENTS   entries [{ id, occurredAt }] newest first, rev N
 * so `Community.recentIncidents` for a page of communities is one BatchGetItem for these items
 * and one per 100 incidents, never a Query per community.
 *
 * The item changes in the same transaction as every incident creation, deletion and correction
 * that moves an incident in time, under an optimistic condition on `rev`: writers of one
 * community serialise on it, and the loser of a race retries the whole write (service.ts). A
 * deletion or a correction that takes an incident out of a full top 10 refills it from the
 * listing; because that refill reads the listing outside the transaction, every incident write
 * bumps `rev`, so a refill that raced with a creation fails its condition and reads again.
 */
export const RECENT_INCIDENTS = 10;

export interface RecentEntry {
  readonly id: string;
  readonly occurredAt: string;
}

export interface RecentIndexState {
  readonly communityId: string;
  /** Newest first, at most RECENT_INCIDENTS. */
  readonly entries: readonly RecentEntry[];
  /** 0 when the item does not exist yet. */
  readonly rev: number;
}

/** Another write changed the recent index since it was read: retry the whole write. */
export class RecentIndexConflict extends Error {
  constructor(readonly communityId: string) {
    super(`the recent incidents of community ${communityId} changed during the write`);
    this.name = 'RecentIndexConflict';
  }
}

const SK = 'RECENT_INCIDENTS';

export const recentIndexKey = (communityId: string): ItemKey => ({ pk: `COMMUNITY#${communityId}`, sk: SK });

export class RecentIncidentIndex {
  constructor(private readonly table: Table) {}

  /** The current state, strongly consistent: the write path computes the next one from it. */
  async read(communityId: string): Promise<RecentIndexState> {
    const response = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: recentIndexKey(communityId), ConsistentRead: true }),
    );
    return stateOf(communityId, response.Item);
  }

  /** Entries per community, in `communityIds` order: one BatchGetItem per 100 communities. */
  async entriesOf(communityIds: readonly string[]): Promise<RecentEntry[][]> {
    const items = await batchGet(this.table, [...new Set(communityIds)].map(recentIndexKey));
    const byPk = new Map(items.map((item) => [item.pk, item]));
    return communityIds.map((id) => [...stateOf(id, byPk.get(recentIndexKey(id).pk)).entries]);
  }

  /** The step that writes `entries` over the state read, or fails with RecentIndexConflict. */
  writeStep(state: RecentIndexState, entries: readonly RecentEntry[]): TransactionStep {
    const item = {
      ...recentIndexKey(state.communityId),
      entity: 'RecentIncidents',
      communityId: state.communityId,
      entries: entries.map(({ id, occurredAt }) => ({ id, occurredAt })),
      rev: state.rev + 1,
    };
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: item,
          ...(state.rev === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#rev = :rev',
                ExpressionAttributeNames: { '#rev': 'rev' },
                ExpressionAttributeValues: { ':rev': state.rev },
              }),
        },
      },
      onConditionFailed: () => new RecentIndexConflict(state.communityId),
    };
  }
}

/** The state after `item` is written with `entries`: what the next write of a bulk import starts from. */
export function advanced(state: RecentIndexState, entries: readonly RecentEntry[]): RecentIndexState {
  return { communityId: state.communityId, entries, rev: state.rev + 1 };
}

/**
 * The next entries after incidents are removed (deleted, or moved by a correction) and others
 * added (created, or the corrected version). `newest` reads the listing when the top can no longer
 * be known from the index alone: an entry left a full index, or the index was never written.
 */
export async function nextEntries(
  state: RecentIndexState,
  change: { readonly removed?: readonly string[]; readonly added?: readonly Incident[] },
  newest: (limit: number) => Promise<readonly Incident[]>,
): Promise<RecentEntry[]> {
  const removed = new Set(change.removed ?? []);
  const added = (change.added ?? []).map(entryOf);
  const changedIds = new Set([...removed, ...added.map((entry) => entry.id)]);
  let kept = state.entries.filter((entry) => !changedIds.has(entry.id));
  const leftFullTop = state.entries.length >= RECENT_INCIDENTS && state.entries.some((entry) => removed.has(entry.id));
  if (state.rev === 0 || leftFullTop) {
    // The listing may still show the removed incidents (and an incident's old position): the ids
    // this write changes are taken from the write itself, never from the listing.
    const listed = await newest(RECENT_INCIDENTS + changedIds.size);
    kept = merge(listed.map(entryOf).filter((entry) => !changedIds.has(entry.id)), kept);
  }
  return merge(kept, added).slice(0, RECENT_INCIDENTS);
}

/** Both lists, newest first, one entry per id (`b`'s where both have it). */
function merge(a: readonly RecentEntry[], b: readonly RecentEntry[]): RecentEntry[] {
  const byId = new Map<string, RecentEntry>();
  for (const entry of [...a, ...b]) byId.set(entry.id, entry);
  return [...byId.values()].sort((x, y) => (positionOf(y) < positionOf(x) ? -1 : positionOf(y) > positionOf(x) ? 1 : 0));
}

const positionOf = (entry: RecentEntry) => incidentPosition(entry);
const entryOf = (incident: Pick<Incident, 'id' | 'occurredAt'>): RecentEntry => ({ id: incident.id, occurredAt: incident.occurredAt });

function stateOf(communityId: string, item: Record<string, unknown> | undefined): RecentIndexState {
  if (!item) return { communityId, entries: [], rev: 0 };
  const entries = Array.isArray(item.entries) ? (item.entries as RecentEntry[]) : [];
  return { communityId, entries, rev: typeof item.rev === 'number' ? item.rev : 0 };
}
