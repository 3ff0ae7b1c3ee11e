import { createHash } from 'node:crypto';
import type { PipelineWrite, RecordChange, WriteContributor } from '#core/db/pipeline.ts';
import type { ItemKey, Table, TransactionStep } from '#core/db/table.ts';
import { counterKeyFormat } from '#core/db/keys.ts';
import type { Incident } from '#incident/model.ts';
import { regionPath } from '#region/region-table.ts';

/**
 * Incident counters for analysts (architecture.md, "Aggregates for analysts").
 *
 *   counter item   pk AGG#INCIDENTS#<regionCode>   sk Y<yyyy>#<shard> | M<yyyy-mm>#<shard>
 *
 * Hot counters are sharded by community: the shard is a hash of the incident's community id, 0 to
 * COUNTER_SHARDS − 1, so writers of different communities of a province rarely touch the same
 * item (every write of one province would otherwise conflict on the province's items), while the
 * writes of one community, which serialise on its recent-incidents item anyway, stay together and
 * an import's transaction (one community) still coalesces into one item per (region, period).
 * A reader sums the COUNTER_SHARDS items of a (region, period): a fixed number of keys.
 *
 * One item per (region, period) at every level of the incident's region path (province, city,
 * county, town/street: the real ancestors from the division table, so a town of a development
 * zone rolls up into the zone), for the incident's year and month in China Standard Time. The
 * dimensions of a (region, period) are attributes of that one item:
 *
 *   <metric>_<dimension>   metric: c count, d deaths, i injured, l economic loss (fen)
 *                          dimension: total | cause_<CAUSE> | intent_<INTENT> | place_<PLACE>
 *
 * so an incident touches (levels × 2) ≤ 8 items and a province-year summary reads COUNTER_SHARDS items.
 * Every change is an `ADD` of deltas (atomic and commutative: no read-modify-write, so concurrent
 * writers never lose an update); a correction subtracts from its old buckets and adds to its new
 * ones; the deltas of all the changes of one transaction are merged per item, since a transaction
 * may touch an item once, and an item whose deltas cancel out is not touched at all.
 *
 * `rev` counts the writes that changed an item: recomputeAggregates fixes an item only if nobody
 * wrote it between its read and the fix. The province's year items also collect, in `regions`,
 * every region code under it that has counters, so the recount finds stale items without a Scan.
 */
export const INCIDENT_METRICS = ['c', 'd', 'i', 'l'] as const;
export type IncidentMetric = (typeof INCIDENT_METRICS)[number];

export const COUNTER_ENTITY = 'IncidentCounters';
export const COUNTER_PK_PREFIX = counterKeyFormat.incidentPrefix;

export const COUNTER_SHARDS = 8;

const shards = new Map<string, number>();

export function shardOf(communityId: string): number {
  let shard = shards.get(communityId);
  if (shard === undefined) {
    shard = createHash('sha256').update(communityId).digest().readUInt32BE(0) % COUNTER_SHARDS;
    // The import packer recomputes a chunk's steps row by row: remember the hashes (ids are few).
    if (shards.size > 100_000) shards.clear();
    shards.set(communityId, shard);
  }
  return shard;
}

/** Fixed UTC+8: the model reads local date-times as China Standard Time too. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** A counter item's key; `prefix` names the family (incidents by default, AGG#CREATION# …). */
export function counterKey(regionCode: string, period: string, shard: number, prefix: string = COUNTER_PK_PREFIX): ItemKey {
  return counterKeyFormat.key(prefix, regionCode, period, shard);
}

/** Every shard's key of a (region, period). */
export function counterKeys(regionCode: string, period: string, prefix: string = COUNTER_PK_PREFIX): ItemKey[] {
  return Array.from({ length: COUNTER_SHARDS }, (_, shard) => counterKey(regionCode, period, shard, prefix));
}

/** The period and shard of a counter item's sort key. */
export function parseCounterSortKey(sk: string): { period: string; shard: number } {
  return counterKeyFormat.parseSortKey(sk);
}

/** The year and month buckets of an instant, in China Standard Time: ['Y2009', 'M2009-05']. */
export function periodsOf(occurredAt: string): readonly [string, string] {
  let periods = periodCache.get(occurredAt);
  if (!periods) {
    const local = new Date(Date.parse(occurredAt) + CHINA_OFFSET_MS).toISOString();
    periods = Object.freeze([`Y${local.slice(0, 4)}`, `M${local.slice(0, 7)}`] as const);
    // An import asks for each row's periods several times (packing, counters, figures): remember the latest rows'.
    if (periodCache.size >= 4096) periodCache.clear();
    periodCache.set(occurredAt, periods);
  }
  return periods;
}
const periodCache = new Map<string, readonly [string, string]>();

/** The region codes an incident counts in, province first. */
const pathCache = new Map<string, string[]>();

