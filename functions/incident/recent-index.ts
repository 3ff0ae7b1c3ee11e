import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '#core/db/backoff.ts';
import { incidentKeys, listingKeys } from '#core/db/keys.ts';
import { batchGet, commit, type ItemKey, type Table, TransactionRace, type TransactionStep } from '#core/db/table.ts';
import { type Incident, incidentPosition } from './model.ts';

/**
 * The newest incidents of each community, copied whole into one item beside the community, so
 * `Community.recentIncidents` for a page of communities is one BatchGetItem per 100 communities
 * whatever the page size (ids alone would cost another BatchGetItem per 100 incidents):
 *
 *   pk COMMUNITY#<cid>   sk RECENT_INCIDENTS
 *     byId    { <incident id>: Incident … }   a buffer of about BUFFER_ENTRIES incidents, each written whole
 *     floor   position (<occurredAt>#<id>)     every incident at or after it is in byId as stored now;
 *                                              absent: every incident of the community is
 *     writes  N                                writes that stored an incident version (a refill's check)
 *
 * Many writers of one community at once do not take turns on the item: there is no revision to
 * agree on. Each incident write changes only its own entry, in its own transaction, and counts
 * itself (`ADD writes 1`, commutative): `SET byId.#id = :incident` when the new version is at or
 * above the floor, else nothing but a condition that the floor is still above it
 * (`floor > :position`); `REMOVE byId.#id` when the old version was held. The floor moves rarely:
 * a trim raises it when the buffer grew past TRIM_ABOVE, a refill lowers it when deletions and
 * corrections left fewer than RECENT_INCIDENTS above it. Both hold only under the floor they read
 * and the version of every entry they remove; a refill also under `writes` as read and, per
 * incident it copies, that incident's `version` (a ConditionCheck in the same transaction). So a
 * racing correction or deletion cancels the refill, which is retried, never the other way round,
 * and a lagging copy never brings back a deleted incident or an old version.
 *
 * Why a floor, rather than trimming the buffer to its newest entries as each writer read it: a
 * writer that read an older state would add an incident beneath an entry another writer had just
 * trimmed away, a hole the reader would show once enough deletions came. With the floor, an entry
 * that lands below a floor a trim raised meanwhile is a leftover, which readers ignore and the next
 * trim or refill removes; an incident below the floor is never needed until a refill lowers it,
 * and a refill sees every leftover written before its read and is cancelled by any written after
 * (`writes`). Only refills (rare) can fail an ordinary write, through its `floor > :position`.
 *
 * Trims and refills run after the write's commit (`settle`), in transactions of their own, and are
 * best effort: the write has already succeeded and the invariant holds without them. A reader
 * that finds fewer than RECENT_INCIDENTS above a floor reads that community's listing instead.
 * MAX_ENTRIES bounds the item (an incident is at most ~7 KB, an item at most 400 KB): a write that
 * would pass it trims in its own transaction.
 *
 * Items of the first format (`incidents` newest first, `rev`) read as they are and are converted
 * by the next write's `read` (a Put conditioned on their `rev`); a community without the item has
 * no incidents (every incident write has written it), and its first write creates an empty one.
 */
export const RECENT_INCIDENTS = 10;
/** What a trim or a refill leaves above the floor: ten more than a reader shows, so deletions rarely need a refill. */
export const BUFFER_ENTRIES = 20;
/** A write whose entries pass this many has the buffer trimmed back to BUFFER_ENTRIES after its commit. */
export const TRIM_ABOVE = 30;
/** Never more entries than this: a write that would pass it trims in its own transaction. */
export const MAX_ENTRIES = 45;
/** Attempts of a trim or refill after a write, against other writers of the community. */
const SETTLE_ATTEMPTS = 6;

export const recentIndexKey = (communityId: string): ItemKey => incidentKeys.recent(communityId);

/** What the write path reads: the map, its floor and its count of writes. */
export interface RecentIndexState {
  readonly communityId: string;
  /** Entries by incident id, each an incident as a write stored it; those below the floor are leftovers. */
  readonly entries: ReadonlyMap<string, Incident>;
  /** Every incident at or after this position is in `entries`, as stored; null: every incident of the community is. */
  readonly floor: string | null;
  readonly writes: number;
}

