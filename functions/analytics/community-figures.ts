import { backoff } from '#core/db/backoff.ts';
import type { PipelineWrite, RecordChange, WritePipeline, WriteContributor } from '#core/db/pipeline.ts';
import { type ItemKey, queryAll, type Table, TransactionRace, type TransactionStep } from '#core/db/table.ts';
import { communityFigureKeys, listingKeys } from '#core/db/keys.ts';
import type { WriteOrigin } from '#core/origin.ts';
import type { Incident } from '#incident/model.ts';
import { pendingIncidentIds } from '#incident/import-counts.ts';
import type { Intervention, Project } from '#project/model.ts';
import type { Activity } from '#training/model.ts';
import { addUpdate, countersOfItem, periodsOf, recountDifferences } from './counters.ts';

/**
 * A community's own figures: what the review's suggestions (functions/review/facts.ts) read
 * instead of the community's records, so that computing them costs the same few reads for a
 * community with ten records or ten thousand. The same design as the region counters
 * (counters.ts, creation-counters.ts): `ADD` deltas in the transaction of the write that changes
 * a record, merged per item within a transaction, never a read-modify-write.
 *
 *   pk AGG#COMMUNITY#<communityId>   sk Y<yyyy>   the year's figures
 *                                    sk NOW       a snapshot: what stands now
 *
 * Year attributes (by the record's own date; an incident's year in China Standard Time):
 *   inc, inc_d, inc_i                  incidents, their deaths and injured
 *   act, act_<KIND>, act_m<MM>         activities held (heldOn), by kind and by month
 *   drill_m<MM>, insp_m<MM>            drills and inspections by month (the last twelve months)
 *   work_m<MM>                         recorded work by month: incidents (occurredAt), activities
 *                                      (heldOn), projects started (startOn), interventions completed
 *                                      or started (completedOn, else startOn): the re-review radar's
 *                                      last recorded work and AT_RISK
 * Snapshot attributes (NOW):
 *   pj, pj_goals, pj_budget            promotion projects; those with goals; those with a budget
 *   iv, iv_done                        interventions; those DONE
 *
 * One community's items are few (a year per year of records, and NOW), so they are not sharded:
 * the writes of one community serialise on its recent-incidents item anyway. An import's
 * transaction (one community) touches one year item per year its rows fall in: `itemIds` tells
 * the importer's packer. `rev` counts the writes that changed an item, as on the counters.
 */
export const COMMUNITY_FIGURES_ENTITY = 'CommunityFigures';
export const SNAPSHOT_PERIOD = 'NOW';

/** One record's part of its community's figures: the item's period (Y<yyyy> or NOW) and the values. */
export interface FigureContribution {
  readonly communityId: string;
  readonly period: string;
  readonly values: Readonly<Record<string, number>>;
}

/** The two-digit month of a date or date-time string (already local). */
const monthOf = (date: string) => date.slice(5, 7);

export function incidentFigures(incident: Incident): FigureContribution[] {
  const [year, month] = periodsOf(incident.occurredAt);
  const values: Record<string, number> = { inc: 1, [`work_m${month.slice(6, 8)}`]: 1 };
  if (incident.deaths) values.inc_d = incident.deaths;
  if (incident.injured) values.inc_i = incident.injured;
  return [{ communityId: incident.communityId, period: year, values }];
}

export function activityFigures(activity: Activity): FigureContribution[] {
  const month = monthOf(activity.heldOn);
  const values: Record<string, number> = { act: 1, [`act_${activity.kind}`]: 1, [`act_m${month}`]: 1, [`work_m${month}`]: 1 };
  if (activity.kind === 'DRILL') values[`drill_m${month}`] = 1;
  if (activity.kind === 'INSPECTION') values[`insp_m${month}`] = 1;
  return [{ communityId: activity.communityId, period: `Y${activity.heldOn.slice(0, 4)}`, values }];
}

export function projectFigures(project: Project): FigureContribution[] {
  const values: Record<string, number> = { pj: 1 };
  if (project.goals.length > 0) values.pj_goals = 1;
  if (project.budget !== undefined && project.budget !== null && project.budget > 0) values.pj_budget = 1;
  return [{ communityId: project.communityId, period: SNAPSHOT_PERIOD, values }, workOn(project.communityId, project.startOn)];
}

/** One piece of recorded work in the month of `date` (YYYY-MM-DD). */
function workOn(communityId: string, date: string): FigureContribution {
  return { communityId, period: `Y${date.slice(0, 4)}`, values: { [`work_m${monthOf(date)}`]: 1 } };
}

export function interventionFigures(intervention: Intervention): FigureContribution[] {
  const dated = intervention.completedOn ?? intervention.startOn;
  return [
    { communityId: intervention.communityId, period: SNAPSHOT_PERIOD, values: { iv: 1, ...(intervention.status === 'DONE' ? { iv_done: 1 } : {}) } },
    ...(dated ? [workOn(intervention.communityId, dated)] : []),
  ];
}

