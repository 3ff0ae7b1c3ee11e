import { backoff } from '#core/db/backoff.ts';
import { importPendingKeys } from '#core/db/keys.ts';
import { packedJson, unpackedJson } from '#core/db/packed.ts';
import { commit, queryAll, type Table, type TransactionStep } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Incident } from './model.ts';
import { type IndexChange, planChange, type RecentIncidentIndex } from './recent-index.ts';
import type { IncidentRepository } from './repository.ts';
import { TRANSACTION_ITEM_LIMIT } from './import-limits.ts';
import { isWriteRace } from './retry.ts';

/**
 * The file import's counters, committed after its rows (README, "Design: the write pipeline",
 * bulk writes). `npm run import` and the import job write each transaction of rows (incidents,
 * guards, their audit batch) without the deferrable contributors' steps (the analytics counters
 * and the community figures: ADD only, pipeline.ts) and without the recent index, and put beside
 * them a pending item naming the rows:
 *
 *   pk IMPORT_PENDING#<communityId>   sk <audit batch id>   incidents (gzipped JSON, as created, no description), via, at
 *
 * Once a batch's row transactions are in, one transaction per batch and community (`commit`)
 * adds the counters of all their rows, coalesced (9 counter items for 500 rows of a month, not
 * 9 per 44 rows), updates the recent index once and deletes the pending items, each under
 * `attribute_exists`: the rows of a pending item are counted exactly once, by whoever deletes it.
 * The rows' transactions touch no shared item, so several are in flight at once.
 *
 * Recovery: a run that dies between its rows and their counts leaves pending items. The next
 * file import of the community (the same file run again, the import job's retry) lists them
 * before its first commit and counts them as its own (`pending`, then `commit`); a live importer whose items were
 * adopted meanwhile finds them gone and counts the rest. The recount (analytics/recompute.ts)
 * leaves out incidents that are still pending, so it never counts them twice.
 *
 * What a reader sees meanwhile: a row is in the community's listings from its own transaction
 * on, in the counters and the recent incidents from its batch's commit (a second or so later).
 * The importIncidents mutation (1,000 rows at most, all or nothing) keeps everything in its rows'
 * own transactions (import.ts).
 */

/** The rows of one import transaction, as created, whose counters are not committed yet. */
export interface PendingUnit {
  readonly communityId: string;
  /** The audit batch the rows share (audit/trail.ts): unique, so it names the pending item too. */
  readonly batchId: string;
  /** The incidents as the rows' transaction created them (version 1), without their description: what the counters count. */
  readonly incidents: readonly Incident[];
  /** The same incidents whole, when the run that wrote them holds them (the recent index copies them); else they are read. */
  readonly whole?: readonly Incident[];
  /** The deferrable contributors' items its rows touch (or a superset), when the run that packed them knows; else computed. */
  readonly items?: ReadonlySet<string>;
}

/** Attempts of one counts commit against concurrent writers of the community (index races, adopted items). */
const COMMIT_ATTEMPTS = 10;
/** At most this many entries a bulk step of the recent index writes (a trim keeps 20, a growing step stops at 30): each gets a version check. */
const INDEX_SET_BOUND = 30;
/** What the units and the deferrable contributors' items of one commit may take: the rest is the index step and its version checks. */
export const COUNTS_ITEM_BUDGET = TRANSACTION_ITEM_LIMIT - 1 - INDEX_SET_BOUND;

/** The pending items of a file import and the commit of their counts (see above). */
export class ImportCounts {
  constructor(
    private readonly table: Table,
    private readonly repository: IncidentRepository,
    private readonly index: RecentIncidentIndex,
    private readonly origin: WriteOrigin,
    private readonly via: string,
  ) {}