/** One incident's change, as the write makes it (the pipeline's RecordChange<Incident> is one). */
export interface IndexChange {
  /** Null for a creation. */
  readonly before: Incident | null;
  /** Null for a deletion. */
  readonly after: Incident | null;
}

/**
 * What one transaction step does to the item: entries written and removed, the floor moved, and
 * what must still hold of the item for that to be right.
 */
export interface IndexPlan {
  readonly set: readonly Incident[];
  /** With `version`: only while the entry is absent or still at that version (a trim or refill removing what it read). */
  readonly remove: readonly { readonly id: string; readonly version?: number }[];
  /** The new floor (null: every incident is held); undefined: unchanged. */
  readonly floor?: string | null;
  /** The write stored an incident version (counted in `writes`). */
  readonly counts: boolean;
  readonly requires: {
    /** Every incident left out is below the floor: the floor exists and is above this. */
    readonly floorAbove?: string;
    /** The floor exactly as read (trims, refills; null: absent). */
    readonly floorIs?: string | null;
    readonly writesAre?: number;
    /** The map may hold at most this many entries before the step. */
    readonly room?: number;
    /** Incidents copied by a refill, at the version it read (ConditionChecks on the incidents). */
    readonly versions?: readonly { readonly id: string; readonly version: number }[];
  };
}

/** Another write changed what a step of the index relied on: the write is retried from a fresh read. */
export class RecentIndexConflict extends Error {
  constructor(readonly communityId: string) {
    super(`the recent incidents of community ${communityId} changed during the write`);
    this.name = 'RecentIndexConflict';
  }
}

export class RecentIncidentIndex {
  constructor(private readonly table: Table) {}