export function countedRegions(regionCode: string): string[] {
  let counted = pathCache.get(regionCode);
  if (!counted) {
    counted = regionsOf(regionCode);
    pathCache.set(regionCode, counted);
  }
  return counted;
}

function regionsOf(regionCode: string): string[] {
  const path = regionPath(regionCode).map((region) => region.code);
  if (path.length > 0 && path[path.length - 1] === regionCode) return path;
  // Not in the division table (never for a validated community): its code prefixes stand in.
  return [...new Set([2, 4, 6, 9].filter((length) => length <= regionCode.length).map((length) => regionCode.slice(0, length)))];
}

/** The attribute names of an incident's dimensions: total, its cause, its intent, its place. */
export function dimensionsOf(incident: Pick<Incident, 'cause' | 'intent' | 'place'>): string[] {
  return ['total', `cause_${incident.cause}`, `intent_${incident.intent}`, `place_${incident.place}`];
}


/** A dimension's attribute per metric (`c_total`, `d_total` …), in INCIDENT_METRICS order. */
function attributeNames(dimension: string): readonly string[] {
  let names = attributeCache.get(dimension);
  if (!names) {
    names = INCIDENT_METRICS.map((metric) => `${metric}_${dimension}`);
    attributeCache.set(dimension, names);
  }
  return names;
}
const attributeCache = new Map<string, readonly string[]>();

/** Counter deltas per item: `${pk}|${sk}` → attribute → delta. */
export type CounterDeltas = Map<string, { key: ItemKey; regionCode: string; period: string; shard: number; deltas: Map<string, number>; regions: Set<string> }>;

/** Adds `sign` × the incident to every item and attribute it counts in. */
export function addIncident(target: CounterDeltas, incident: Incident, sign: 1 | -1): void {
  const regions = countedRegions(incident.regionCode);
  const values: Record<IncidentMetric, number> = { c: 1, d: incident.deaths, i: incident.injured, l: incident.economicLoss ?? 0 };
  // The incident's (attribute, delta) pairs, the same in every item it counts in.
  const pairs: [string, number][] = [];
  for (const dimension of dimensionsOf(incident)) {
    const names = attributeNames(dimension);
    INCIDENT_METRICS.forEach((metric, position) => {
      if (values[metric] !== 0 || metric === 'c') pairs.push([names[position] as string, sign * values[metric]]);
    });
  }
  const shard = shardOf(incident.communityId);
  const periods = periodsOf(incident.occurredAt);
  for (const regionCode of regions) {
    for (const period of periods) {
      const key = counterKey(regionCode, period, shard);
      const id = `${key.pk}|${key.sk}`;
      let entry = target.get(id);
      if (!entry) {
        entry = { key, regionCode, period, shard, deltas: new Map(), regions: new Set() };
        target.set(id, entry);
      }
      for (const [attribute, delta] of pairs) entry.deltas.set(attribute, (entry.deltas.get(attribute) ?? 0) + delta);
      if (sign > 0 && regionCode.length === 2 && period.startsWith('Y')) for (const code of regions) entry.regions.add(code);
    }
  }
}

/** The merged deltas of a list of changes; items and attributes that cancel out are dropped. */
export function deltasOf(changes: readonly Pick<RecordChange<Incident>, 'before' | 'after'>[]): CounterDeltas {
  const deltas: CounterDeltas = new Map();
  for (const change of changes) {
    if (change.before) addIncident(deltas, change.before, -1);
    if (change.after) addIncident(deltas, change.after, 1);
  }
  for (const [id, entry] of deltas) {
    for (const [attribute, delta] of entry.deltas) if (delta === 0) entry.deltas.delete(attribute);
    if (entry.deltas.size === 0) deltas.delete(id);
  }
  return deltas;
}

/**
 * One UpdateItem that ADDs each of `adds` (counter deltas, a set of region codes) and 1 to `rev`,
 * and SETs `sets` (what the item is, for readers); with `condition`, held to the `rev` read (a
 * repair: an item that was not there must still not be).
 */