  /** The pending item of a unit, in its rows' transaction. */
  pendingStep(unit: PendingUnit, at: string): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: {
            ...importPendingKeys.key(unit.communityId, unit.batchId),
            entity: 'IncidentImportPending',
            communityId: unit.communityId,
            batchId: unit.batchId,
            via: this.via,
            at,
            incidents: packedJson(unit.incidents),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () => new ConflictError(`the import batch ${unit.batchId} is pending already`),
    };
  }

  /** The units a community has pending now (strongly consistent), but those named in `own`. */
  async pending(communityId: string, own: ReadonlySet<string> = new Set()): Promise<PendingUnit[]> {
    return (await pendingItems(this.table, communityId)).map(unitOf).filter((unit) => !own.has(unit.batchId));
  }

  /**
   * Commits the counters and the recent index of `units` (one community's) and deletes their
   * pending items: one transaction when they fit, more when their counter items do not. A unit
   * someone else counted meanwhile (its item gone) is left out; an incident corrected or deleted
   * meanwhile is counted as created (its own write moved the counters from there) and left out
   * of the index (its own write updated that).
   */
  async commit(communityId: string, units: readonly PendingUnit[]): Promise<void> {
    for (const pack of this.packed(units)) await this.commitPack(communityId, pack);
  }

  /** Units in the order given, grouped so that each group's counter items and pending deletes fit one transaction. */
  private packed(units: readonly PendingUnit[]): PendingUnit[][] {
    const packs: PendingUnit[][] = [];
    let pack: PendingUnit[] = [];
    let items = new Set<string>();
    for (const unit of units) {
      const own = unit.items ?? this.itemsOf(unit);
      const union = new Set([...items, ...own]);
      if (pack.length > 0 && union.size + pack.length + 1 > COUNTS_ITEM_BUDGET) {
        packs.push(pack);
        pack = [];
        items = new Set(own);
      } else items = union;
      pack.push(unit);
    }
    if (pack.length > 0) packs.push(pack);
    return packs;
  }

  /** The deferrable contributors' items a unit's rows touch. */
  itemsOf(unit: Pick<PendingUnit, 'incidents'>): Set<string> {
    const items = new Set<string>();
    for (const incident of unit.incidents) for (const id of this.repository.partItemIds(this.repository.change(null, incident), 'deferred')) items.add(id);
    return items;
  }

  private async commitPack(communityId: string, units: readonly PendingUnit[]): Promise<void> {
    let live = [...units];
    // Incidents changed since their creation: counted as created, left out of the index.
    const changed = new Set<string>();
    // What the index copies: the incidents whole, as created (read for an adopted unit).
    const whole = new Map(live.flatMap((unit) => unit.whole ?? []).map((incident) => [incident.id, incident]));
    await this.readBack(live.flatMap((unit) => unit.incidents.map((incident) => incident.id)).filter((id) => !whole.has(id)), whole, changed);
    for (let attempt = 1; live.length > 0; attempt += 1) {
      const created = live.flatMap((unit) => unit.incidents);
      const state = await this.index.read(communityId);
      const changes: IndexChange[] = created.filter((incident) => !changed.has(incident.id)).map((incident) => ({ before: null, after: whole.get(incident.id) ?? incident }));
      const at = new Date().toISOString();
      const steps: TransactionStep[] = [
        ...this.repository.importCountSteps(created, this.origin, this.via, at),
        ...(changes.length > 0 ? this.index.steps(state, changes) : []),
        ...planChange(state, changes).set.map((incident) => this.versionCheck(incident)),
        ...live.map((unit) => this.deleteStep(unit)),
      ];
      if (steps.length > TRANSACTION_ITEM_LIMIT) throw new Error(`an import's counts took ${steps.length} items, over DynamoDB's ${TRANSACTION_ITEM_LIMIT}`);
      try {
        await commit(this.table, steps);
        if (changes.length > 0) await this.index.settle(state, changes);
        return;
      } catch (error) {
        if (attempt >= COMMIT_ATTEMPTS || !(error instanceof ConflictError || isWriteRace(error))) throw error;
        // What no longer holds: pending items counted by another run, incidents changed, the index moved.
        const remaining = new Set((await pendingItems(this.table, communityId)).map((item) => String(item.sk)));
        live = live.filter((unit) => remaining.has(unit.batchId));
        await this.readBack(live.flatMap((unit) => unit.incidents.map((incident) => incident.id)), whole, changed);
        await backoff(attempt);
      }
    }
  }

  /** Reads incidents as stored now: those still as created go into `whole`, the others (corrected, deleted) into `changed`. */
  private async readBack(ids: readonly string[], whole: Map<string, Incident>, changed: Set<string>): Promise<void> {
    if (ids.length === 0) return;
    const stored = await this.repository.getManyConsistent(ids);
    ids.forEach((id, position) => {
      const incident = stored[position];
      if (incident?.version === 1) whole.set(id, incident);
      else changed.add(id);
    });
  }

  /** The index writes the incident as created only while it still is. */
  private versionCheck(incident: Incident): TransactionStep {
    const key = this.repository.incidents.key(incident.id);
    return {
      item: {
        ConditionCheck: {
          TableName: this.table.name,
          Key: key,
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': incident.version },
        },
      },
      onConditionFailed: () => new ConflictError(`incident ${incident.id} changed while its import was counted`),
    };
  }

  private deleteStep(unit: PendingUnit): TransactionStep {
    return {
      item: {
        Delete: {
          TableName: this.table.name,
          Key: importPendingKeys.key(unit.communityId, unit.batchId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      onConditionFailed: () => new ConflictError(`the import batch ${unit.batchId} was counted by another run`),
    };
  }
}

/** An incident as its pending item keeps it: what the counters read, not the description (personal text). */
export function countedCopy(incident: Incident): Incident {
  const { description: _description, ...counted } = incident;
  return counted as Incident;
}

/** The ids of a community's incidents still pending (created by a file import, not counted yet): the recount leaves them out. */
export async function pendingIncidentIds(table: Table, communityId: string): Promise<Set<string>> {
  return new Set((await pendingItems(table, communityId)).flatMap((item) => unitOf(item).incidents.map((incident) => incident.id)));
}

function pendingItems(table: Table, communityId: string): Promise<Record<string, unknown>[]> {
  return queryAll(table, {
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'pk' },
    ExpressionAttributeValues: { ':pk': importPendingKeys.partition(communityId) },
    ConsistentRead: true,
  });
}

function unitOf(item: Record<string, unknown>): PendingUnit {
  return { communityId: String(item.communityId), batchId: String(item.batchId), incidents: unpackedJson<Incident[]>(item.incidents) };
}