  /**
   * The current state, strongly consistent: the write path computes its step from it. An item
   * that does not exist yet is created empty first, and one of the first format converted, so
   * every write finds the map.
   */
  async read(communityId: string): Promise<RecentIndexState> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.table.client.send(
        new GetCommand({ TableName: this.table.name, Key: recentIndexKey(communityId), ConsistentRead: true }),
      );
      const stored = storedOf(communityId, response.Item);
      if (stored.kind === 'map') return stored.state;
      try {
        await commit(this.table, [this.migrationStep(communityId, stored)]);
      } catch (error) {
        // Another write created or converted it first: read what it wrote.
        if (!(error instanceof RecentIndexConflict) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * The recent incidents per community, in `communityIds` order: one BatchGetItem per 100
   * communities; a community whose map cannot tell its newest ten (a refill has not caught up
   * with its deletions yet) reads its listing.
   */
  async incidentsOf(communityIds: readonly string[]): Promise<Incident[][]> {
    const items = await batchGet(this.table, [...new Set(communityIds)].map(recentIndexKey));
    const byPk = new Map(items.map((item) => [item.pk, item]));
    const tops = new Map<string, Incident[] | undefined>();
    for (const id of new Set(communityIds)) tops.set(id, recentOf(storedOf(id, byPk.get(recentIndexKey(id).pk))));
    await Promise.all(
      [...tops].filter(([, top]) => top === undefined).map(async ([id]) => tops.set(id, await this.listed(id, RECENT_INCIDENTS))),
    );
    return communityIds.map((id) => [...(tops.get(id) ?? [])]);
  }

  /** The index's steps in the transaction of a write of incidents of one community, from the state read before it. */
  steps(state: RecentIndexState, changes: readonly IndexChange[]): TransactionStep[] {
    return [this.step(state.communityId, planChange(state, changes))];
  }

  /**
   * After the write's commit: trims the buffer when it grew past TRIM_ABOVE, refills it when fewer
   * than RECENT_INCIDENTS are held above a floor. Best effort (the write has succeeded and the
   * index is right without it): it gives up after SETTLE_ATTEMPTS races and never throws. Returns
   * the state a further write of the same caller (the next transaction of an import) starts from.
   */
  async settle(state: RecentIndexState, changes: readonly IndexChange[]): Promise<RecentIndexState> {
    const predicted = applied(state, planChange(state, changes));
    if (!needsSettling(state, changes)) return predicted;
    let current = predicted;
    try {
      for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt += 1) {
        current = await this.read(state.communityId);
        const work = maintenanceOf(current);
        if (work === undefined) return current;
        const own = changes.flatMap((change) => (change.after ? [change.after.id] : []));
        const next = work === 'trim' ? planTrim(current) : planRefill(current, await this.newestStored(current.communityId, own));
        if (next === undefined) return current;
        try {
          await commit(this.table, this.maintenanceSteps(current.communityId, next));
          current = applied(current, next);
          if (maintenanceOf(current) === undefined) return current;
        } catch (error) {
          if (!(error instanceof RecentIndexConflict || error instanceof TransactionRace)) throw error;
          await backoff(attempt);
        }
      }
    } catch (error) {
      console.error(`recent incidents of community ${state.communityId}: settling after a write failed; readers use the listing until a later write settles it`, error);
    }
    return current;
  }

  /** The newest `limit` incidents of a community as the listing has them (a reader's fallback). */
  private async listed(communityId: string, limit: number): Promise<Incident[]> {
    const response = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk' },
        ExpressionAttributeValues: { ':pk': listingKeys.incidents(communityId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (response.Items ?? []).map(incidentOf);
  }

  /**
   * For a refill: the newest BUFFER_ENTRIES incidents as the listing names them, with the
   * incidents of the write itself (the listing may not show them yet in AWS), read strongly
   * consistent: what they are now, not what the listing copied.
   */
  private async newestStored(communityId: string, own: readonly string[]): Promise<StoredNewest> {
    const response = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'gsi1pk', '#id': 'id', '#position': 'gsi1sk' },
        ExpressionAttributeValues: { ':pk': listingKeys.incidents(communityId) },
        ProjectionExpression: '#id, #position',
        ScanIndexForward: false,
        Limit: BUFFER_ENTRIES,
      }),
    );
    const listed = response.Items ?? [];
    const ids = [...new Set([...listed.map((item) => String(item.id)), ...own])];
    let pending: Record<string, unknown>[] = ids.map((id) => incidentKey(id));
    const incidents: Incident[] = [];
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} incidents unprocessed`);
      if (attempt > 1) await backoff(attempt);
      const batch = await this.table.client.send(
        new BatchGetCommand({ RequestItems: { [this.table.name]: { Keys: pending, ConsistentRead: true } } }),
      );
      incidents.push(...(batch.Responses?.[this.table.name] ?? []).map(incidentOf));
      pending = batch.UnprocessedKeys?.[this.table.name]?.Keys ?? [];
    }
    const full = listed.length >= BUFFER_ENTRIES;
    return { incidents, lowest: full ? String(listed.at(-1)?.gsi1sk) : null };
  }

  /** A plan as one step on the item: an Update, or a ConditionCheck when it changes nothing. */
  private step(communityId: string, plan: IndexPlan): TransactionStep {
    const built = expressionOf(plan);
    const key = recentIndexKey(communityId);
    const onConditionFailed = () => new RecentIndexConflict(communityId);
    if (built.update === undefined) {
      return {
        item: {
          ConditionCheck: {
            TableName: this.table.name,
            Key: key,
            ConditionExpression: built.condition,
            ExpressionAttributeNames: built.names,
            ...(Object.keys(built.values).length > 0 ? { ExpressionAttributeValues: built.values } : {}),
          },
        },
        onConditionFailed,
      };
    }
    return {
      item: {
        Update: {
          TableName: this.table.name,
          Key: key,
          UpdateExpression: built.update,
          ConditionExpression: built.condition,
          ExpressionAttributeNames: built.names,
          ...(Object.keys(built.values).length > 0 ? { ExpressionAttributeValues: built.values } : {}),
        },
      },
      onConditionFailed,
    };
  }

  /** A trim or refill: the item's step, and a ConditionCheck per incident it copies. */
  private maintenanceSteps(communityId: string, plan: IndexPlan): TransactionStep[] {
    const onConditionFailed = () => new RecentIndexConflict(communityId);
    return [
      this.step(communityId, plan),
      ...(plan.requires.versions ?? []).map(({ id, version }) => ({
        item: {
          ConditionCheck: {
            TableName: this.table.name,
            Key: incidentKey(id),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': version },
          },
        },
        onConditionFailed,
      })),
    ];
  }

  /** Creates the empty map, or converts an item of the first format, under a condition on what was read. */
  private migrationStep(communityId: string, stored: Exclude<Stored, { kind: 'map' }>): TransactionStep {
    const onConditionFailed = () => new RecentIndexConflict(communityId);
    const base = { ...recentIndexKey(communityId), entity: 'RecentIncidents', communityId, writes: 0 };
    if (stored.kind === 'missing') {
      return { item: { Put: { TableName: this.table.name, Item: { ...base, byId: {} }, ConditionExpression: 'attribute_not_exists(pk)' } }, onConditionFailed };
    }
    const converted = convertedLegacy(stored.incidents);
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: { ...base, byId: Object.fromEntries(converted.entries), ...(converted.floor !== null ? { floor: converted.floor } : {}) },
          ConditionExpression: '#rev = :rev AND attribute_not_exists(#byId)',
          ExpressionAttributeNames: { '#rev': 'rev', '#byId': 'byId' },
          ExpressionAttributeValues: { ':rev': stored.rev },
        },
      },
      onConditionFailed,
    };
  }
}

// ---- The pure part: states, plans and what a reader shows. ----

type Stored =
  | { readonly kind: 'missing' }
  | { readonly kind: 'legacy'; readonly incidents: readonly Incident[]; readonly rev: number }
  | { readonly kind: 'map'; readonly state: RecentIndexState };

export interface StoredNewest {
  /** The listed incidents and the write's own, as stored now. */
  readonly incidents: readonly Incident[];
  /** The listing position of the BUFFER_ENTRIES-th newest; null when the community has fewer. */
  readonly lowest: string | null;
}

const position = incidentPosition;

/** Whether the state holds `incident`'s position: at or after the floor. */
function isHeld(state: Pick<RecentIndexState, 'floor'>, incident: Incident): boolean {
  return state.floor === null || position(incident) >= state.floor;
}

/** The held entries, newest first. */
export function heldEntries(state: RecentIndexState): Incident[] {
  return newestFirst([...state.entries.values()].filter((incident) => isHeld(state, incident)));
}

/** What a reader shows: the newest RECENT_INCIDENTS held, or undefined when the map cannot tell (fewer held above a floor). */
export function visibleTop(state: RecentIndexState): Incident[] | undefined {
  const held = heldEntries(state);
  if (held.length < RECENT_INCIDENTS && state.floor !== null) return undefined;
  return held.slice(0, RECENT_INCIDENTS);
}

function recentOf(stored: Stored): Incident[] | undefined {
  if (stored.kind === 'missing') return [];
  if (stored.kind === 'legacy') return stored.incidents.slice(0, RECENT_INCIDENTS);
  return visibleTop(stored.state);
}

/** The state of an item of the first format: its list is exactly the community's newest (up to ten). */
export function convertedLegacy(incidents: readonly Incident[]): { entries: Map<string, Incident>; floor: string | null } {
  const sorted = newestFirst(incidents);
  const last = sorted.at(-1);
  return {
    entries: new Map(sorted.map((incident) => [incident.id, incident])),
    floor: sorted.length >= RECENT_INCIDENTS && last ? position(last) : null,
  };
}

/**
 * The step of an ordinary write: per incident, its entry written when its new version is held,
 * removed when its old one was and its new one is not (or it is deleted), left alone otherwise,
 * with the floor conditions that make each choice right at commit; any new version is counted. A
 * write that would take the map past MAX_ENTRIES (a bulk write: past TRIM_ABOVE) trims in the
 * same step instead.
 */
export function planChange(state: RecentIndexState, changes: readonly IndexChange[]): IndexPlan {
  const set = new Map<string, Incident>();
  const remove = new Set<string>();
  let floorAbove: string | undefined;
  for (const { before, after } of changes) {
    if (after && isHeld(state, after)) {
      set.set(after.id, after);
      remove.delete(after.id);
      continue;
    }
    if (after) floorAbove = max(floorAbove, position(after));
    if (before) {
      if (isHeld(state, before)) remove.add(before.id);
      else floorAbove = max(floorAbove, position(before));
    }
  }
  const grows = [...set.keys()].filter((id) => !state.entries.has(id)).length - [...remove].filter((id) => state.entries.has(id)).length;
  // A bulk write (an import's transaction: one writer of the community, many incidents) trims in
  // its own step as soon as the buffer would pass TRIM_ABOVE, under the floor as read, instead of
  // a trim transaction after every commit; a single write trims in its step only past MAX_ENTRIES,
  // so concurrent single writes never condition on the whole item.
  const limit = changes.length > 1 ? TRIM_ABOVE : MAX_ENTRIES;
  if (grows > 0 && state.entries.size + grows > limit) return planTrim(state, changes);
  return {
    set: [...set.values()],
    remove: [...remove].map((id) => ({ id })),
    counts: changes.some(({ after }) => after !== null),
    requires: {
      ...(floorAbove !== undefined ? { floorAbove } : {}),
      ...(grows > 0 ? { room: MAX_ENTRIES - grows } : {}),
    },
  };
}

/**
 * A trim, alone (after a commit) or with a write's changes (when the write would pass
 * MAX_ENTRIES): the newest BUFFER_ENTRIES held stay, the floor rises to the last of them, every
 * other entry goes (those of other incidents only while still at the version read), all under
 * the floor as read.
 */
export function planTrim(state: RecentIndexState, changes: readonly IndexChange[] = []): IndexPlan {
  const own = new Map<string, Incident | null>();
  for (const { before, after } of changes) own.set((after ?? before)?.id ?? '', after && isHeld(state, after) ? after : null);
  const next = new Map(state.entries);
  for (const [id, after] of own) {
    if (after) next.set(id, after);
    else next.delete(id);
  }
  const held = newestFirst([...next.values()].filter((incident) => isHeld(state, incident)));
  const lowest = held[BUFFER_ENTRIES - 1];
  const floor = held.length > BUFFER_ENTRIES && lowest ? position(lowest) : state.floor;
  const stays = new Set(held.slice(0, BUFFER_ENTRIES).map((incident) => incident.id));
  return {
    set: [...own.values()].filter((after): after is Incident => after !== null && stays.has(after.id)),
    remove: [...state.entries.values()]
      .filter((entry) => !stays.has(entry.id))
      .map((entry) => (own.has(entry.id) ? { id: entry.id } : { id: entry.id, version: entry.version })),
    ...(floor !== state.floor ? { floor } : {}),
    counts: changes.some(({ after }) => after !== null),
    requires: { floorIs: state.floor },
  };
}

/**
 * A refill, after deletions or corrections left fewer than RECENT_INCIDENTS held above the floor:
 * the floor falls to the BUFFER_ENTRIES-th newest incident the listing names (or goes: the
 * community has fewer), the incidents between the new floor and the old are copied as stored
 * now, each under a condition on its version, and leftovers below the old floor go. It holds
 * only while the floor and `writes` are as read. Undefined when there is nothing to lower.
 */
export function planRefill(state: RecentIndexState, stored: StoredNewest): IndexPlan | undefined {
  const old = state.floor;
  if (old === null) return undefined;
  const floor = stored.lowest;
  if (floor !== null && floor >= old) return undefined;
  const copied = new Map<string, Incident>();
  for (const incident of stored.incidents) {
    const at = position(incident);
    if (at < old && (floor === null || at >= floor)) copied.set(incident.id, incident);
  }
  return {
    set: [...copied.values()],
    remove: [...state.entries.values()]
      .filter((entry) => !isHeld(state, entry) && !copied.has(entry.id))
      .map((entry) => ({ id: entry.id, version: entry.version })),
    floor,
    counts: false,
    requires: {
      floorIs: old,
      writesAre: state.writes,
      versions: [...copied.values()].map((incident) => ({ id: incident.id, version: incident.version })),
    },
  };
}

/** The state once `plan` is committed. */
export function applied(state: RecentIndexState, plan: IndexPlan): RecentIndexState {
  const entries = new Map(state.entries);
  for (const { id } of plan.remove) entries.delete(id);
  for (const incident of plan.set) entries.set(incident.id, incident);
  return {
    communityId: state.communityId,
    entries,
    floor: plan.floor === undefined ? state.floor : plan.floor,
    writes: state.writes + (plan.counts ? 1 : 0),
  };
}

/** What a state needs after a write: a trim, a refill, or nothing. */
export function maintenanceOf(state: RecentIndexState): 'trim' | 'refill' | undefined {
  if (state.entries.size > TRIM_ABOVE) return 'trim';
  if (state.floor !== null && heldEntries(state).length < RECENT_INCIDENTS) return 'refill';
  return undefined;
}

/**
 * Whether a write's settling reads the item again: when the state it leaves needs a trim or a
 * refill, or when it removed held entries (a concurrent write may have removed others: of two
 * deletions that each left ten, the later one's settling sees nine).
 */
export function needsSettling(state: RecentIndexState, changes: readonly IndexChange[]): boolean {
  const plan = planChange(state, changes);
  if (maintenanceOf(applied(state, plan)) !== undefined) return true;
  return plan.remove.some(({ id }) => {
    const entry = state.entries.get(id);
    return entry !== undefined && isHeld(state, entry);
  });
}

/** A plan as DynamoDB expressions on the item (update undefined: the plan only checks). */
export function expressionOf(plan: IndexPlan): {
  update: string | undefined;
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const names: Record<string, string> = { '#m': 'byId' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  const adds: string[] = [];
  const conditions = ['attribute_exists(#m)'];
  plan.set.forEach((incident, index) => {
    names[`#s${index}`] = incident.id;
    values[`:s${index}`] = incident;
    sets.push(`#m.#s${index} = :s${index}`);
  });
  plan.remove.forEach(({ id, version }, index) => {
    names[`#r${index}`] = id;
    removes.push(`#m.#r${index}`);
    if (version !== undefined) {
      names['#v'] = 'version';
      values[`:r${index}`] = version;
      conditions.push(`(attribute_not_exists(#m.#r${index}) OR #m.#r${index}.#v = :r${index})`);
    }
  });
  const { requires } = plan;
  const floorName = () => {
    names['#f'] = 'floor';
    return '#f';
  };
  if (requires.floorIs === null) conditions.push(`attribute_not_exists(${floorName()})`);
  else if (requires.floorIs !== undefined) {
    values[':floorIs'] = requires.floorIs;
    conditions.push(`${floorName()} = :floorIs`);
  }
  if (requires.floorAbove !== undefined) {
    values[':above'] = requires.floorAbove;
    conditions.push(`${floorName()} > :above`);
  }
  if (requires.room !== undefined) {
    values[':room'] = requires.room;
    conditions.push('size(#m) <= :room');
  }
  if (requires.writesAre !== undefined) {
    names['#w'] = 'writes';
    values[':writesAre'] = requires.writesAre;
    conditions.push(requires.writesAre === 0 ? '(attribute_not_exists(#w) OR #w = :writesAre)' : '#w = :writesAre');
  }
  if (plan.floor === null) removes.push(floorName());
  else if (plan.floor !== undefined) {
    values[':floor'] = plan.floor;
    sets.push(`${floorName()} = :floor`);
  }
  if (plan.counts) {
    names['#w'] = 'writes';
    values[':one'] = 1;
    adds.push('#w :one');
  }
  const clauses = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
    adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
  ].filter((clause) => clause !== '');
  return { update: clauses.length > 0 ? clauses.join(' ') : undefined, condition: conditions.join(' AND '), names, values };
}