export function addUpdate(
  table: Table,
  key: ItemKey,
  sets: Readonly<Record<string, unknown>>,
  adds: Iterable<readonly [string, unknown]>,
  condition?: { readonly rev: number | undefined },
): TransactionStep['item'] {
  const names: Record<string, string> = { '#rev': 'rev' };
  const values: Record<string, unknown> = { ':one': 1 };
  const added: string[] = ['#rev :one'];
  let n = 0;
  for (const [attribute, value] of adds) {
    names[`#a${n}`] = attribute;
    values[`:v${n}`] = value;
    added.push(`#a${n} :v${n}`);
    n += 1;
  }
  const set = Object.entries(sets).map(([attribute, value], index) => {
    names[`#s${index}`] = attribute;
    values[`:s${index}`] = value;
    return `#s${index} = :s${index}`;
  });
  let conditionExpression: string | undefined;
  if (condition) {
    if (condition.rev === undefined) conditionExpression = 'attribute_not_exists(#rev)';
    else {
      conditionExpression = '#rev = :rev';
      values[':rev'] = condition.rev;
    }
  }
  return {
    Update: {
      TableName: table.name,
      Key: key,
      UpdateExpression: `ADD ${added.join(', ')} SET ${set.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(conditionExpression ? { ConditionExpression: conditionExpression } : {}),
    },
  };
}

/** One UpdateItem of ADDs for one counter item (and SET of what the item is, for readers). */
export function counterUpdate(
  table: Table,
  entry: { key: ItemKey; regionCode: string; period: string; shard: number; deltas: ReadonlyMap<string, number>; regions?: ReadonlySet<string> },
  condition?: { readonly rev: number | undefined },
  entity = COUNTER_ENTITY,
): TransactionStep['item'] {
  const adds: [string, unknown][] = [...entry.deltas];
  if (entry.regions && entry.regions.size > 0) adds.push(['regions', new Set(entry.regions)]);
  return addUpdate(table, entry.key, { entity, regionCode: entry.regionCode, period: entry.period, shard: entry.shard }, adds, condition);
}

/**
 * The incident counters' contributor: the counter updates of the incident changes of one write,
 * merged per item. Synchronous and read-free, as contributors must be.
 */
export class IncidentCounters implements WriteContributor {
  readonly name = 'incident-counters';
  /** ADD only, never conditioned on a read: a bulk import commits them after its rows (pipeline.ts). */
  readonly deferrable = true;

  constructor(private readonly table: Table) {}

  steps(write: PipelineWrite): readonly TransactionStep[] {
    return [...deltasOf(write.changes.filter(isIncidentChange)).values()].map((entry) => ({ item: counterUpdate(this.table, entry) }));
  }

  *itemIds(change: RecordChange): Iterable<string> {
    if (!isIncidentChange(change)) return;
    for (const incident of [change.before, change.after]) {
      if (!incident) continue;
      const shard = shardOf(incident.communityId);
      const periods = periodsOf(incident.occurredAt);
      for (const regionCode of countedRegions(incident.regionCode)) {
        for (const period of periods) yield `${COUNTER_PK_PREFIX}${regionCode}|${period}#${shard}`;
      }
    }
  }
}

function isIncidentChange(change: RecordChange): change is RecordChange<Incident> {
  return change.type === 'Incident';
}

/** The counter items a set of incidents should give, as stored attribute maps: the recount. */
export function recount(incidents: Iterable<Incident>): Map<string, { key: ItemKey; regionCode: string; period: string; shard: number; counters: Map<string, number> }> {
  const deltas: CounterDeltas = new Map();
  for (const incident of incidents) addIncident(deltas, incident, 1);
  const items = new Map<string, { key: ItemKey; regionCode: string; period: string; shard: number; counters: Map<string, number> }>();
  for (const [id, entry] of deltas) items.set(id, { key: entry.key, regionCode: entry.regionCode, period: entry.period, shard: entry.shard, counters: entry.deltas });
  return items;
}

/**
 * Where a stored item's numbers and their recount differ, attribute by attribute (a missing
 * attribute is zero): each difference, the deltas that repair them, and the numbers before and after.
 */
export function recountDifferences(
  stored: ReadonlyMap<string, number> | undefined,
  recounted: ReadonlyMap<string, number>,
): { differences: { attribute: string; stored: number; recounted: number }[]; deltas: Map<string, number>; before: Record<string, number>; after: Record<string, number> } {
  const differences: { attribute: string; stored: number; recounted: number }[] = [];
  const deltas = new Map<string, number>();
  const before: Record<string, number> = {};
  const after: Record<string, number> = {};
  for (const attribute of new Set([...(stored?.keys() ?? []), ...recounted.keys()])) {
    const storedValue = stored?.get(attribute) ?? 0;
    const recountedValue = recounted.get(attribute) ?? 0;
    if (storedValue === recountedValue) continue;
    differences.push({ attribute, stored: storedValue, recounted: recountedValue });
    deltas.set(attribute, recountedValue - storedValue);
    before[attribute] = storedValue;
    after[attribute] = recountedValue;
  }
  return { differences, deltas, before, after };
}

/** Numeric attributes of a counter item that are not counters. */
const COUNTER_ITEM_FIELDS = new Set(['rev', 'shard']);

/** The numeric counter attributes of a stored counter item (of any family). */
export function countersOfItem(item: Record<string, unknown>): Map<string, number> {
  const counters = new Map<string, number>();
  for (const [name, value] of Object.entries(item)) if (!COUNTER_ITEM_FIELDS.has(name) && typeof value === 'number') counters.set(name, value);
  return counters;
}