/** A record's contributions by its type, as the write pipeline names it; none for other types. */
export function figuresOfRecord(type: string, record: object): FigureContribution[] {
  switch (type) {
    case 'Incident':
      return incidentFigures(record as Incident);
    case 'Activity':
      return activityFigures(record as Activity);
    case 'Project':
      return projectFigures(record as Project);
    case 'Intervention':
      return interventionFigures(record as Intervention);
    default:
      return [];
  }
}

/** The key of a figures item from its community and period. */
export function figureKey(communityId: string, period: string): ItemKey {
  return period === SNAPSHOT_PERIOD ? communityFigureKeys.snapshot(communityId) : communityFigureKeys.year(communityId, period.slice(1));
}

export interface FigureEntry {
  readonly key: ItemKey;
  readonly communityId: string;
  readonly period: string;
  readonly deltas: Map<string, number>;
}

/** Merged deltas per item: contributions added with +1 (after the write) and −1 (before it); what cancels out is dropped. */
export class FigureDeltas {
  private readonly entries = new Map<string, FigureEntry>();

  add(contributions: readonly FigureContribution[], sign: 1 | -1): this {
    for (const contribution of contributions) {
      const key = figureKey(contribution.communityId, contribution.period);
      const id = `${key.pk}|${key.sk}`;
      let entry = this.entries.get(id);
      if (!entry) {
        entry = { key, communityId: contribution.communityId, period: contribution.period, deltas: new Map() };
        this.entries.set(id, entry);
      }
      for (const [attribute, value] of Object.entries(contribution.values)) entry.deltas.set(attribute, (entry.deltas.get(attribute) ?? 0) + sign * value);
    }
    return this;
  }

  change(change: Pick<RecordChange, 'type' | 'before' | 'after'>): this {
    if (change.before) this.add(figuresOfRecord(change.type, change.before), -1);
    if (change.after) this.add(figuresOfRecord(change.type, change.after), 1);
    return this;
  }

  items(): FigureEntry[] {
    const items: FigureEntry[] = [];
    for (const entry of this.entries.values()) {
      for (const [attribute, delta] of entry.deltas) if (delta === 0) entry.deltas.delete(attribute);
      if (entry.deltas.size > 0) items.push(entry);
    }
    return items;
  }
}

/** One UpdateItem of ADDs for one figures item, optionally held to the `rev` read (a repair). */
export function figureUpdate(table: Table, entry: FigureEntry, condition?: { readonly rev: number | undefined }): TransactionStep['item'] {
  return addUpdate(table, entry.key, { entity: COMMUNITY_FIGURES_ENTITY, communityId: entry.communityId, period: entry.period }, entry.deltas, condition);
}

/**
 * The community figures' contributor: the updates of the incident, activity, project and
 * intervention changes of one write, merged per item. Synchronous and read-free.
 */
export class CommunityFigures implements WriteContributor {
  readonly name = 'community-figures';
  /** ADD only, never conditioned on a read: a bulk import commits them after its rows (pipeline.ts). */
  readonly deferrable = true;

  constructor(private readonly table: Table) {}

  steps(write: PipelineWrite): readonly TransactionStep[] {
    const deltas = new FigureDeltas();
    for (const change of write.changes) deltas.change(change);
    return deltas.items().map((entry) => ({ item: figureUpdate(this.table, entry) }));
  }

  *itemIds(change: RecordChange): Iterable<string> {
    for (const record of [change.before, change.after]) {
      if (!record) continue;
      for (const contribution of figuresOfRecord(change.type, record)) {
        const key = figureKey(contribution.communityId, contribution.period);
        yield `${key.pk}|${key.sk}`;
      }
    }
  }
}

/** The figures items a community's records should give (the recount), by `${pk}|${sk}`. */
export function recountFigures(records: Iterable<{ readonly type: string; readonly record: object }>): Map<string, FigureEntry> {
  const deltas = new FigureDeltas();
  for (const { type, record } of records) deltas.add(figuresOfRecord(type, record), 1);
  return new Map(deltas.items().map((entry) => [`${entry.key.pk}|${entry.key.sk}`, entry]));
}

/** The numeric figures of a stored item (rev left out). */
export function figuresOfItem(item: Record<string, unknown> | undefined): Map<string, number> {
  return item ? countersOfItem(item) : new Map();
}

// ---- the maintenance path (recomputeAggregates) ----

export interface FigureDifference {
  readonly communityId: string;
  /** The community's region now. */
  readonly regionCode: string;
  readonly period: string;
  readonly attribute: string;
  readonly stored: number;
  readonly recounted: number;
}

