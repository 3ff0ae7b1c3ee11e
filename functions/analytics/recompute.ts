import { backoff } from '#core/db/backoff.ts';
import { communityKeys, listingKeys } from '#core/db/keys.ts';
import type { WritePipeline } from '#core/db/pipeline.ts';
import type { WriteOrigin } from '#core/origin.ts';
import { queryAll, type Table, TransactionRace, type TransactionStep } from '#core/db/table.ts';
import type { Incident } from '#incident/model.ts';
import { pendingIncidentIds } from '#incident/import-counts.ts';
import type { Community } from '#community/model.ts';
import type { Intervention, Project } from '#project/model.ts';
import type { Activity, Survey } from '#training/model.ts';
import type { HazardSource } from '#hazard/model.ts';
import { type FigureRecountReport, recomputeCommunityFigures } from './community-figures.ts';
import { COUNTER_ENTITY, COUNTER_PK_PREFIX, counterKey, countersOfItem, counterUpdate, countedRegions, parseCounterSortKey, recount, recountDifferences } from './counters.ts';
import {
  activityContributions,
  hazardSourceContributions,
  assessmentContributions,
  certificationContributions,
  type Contribution,
  type CountedAssessment,
  type CountedCertification,
  type CountedHiddenDanger,
  type CountedInspection,
  type CountedResidentReport,
  communityContributions,
  CREATION_ENTITY,
  CREATION_PK_PREFIX,
  CreationDeltas,
  hiddenDangerContributions,
  inspectionContributions,
  interventionContributions,
  MISSED_DUE_ATTRIBUTES,
  projectContributions,
  residentReportContributions,
  surveyContributions,
} from './creation-counters.ts';

/**
 * The maintenance path of the counters, both families (the incident counters, counters.ts, and
 * the creation-record counters, creation-counters.ts): recount a region from the records and make
 * the counters equal to the recount. Reads with Query only (communities by region prefix, each
 * community's listings, each region's counter partition), never a Scan, but it does read every
 * record of the region: it is an ADMIN tool, never on an analyst's path.
 *
 * Scope: the counters of `regionCode` and of every region under it. The difference found at
 * `regionCode` itself is also applied (ADD) to its ancestors, whose counters include the same
 * incidents. An item is fixed only if its `rev` did not move since it was read (no write came in
 * between); otherwise the region is recounted again.
 *
 * Incidents a file import stored but has not counted yet (its pending items, incident/import-counts.ts)
 * are left out: the import's commit, or the next import's adoption, counts them.
 *
 * Limits, stated: the recount reads the incidents of the communities now under the region, by
 * the community listing (a GSI, eventually consistent: an incident committed within the last
 * second may be missed, and the next run fixes it); records keep the region code their
 * community had when they were recorded, so a record whose community has since moved out of
 * the region is not found. Run it when the region is quiet.
 */
export type CounterFamilyName = 'INCIDENTS' | 'CREATION';

export interface CounterDifference {
  readonly family: CounterFamilyName;
  readonly regionCode: string;
  readonly period: string;
  readonly shard: number;
  readonly attribute: string;
  readonly stored: number;
  readonly recounted: number;
}

export interface RecomputeReport {
  readonly regionCode: string;
  readonly incidents: number;
  /** Communities, projects, interventions, activities, surveys, certifications, assessments, hazard sources, inspections, hidden dangers and residents' reports recounted. */
  readonly creationRecords: number;
  readonly itemsChecked: number;
  readonly itemsFixed: number;
  readonly differences: readonly CounterDifference[];
  /**
   * The community figures (community-figures.ts) of the communities now under the region, one
   * community at a time; counted in itemsChecked and itemsFixed, their differences here (and each
   * fix on the audit trail, in its community's log).
   */
  readonly communityFigures: FigureRecountReport;
}

interface ExpectedItem {
  readonly regionCode: string;
  readonly period: string;
  readonly shard: number;
  readonly counters: ReadonlyMap<string, number>;
}

