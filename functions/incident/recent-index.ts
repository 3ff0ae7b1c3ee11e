import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type ItemKey, type Table, type TransactionStep } from '#core/db/table.ts';
import { type Incident, incidentPosition } from './model.ts';

/**
 * The 10 most recent incidents of each community, copied whole into one item beside the community:
 *   pk COMMUNITY#<cid>   sk RECENT_INCIDENTS   incidents [Incident…] newest first, rev N
 * so `Community.recentIncidents` for a page of communities is one BatchGetItem per 100
 * communities, whatever the page size and however many incidents they hold (ids alone would cost
 * another BatchGetItem per 100 incidents). Ten incidents stay far below DynamoDB's 400 KB item
 * limit (an incident is at most ~7 KB, with a 2,000-character description).
 *
 * The item is written in the same transaction as every incident write that changes the top ten
 * (a creation, a deletion, a correction of one of them or that moves one into them), under an
 * optimistic condition on `rev`: writers of one community serialise on it, and the loser of a
 * race retries the whole write (retry.ts). A deletion, or a correction that moves an incident out
 * of a full top ten, refills it from the listing and then by strongly consistent reads of the
 * incidents themselves, so a lagging index never brings back a deleted or an old version.
 */
export const RECENT_INCIDENTS = 10;

export interface RecentIndexState {
  readonly communityId: string;
  /** Newest first, at most RECENT_INCIDENTS. */
  readonly incidents: readonly Incident[];
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

export const recentIndexKey = (communityId: string): ItemKey => ({ pk: `COMMUNITY#${communityId}`, sk: 'RECENT_INCIDENTS' });

export class RecentIncidentIndex {
  constructor(private readonly table: Table) {}

  /** The current state, strongly consistent: the write path computes the next one from it. */
  async read(communityId: string): Promise<RecentIndexState> {
    const response = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: recentIndexKey(communityId), ConsistentRead: true }),
    );
    return stateOf(communityId, response.Item);
  }

  /** The recent incidents per community, in `communityIds` order: one BatchGetItem per 100 communities. */
  async incidentsOf(communityIds: readonly string[]): Promise<Incident[][]> {
    const items = await batchGet(this.table, [...new Set(communityIds)].map(recentIndexKey));
    const byPk = new Map(items.map((item) => [item.pk, item]));
    return communityIds.map((id) => [...stateOf(id, byPk.get(recentIndexKey(id).pk)).incidents]);
  }

  /** The step that writes `incidents` over the state read, or fails with RecentIndexConflict. */
  writeStep(state: RecentIndexState, incidents: readonly Incident[]): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: {
            ...recentIndexKey(state.communityId),
            entity: 'RecentIncidents',
            communityId: state.communityId,
            incidents,
            rev: state.rev + 1,
          },
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

/** The state once `incidents` is written: where the next transaction of a bulk import starts. */
export function advanced(state: RecentIndexState, incidents: readonly Incident[]): RecentIndexState {
  return { communityId: state.communityId, incidents, rev: state.rev + 1 };
}

/**
 * The top ten after some incidents are removed (deleted, or replaced by a correction) and others
 * added (created, or the corrected version).
 *
 * Everything a full index does not hold is older than its tenth entry, and an index that is not
 * full holds every incident of the community. So the new top ten is known from the index alone
 * unless an entry left a full index and nothing at least as new as the old tenth took its place
 * (or the index was never written): then `newest` reads the community's newest incidents as they
 * are stored. Every incident write of a community writes this item, even when its top ten stays,
 * so a refill racing with any other write fails its `rev` condition and reads again.
 */
export async function nextTop(
  state: RecentIndexState,
  change: { readonly removed?: readonly string[]; readonly added?: readonly Incident[] },
  newest: (limit: number) => Promise<readonly Incident[]>,
): Promise<Incident[]> {
  const added = change.added ?? [];
  const changedIds = new Set([...(change.removed ?? []), ...added.map((incident) => incident.id)]);
  let candidates = merge(
    state.incidents.filter((incident) => !changedIds.has(incident.id)),
    added,
  );
  const floor = state.incidents.length >= RECENT_INCIDENTS ? state.incidents.at(-1) : undefined;
  const known = floor && candidates.filter((incident) => incidentPosition(incident) >= incidentPosition(floor)).length;
  if (state.rev === 0 || (known !== undefined && known < RECENT_INCIDENTS)) {
    // What this write changes is taken from the write itself, never from what is stored.
    const stored = await newest(RECENT_INCIDENTS + changedIds.size);
    candidates = merge(stored.filter((incident) => !changedIds.has(incident.id)), candidates);
  }
  return candidates.slice(0, RECENT_INCIDENTS);
}

/** Both lists, newest first, one incident per id (`b`'s where both have it). */
function merge(a: readonly Incident[], b: readonly Incident[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const incident of [...a, ...b]) byId.set(incident.id, incident);
  return [...byId.values()].sort((x, y) => {
    const [px, py] = [incidentPosition(x), incidentPosition(y)];
    return px < py ? 1 : px > py ? -1 : 0;
  });
}

function stateOf(communityId: string, item: Record<string, unknown> | undefined): RecentIndexState {
  if (!item) return { communityId, incidents: [], rev: 0 };
  const incidents = Array.isArray(item.incidents) ? (item.incidents as Incident[]) : [];
  return { communityId, incidents, rev: typeof item.rev === 'number' ? item.rev : 0 };
}