function storedOf(communityId: string, item: Record<string, unknown> | undefined): Stored {
  if (!item) return { kind: 'missing' };
  if (item.byId === undefined || item.byId === null || typeof item.byId !== 'object') {
    return { kind: 'legacy', incidents: Array.isArray(item.incidents) ? (item.incidents as Incident[]) : [], rev: typeof item.rev === 'number' ? item.rev : 0 };
  }
  return {
    kind: 'map',
    state: {
      communityId,
      entries: new Map(Object.values(item.byId as Record<string, Incident>).map((incident) => [incident.id, incident])),
      floor: typeof item.floor === 'string' ? item.floor : null,
      writes: typeof item.writes === 'number' ? item.writes : 0,
    },
  };
}

function incidentKey(id: string): ItemKey {
  return incidentKeys.key(id);
}

/** An incident item as the record it holds. */
function incidentOf(item: Record<string, unknown>): Incident {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, gsi2pk: _gsi2pk, gsi2sk: _gsi2sk, ...record } = item;
  return record as unknown as Incident;
}

function newestFirst(incidents: Iterable<Incident>): Incident[] {
  return [...incidents].sort((a, b) => {
    const [pa, pb] = [position(a), position(b)];
    return pa < pb ? 1 : pa > pb ? -1 : 0;
  });
}

function max(a: string | undefined, b: string): string {
  return a === undefined || b > a ? b : a;
}