/** A family of counter items and how to recount it from the records. */
interface CounterFamily {
  readonly name: CounterFamilyName;
  readonly prefix: string;
  readonly entity: string;
  recount(table: Table, regionCode: string): Promise<{ records: number; expected: Map<string, ExpectedItem> }>;
  /** What the recount cannot find in the records, taken from the stored item into the recounted one. */
  carry?(stored: ReadonlyMap<string, number> | undefined, recounted: ReadonlyMap<string, number>): ReadonlyMap<string, number>;
}

const INCIDENT_FAMILY: CounterFamily = {
  name: 'INCIDENTS',
  prefix: COUNTER_PK_PREFIX,
  entity: COUNTER_ENTITY,
  async recount(table, regionCode) {
    const incidents = await incidentsUnder(table, regionCode);
    const expected = new Map<string, ExpectedItem>();
    for (const [id, item] of recount(incidents)) expected.set(id, item);
    return { records: incidents.length, expected };
  },
};

const CREATION_FAMILY: CounterFamily = {
  name: 'CREATION',
  prefix: CREATION_PK_PREFIX,
  entity: CREATION_ENTITY,
  async recount(table, regionCode) {
    const deltas = new CreationDeltas();
    let records = 0;
    for (const community of (await communitiesUnder(table, regionCode)) as unknown as Community[]) {
      const region = community.regionCode;
      const count = (contributions: Contribution[]) => {
        deltas.add(contributions, 1);
        records += 1;
      };
      count(communityContributions(community));
      for (const project of (await listing(table, listingKeys.projects(community.id))) as unknown as Project[]) {
        count(projectContributions(project, region));
        for (const intervention of (await listing(table, listingKeys.interventions(project.id))) as unknown as Intervention[]) {
          count(interventionContributions(intervention, project, region));
        }
      }
      for (const activity of (await listing(table, listingKeys.activities(community.id))) as unknown as Activity[]) count(activityContributions(activity, region));
      for (const survey of (await listing(table, listingKeys.surveys(community.id))) as unknown as Survey[]) count(surveyContributions(survey, region));
      for (const certification of (await listing(table, listingKeys.certifications(community.id))) as unknown as CountedCertification[]) {
        count(certificationContributions(certification, region));
      }
      for (const source of (await listing(table, listingKeys.hazardSources(community.id))) as unknown as HazardSource[]) count(hazardSourceContributions(source, region));
      for (const inspection of (await listing(table, listingKeys.inspections(community.id))) as unknown as CountedInspection[]) count(inspectionContributions(inspection, region));
      for (const danger of (await listing(table, listingKeys.hiddenDangers(community.id))) as unknown as CountedHiddenDanger[]) count(hiddenDangerContributions(danger, region));
      for (const report of (await listing(table, listingKeys.residentReports(community.id))) as unknown as CountedResidentReport[]) count(residentReportContributions(report, region));
      // Self-assessments and on-site scores, drafts included (they count nothing).
      for (const assessment of (await listing(table, listingKeys.assessments(community.id))) as unknown as CountedAssessment[]) {
        count(assessmentContributions(assessment, region));
      }
    }
    const expected = new Map<string, ExpectedItem>();
    for (const item of deltas.items()) expected.set(`${item.key.pk}|${item.key.sk}`, { ...item, counters: item.deltas });
    return { records, expected };
  },
  carry: carryMissedDues,
};

/**
 * Missed inspection dues (in_miss, and the part of in_due they are) are counted by the daily
 * job when a due day passes uninspected: no record says so, so the recount cannot find them. It
 * keeps the stored in_miss and adds it to the recounted in_due (each miss settled a due), so a
 * recount never undoes the job's counting, and an in_due off from in_sch + in_miss is repaired.
 */
export function carryMissedDues(stored: ReadonlyMap<string, number> | undefined, recounted: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
  const carried = new Map(recounted);
  for (const attribute of MISSED_DUE_ATTRIBUTES) {
    const missed = stored?.get(attribute) ?? 0;
    if (missed === 0) continue;
    carried.set(attribute, missed);
    carried.set('in_due', (carried.get('in_due') ?? 0) + missed);
  }
  return carried;
}