export interface FigureRecountReport {
  readonly communities: number;
  /** Incidents, activities, projects and interventions recounted. */
  readonly records: number;
  readonly itemsChecked: number;
  readonly itemsFixed: number;
  readonly differences: readonly FigureDifference[];
}

/** A figures item changed between its read and its fix: the recount is stale. */
class StaleFigures extends Error {
  constructor() {
    super('a community figures item changed while it was recounted');
    this.name = 'StaleFigures';
  }
}

const MAX_ROUNDS = 5;

/**
 * Recounts the figures of each community from its records (the listings of its incidents,
 * activities and projects, and each project's interventions: every record, an ADMIN's tool) and
 * makes the stored items equal to the recount, item by item, each fix an `ADD` of the difference
 * held to the item's `rev` as read and committed through the pipeline with its audit entry
 * (RECOMPUTE_REPAIR, `recordType`, in the community's log). A write between the read and the fix
 * makes the community's recount start again.
 */
export async function recomputeCommunityFigures(
  table: Table,
  communities: readonly { readonly id: string; readonly regionCode: string }[],
  repairs: { readonly pipeline: WritePipeline; readonly origin: WriteOrigin },
  recordType: string,
): Promise<FigureRecountReport> {
  let records = 0;
  let itemsChecked = 0;
  let itemsFixed = 0;
  const differences: FigureDifference[] = [];
  for (const community of communities) {
    for (let round = 1; ; round += 1) {
      try {
        const outcome = await recomputeOne(table, community, repairs, recordType);
        records += outcome.records;
        itemsChecked += outcome.itemsChecked;
        itemsFixed += outcome.itemsFixed;
        differences.push(...outcome.differences);
        break;
      } catch (error) {
        if (!(error instanceof StaleFigures || error instanceof TransactionRace) || round >= MAX_ROUNDS) throw error;
        await backoff(round, 50);
      }
    }
  }
  return { communities: communities.length, records, itemsChecked, itemsFixed, differences };
}

async function recomputeOne(
  table: Table,
  community: { readonly id: string; readonly regionCode: string },
  repairs: { readonly pipeline: WritePipeline; readonly origin: WriteOrigin },
  recordType: string,
): Promise<Omit<FigureRecountReport, 'communities'>> {
  // Stored items first: a write after this read moves `rev` and the fix is refused.
  const stored = new Map<string, { rev: number | undefined; figures: Map<string, number> }>();
  for (const item of await queryAll(table, { KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' }, ExpressionAttributeValues: { ':pk': communityFigureKeys.snapshot(community.id).pk } })) {
    stored.set(`${item.pk}|${item.sk}`, { rev: typeof item.rev === 'number' ? item.rev : undefined, figures: figuresOfItem(item) });
  }
  const listing = (partition: string) =>
    queryAll(table, { IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'gsi1pk' }, ExpressionAttributeValues: { ':pk': partition } });
  const projects = await listing(listingKeys.projects(community.id));
  // Rows of a file import whose counts are not committed yet: whoever commits them counts them (incident/import-counts.ts).
  const pending = await pendingIncidentIds(table, community.id);
  const found: { type: string; record: object }[] = [
    ...(await listing(listingKeys.incidents(community.id))).filter((record) => !pending.has(String(record.id))).map((record) => ({ type: 'Incident', record })),
    ...(await listing(listingKeys.activities(community.id))).map((record) => ({ type: 'Activity', record })),
    ...projects.map((record) => ({ type: 'Project', record })),
  ];
  for (const project of projects) found.push(...(await listing(listingKeys.interventions(String(project.id)))).map((record) => ({ type: 'Intervention', record })));
  const expected = recountFigures(found);
  const differences: FigureDifference[] = [];
  const ids = new Set([...stored.keys(), ...expected.keys()]);
  let itemsFixed = 0;
  for (const id of ids) {
    const have = stored.get(id);
    const want = expected.get(id)?.deltas ?? new Map<string, number>();
    const [pk = '', sk = ''] = id.split('|');
    const period = sk;
    const diff = recountDifferences(have?.figures, want);
    const { deltas, before, after } = diff;
    for (const difference of diff.differences) differences.push({ communityId: community.id, regionCode: community.regionCode, period, ...difference });
    if (deltas.size === 0) continue;
    const entry: FigureEntry = { key: { pk, sk }, communityId: community.id, period, deltas };
    await repairs.pipeline.commit(
      {
        operation: 'RECOMPUTE_REPAIR',
        steps: [{ item: figureUpdate(table, entry, { rev: have?.rev }), onConditionFailed: () => new StaleFigures() }],
        changes: [{ type: recordType, id, communityId: community.id, regionCode: community.regionCode, before, after }],
      },
      repairs.origin,
    );
    itemsFixed += 1;
  }
  return { records: found.length, itemsChecked: ids.size, itemsFixed, differences };
}