const FAMILIES: readonly CounterFamily[] = [INCIDENT_FAMILY, CREATION_FAMILY];

const MAX_ROUNDS = 5;

/** A counter item changed between its read and its fix: the recount is stale. */
class StaleRecount extends Error {
  constructor() {
    super('a counter item changed while it was recounted');
    this.name = 'StaleRecount';
  }
}

/** Where the repairs go: through the write pipeline, so each carries its audit entry (RECOMPUTE_REPAIR). */
export interface Repairs {
  readonly pipeline: WritePipeline;
  readonly origin: WriteOrigin;
}

/** The record type of a counter item's repair on the audit trail. */
export const COUNTER_ITEM_TYPE = 'AggregateCounter';

/** Recounts every counter family of the region (see above) and reports what differed. */
export async function recomputeAggregates(table: Table, regionCode: string, repairs: Repairs): Promise<RecomputeReport> {
  const reports = [];
  for (const family of FAMILIES) reports.push(await recomputeFamily(table, family, regionCode, repairs));
  const [incidents, creation] = reports as [FamilyReport, FamilyReport];
  const communities = (await communitiesUnder(table, regionCode)).map((community) => ({ id: String(community.id), regionCode: String(community.regionCode) }));
  const figures = await recomputeCommunityFigures(table, communities, repairs, COUNTER_ITEM_TYPE);
  return {
    regionCode,
    incidents: incidents.records,
    creationRecords: creation.records,
    itemsChecked: incidents.itemsChecked + creation.itemsChecked + figures.itemsChecked,
    itemsFixed: incidents.itemsFixed + creation.itemsFixed + figures.itemsFixed,
    differences: [...incidents.differences, ...creation.differences],
    communityFigures: figures,
  };
}

interface FamilyReport {
  readonly records: number;
  readonly itemsChecked: number;
  readonly itemsFixed: number;
  readonly differences: readonly CounterDifference[];
}

async function recomputeFamily(table: Table, family: CounterFamily, regionCode: string, repairs: Repairs): Promise<FamilyReport> {
  const known = new Set<string>();
  for (let round = 1; ; round += 1) {
    try {
      const outcome = await recomputeOnce(table, family, regionCode, known, repairs);
      if ('report' in outcome) return outcome.report;
      // The recount found regions the province's listing does not name (counters written before
      // the listing was): read them too, before a fresh recount, as every region is.
      for (const code of outcome.unlisted) known.add(code);
    } catch (error) {
      if (!(error instanceof StaleRecount || error instanceof TransactionRace) || round >= MAX_ROUNDS) throw error;
      // A write came in between the read and the fix: the recount is stale, do it again.
      await backoff(round, 50);
    }
  }
}

async function recomputeOnce(
  table: Table,
  family: CounterFamily,
  regionCode: string,
  known: ReadonlySet<string>,
  repairs: Repairs,
): Promise<{ report: FamilyReport } | { unlisted: Set<string> }> {
  // 1. Stored counters first: a write after this read moves `rev` and the fix is refused.
  const stored = new Map<string, { rev: number | undefined; counters: Map<string, number> }>();
  const codes = new Set([...(await regionsWithCounters(table, family, regionCode)), ...known]);
  for (const code of codes) {
    for (const item of await queryAll(table, { KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' }, ExpressionAttributeValues: { ':pk': `${family.prefix}${code}` } })) {
      stored.set(`${item.pk}|${item.sk}`, { rev: typeof item.rev === 'number' ? item.rev : undefined, counters: countersOfItem(item) });
    }
  }
  // 2. The recount.
  const { records, expected } = await family.recount(table, regionCode);
  for (const [id, item] of expected) if (!item.regionCode.startsWith(regionCode)) expected.delete(id);
  const unlisted = new Set([...expected.values()].map((item) => item.regionCode).filter((code) => !codes.has(code)));
  if (unlisted.size > 0) return { unlisted };
  // 3. Differences, item by item; missing attributes are zero.
  const differences: CounterDifference[] = [];
  const fixes: { id: string; regionCode: string; steps: TransactionStep[]; before: Record<string, number>; after: Record<string, number> }[] = [];
  const ids = new Set([...stored.keys(), ...expected.keys()]);
  for (const id of ids) {
    const [pk = '', sk = ''] = id.split('|');
    const code = pk.slice(family.prefix.length);
    const { period, shard } = parseCounterSortKey(sk);
    const have = stored.get(id);
    const recounted = expected.get(id)?.counters ?? new Map<string, number>();
    const want = family.carry ? family.carry(have?.counters, recounted) : recounted;
    const diff = recountDifferences(have?.counters, want);
    const { deltas, before, after } = diff;
    for (const difference of diff.differences) differences.push({ family: family.name, regionCode: code, period, shard, ...difference });
    if (deltas.size === 0) continue;
    const entry = (region: string) => ({ key: counterKey(region, period, shard, family.prefix), regionCode: region, period, shard, deltas });
    const steps: TransactionStep[] = [
      { item: counterUpdate(table, entry(code), { rev: have?.rev }, family.entity), onConditionFailed: () => new StaleRecount() },
    ];
    if (code === regionCode) {
      // The ancestors count the same records: they were off by the same amounts.
      for (const ancestor of countedRegions(code).filter((candidate) => candidate !== code)) {
        steps.push({ item: counterUpdate(table, entry(ancestor), undefined, family.entity) });
      }
    }
    fixes.push({ id, regionCode: code, steps, before, after });
  }
  for (const fix of fixes) {
    await repairs.pipeline.commit(
      {
        operation: 'RECOMPUTE_REPAIR',
        steps: fix.steps,
        changes: [{ type: COUNTER_ITEM_TYPE, id: fix.id, communityId: '', regionCode: fix.regionCode, before: fix.before, after: fix.after }],
      },
      repairs.origin,
    );
  }
  return { report: { records, itemsChecked: ids.size, itemsFixed: fixes.length, differences } };
}

/** Region codes under `regionCode` (and itself) that have or should have counter items. */
async function regionsWithCounters(table: Table, family: CounterFamily, regionCode: string): Promise<string[]> {
  const province = regionCode.slice(0, 2);
  const codes = new Set<string>([regionCode]);
  // Every item of the province's partition: each write adds its regions to the province's item of its own period.
  const items = await queryAll(table, {
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'pk' },
    ExpressionAttributeValues: { ':pk': `${family.prefix}${province}` },
  });
  for (const item of items) {
    if (item.regions instanceof Set) for (const code of item.regions as Set<string>) if (code.startsWith(regionCode)) codes.add(code);
  }
  return [...codes];
}

/** The communities now under a region (by the community listing, a prefix Query). */
function communitiesUnder(table: Table, regionCode: string): Promise<Record<string, unknown>[]> {
  return queryAll(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': 'gsi1pk', '#sk': 'gsi1sk' },
    ExpressionAttributeValues: { ':pk': communityKeys.all, ':prefix': regionCode },
  });
}

/** Every record of a listing (gsi1 partition). */
function listing(table: Table, partition: string): Promise<Record<string, unknown>[]> {
  return queryAll(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'gsi1pk' },
    ExpressionAttributeValues: { ':pk': partition },
  });
}

/** Every incident recorded in a community now under the region, with its region code under it. */
export async function incidentsUnder(table: Table, regionCode: string): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (const community of await communitiesUnder(table, regionCode)) {
    // Rows of a file import whose counts are not committed yet (import-counts.ts): whoever commits them counts them.
    const pending = await pendingIncidentIds(table, String(community.id));
    const items = await listing(table, listingKeys.incidents(String(community.id)));
    for (const item of items) {
      const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1, gsi1sk: _s1, ...incident } = item;
      if (String(incident.regionCode).startsWith(regionCode) && !pending.has(String(incident.id))) incidents.push(incident as unknown as Incident);
    }
  }
  return incidents;
}
