import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CreationDeltas, missedInspectionContributions } from '#analytics/creation-counters.ts';
import { addDays, chinaDateOf } from '#core/dates.ts';
import { inspectionDueKey, lastInspectionKey, listingKeys } from '#core/db/keys.ts';
import type { RecordStore } from '#core/db/records.ts';
import { batchGet, commit, countQuery, queryAll, type Table, type TransactionStep } from '#core/db/table.ts';
import { BadUserInputError, ConflictError } from '#core/errors.ts';
import { decodeCursor } from '#core/pagination.ts';
import { afterInterval, frequencyOf, type InspectionFrequency, RISK_LEVEL_GRADES } from './frequency.ts';
import type { InspectionSubjectType } from './inspection-model.ts';
import type { UnitGrade } from './kinds.ts';
import type { GradeFrequencies, HazardSource, InspectionFrequencySetting, SupervisedUnit } from './model.ts';

/**
 * The next due day of every supervised unit and hazard source not REMOVED, one item per subject
 * beside its record, listed per province by that day (a sparse gsi2 listing, as the radar's
 * DESIGNATIONS_DUE#<pp> and the dangers awaiting their fix):
 *   pk SUPERVISED_UNIT#<id> | HAZARD_SOURCE#<id>   sk INSPECTION_DUE   gsi2 INSPECTIONS_DUE#<pp> / <dueOn>#<SUBJECT KIND>#<id>
 * The item carries what its day is computed from (the subject's grade, or the grade its risk level
 * matches; the community's frequency for it and the setting's version; the day registered; the
 * last inspection), so every write that moves the day rewrites it in its own transaction from
 * what it read, under the item's `rev` as read: an inspection, a unit's creation, grade change or
 * removal, a source's creation, level change or removal. Those writes also hold to the
 * community's frequencies being as read (a ConditionCheck on the setting, or its absence), so a
 * day is never computed from a frequency replaced meanwhile; a change of the frequencies rewrites
 * the community's items after it commits (`rewriteCommunity`, idempotent).
 *
 * `missedThrough` is the last due day the daily job counted as missed (in_due and in_miss, in the
 * period of that day). A due day that passes uninspected is counted once: the due day, then one
 * interval after another (frequency.ts afterInterval), each after `missedThrough` and before the
 * day asked. The job writes it in one transaction per subject and month of days with the counter
 * ADDs, conditioned on `rev`, so a re-run or two runs at once count nothing twice; a write that
 * moves the due day first settles what has passed (`settle`), so no missed day is lost when an
 * inspection or a grade change comes before the job has seen it. Days up to `missedThrough` are
 * final: a later due day at or before it (a schedule reset by an inspection entered late) is
 * neither missed nor settled again.
 */
export interface InspectionDueItem {
  readonly subjectType: InspectionSubjectType;
  readonly subjectId: string;
  readonly communityId: string;
  readonly regionCode: string;
  readonly grade: UnitGrade;
  readonly frequency: InspectionFrequency;
  /** The version of the community's frequencies the day was computed with; 0 for the defaults. */
  readonly frequenciesVersion: number;
  readonly registeredOn: string;
  readonly lastInspectedOn?: string;
  readonly dueOn: string;
  readonly missedThrough?: string;
  readonly rev: number;
}

/** What a subject's due day is computed from. */
export type DueBasis = Pick<InspectionDueItem, 'subjectType' | 'subjectId' | 'communityId' | 'regionCode' | 'grade' | 'registeredOn' | 'lastInspectedOn'>;

/** A community's frequencies as read: its setting's, or the defaults (version 0). */
export interface FrequenciesRead {
  readonly frequencies: GradeFrequencies | null;
  readonly version: number;
  readonly communityId: string;
}

/** The basis of a unit's or source's due day. */
export function dueBasisOf(type: InspectionSubjectType, record: SupervisedUnit | HazardSource, regionCode: string, lastInspectedOn?: string): DueBasis {
  const grade = type === 'SUPERVISED_UNIT' ? (record as SupervisedUnit).grade : RISK_LEVEL_GRADES[(record as HazardSource).riskLevel];
  return {
    subjectType: type,
    subjectId: record.id,
    communityId: record.communityId,
    regionCode: record.regionCode ?? regionCode,
    grade,
    registeredOn: chinaDateOf(record.createdAt),
    ...(lastInspectedOn ? { lastInspectedOn } : {}),
  };
}

/** The item for a basis under the frequencies read, keeping what the job counted; `rev` one past the previous. */
export function scheduled(basis: DueBasis, frequencies: FrequenciesRead, previous?: InspectionDueItem): InspectionDueItem {
  const frequency = frequencyOf(basis.grade, frequencies.frequencies);
  return {
    ...basis,
    frequency,
    frequenciesVersion: frequencies.version,
    dueOn: afterInterval(basis.lastInspectedOn ?? basis.registeredOn, frequency),
    ...(previous?.missedThrough ? { missedThrough: previous.missedThrough } : {}),
    rev: (previous?.rev ?? 0) + 1,
  };
}

/** At most this many due days are settled in one call (the rest the next run): a daily unit forgotten for years stays bounded. */
const MAX_DAYS_SETTLED = 400;

/**
 * The due days of `item` that passed uninspected before `before` and are not counted yet: its due
 * day, then one interval after another, each after `missedThrough`.
 */
export function passedDueDays(item: Pick<InspectionDueItem, 'dueOn' | 'frequency' | 'missedThrough'>, before: string): string[] {
  const days: string[] = [];
  for (let day = item.dueOn; day < before && days.length < MAX_DAYS_SETTLED; day = afterInterval(day, item.frequency)) {
    if (!item.missedThrough || day > item.missedThrough) days.push(day);
  }
  return days;
}

/** A write of the due item lost to another (an inspection, a grade change, the job): read it again. */
export class DueItemChanged extends ConflictError {
  constructor(field?: string) {
    super('the subject’s inspection schedule changed meanwhile; read it again and retry', field);
    this.name = 'DueItemChanged';
  }
}

const ITEM_ATTRIBUTES = ['subjectType', 'subjectId', 'communityId', 'regionCode', 'grade', 'frequency', 'frequenciesVersion', 'registeredOn', 'lastInspectedOn', 'dueOn', 'missedThrough', 'rev'] as const;

export function dueItemOf(item: Record<string, unknown>): InspectionDueItem {
  const picked: Record<string, unknown> = {};
  for (const attribute of ITEM_ATTRIBUTES) if (item[attribute] !== undefined) picked[attribute] = item[attribute];
  return picked as unknown as InspectionDueItem;
}

export const duePosition = (item: Pick<InspectionDueItem, 'dueOn' | 'subjectType' | 'subjectId'>) => `${item.dueOn}#${item.subjectType}#${item.subjectId}`;

export class InspectionSchedule {
  constructor(
    private readonly table: Table,
    private readonly frequencySettings: RecordStore<InspectionFrequencySetting>,
  ) {}

  /** The subject's due item as stored now (strongly consistent: writes condition on its rev). */
  async get(type: InspectionSubjectType, id: string): Promise<InspectionDueItem | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: inspectionDueKey(type, id), ConsistentRead: true }));
    return response.Item ? dueItemOf(response.Item) : undefined;
  }

  async getMany(subjects: readonly { readonly type: InspectionSubjectType; readonly id: string }[]): Promise<(InspectionDueItem | undefined)[]> {
    const items = await batchGet(this.table, subjects.map((subject) => inspectionDueKey(subject.type, subject.id)));
    const byPk = new Map(items.map((item) => [item.pk, dueItemOf(item)]));
    return subjects.map((subject) => byPk.get(inspectionDueKey(subject.type, subject.id).pk));
  }

  /** The community's frequencies as stored now, with their version (0: the defaults). Read after the due item, so a day is never computed from frequencies older than the item. */
  async frequencies(communityId: string): Promise<FrequenciesRead> {
    const setting = await this.frequencySettings.getConsistent(communityId);
    return { communityId, frequencies: setting?.frequencies ?? null, version: setting?.version ?? 0 };
  }

  /** The due item of a subject before a write that moves its day, with the days passed uninspected before `before` counted first. */
  async prepared(type: InspectionSubjectType, id: string, before: string): Promise<InspectionDueItem | undefined> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const item = await this.get(type, id);
      if (!item) return undefined;
      try {
        if ((await this.settle(item, before)) === 0) return item;
      } catch (error) {
        if (!(error instanceof DueItemChanged)) throw error;
      }
    }
    return this.get(type, id);
  }

  /**
   * What an inspection held on `heldOn` does to its subject's due item, when it is the subject's
   * latest (recordInspection, and the demo load, which writes inspections as it does): the item
   * read after the days passed before `heldOn` are settled (counted missed), the frequencies read
   * after it; the inspection's due day and whether it was on schedule (on or before that day, and
   * the day not already counted missed); the steps that put the next due day under the item's rev
   * and hold the frequencies as read.
   */
  async settleInspection(
    type: InspectionSubjectType,
    subject: SupervisedUnit | HazardSource,
    regionCode: string,
    heldOn: string,
    lastInspectedOn: string | undefined,
  ): Promise<{ readonly dueOn: string; readonly onSchedule: boolean; readonly steps: TransactionStep[] }> {
    const current = await this.prepared(type, subject.id, heldOn);
    const frequencies = await this.frequencies(subject.communityId);
    const basis = { ...dueBasisOf(type, subject, regionCode, lastInspectedOn), ...(current ? { grade: current.grade, registeredOn: current.registeredOn } : {}) };
    const dueOn = (current ?? scheduled(basis, frequencies)).dueOn;
    const onSchedule = heldOn <= dueOn && !(current?.missedThrough !== undefined && dueOn <= current.missedThrough);
    const next = scheduled({ ...basis, lastInspectedOn: heldOn }, frequencies, current);
    return { dueOn, onSchedule, steps: [this.putStep(next, current, 'input.subjectId'), this.frequenciesUnchangedStep(frequencies, 'input.subjectId')] };
  }

  /** Puts `next` where `previous` was read (or where none was): DueItemChanged when another write came first. */
  putStep(next: InspectionDueItem, previous: InspectionDueItem | undefined, field?: string): TransactionStep {
    return {
      item: {
        Put: {
          TableName: this.table.name,
          Item: {
            ...inspectionDueKey(next.subjectType, next.subjectId),
            entity: 'InspectionDue',
            gsi2pk: listingKeys.inspectionsDue(next.regionCode),
            gsi2sk: duePosition(next),
            ...next,
          },
          ConditionExpression: previous ? '#rev = :rev' : 'attribute_not_exists(pk)',
          ...(previous ? { ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': previous.rev } } : {}),
        },
      },
      onConditionFailed: () => new DueItemChanged(field),
    };
  }

  /** The subject leaves the listing (a unit removed, a source REMOVED); a unit's last inspection goes with it. */
  removalSteps(type: InspectionSubjectType, id: string, withLastInspection: boolean): TransactionStep[] {
    const steps: TransactionStep[] = [{ item: { Delete: { TableName: this.table.name, Key: inspectionDueKey(type, id) } } }];
    if (withLastInspection) steps.push({ item: { Delete: { TableName: this.table.name, Key: lastInspectionKey(type, id) } } });
    return steps;
  }

  /** Holds a write to the community's frequencies being the ones read (or still unset). */
  frequenciesUnchangedStep(read: FrequenciesRead, field?: string): TransactionStep {
    return {
      item: {
        ConditionCheck: {
          TableName: this.table.name,
          Key: this.frequencySettings.key(read.communityId),
          ConditionExpression: read.version === 0 ? 'attribute_not_exists(pk)' : '#version = :version',
          ...(read.version === 0 ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': read.version } }),
        },
      },
      onConditionFailed: () => new ConflictError('the community’s inspection frequencies changed meanwhile; send it again', field),
    };
  }

  /** The steps of a new subject's first due day: one interval after the day it was registered. */
  async placementSteps(basis: DueBasis, field?: string): Promise<TransactionStep[]> {
    const frequencies = await this.frequencies(basis.communityId);
    return [this.putStep(scheduled(basis, frequencies), undefined, field), this.frequenciesUnchangedStep(frequencies, field)];
  }

  /**
   * The steps that move a subject's due day to what `basis` (its new grade) makes it, after
   * settling the days passed before `today`; none when the day and frequency stay.
   */
  async rescheduleSteps(basis: Omit<DueBasis, 'lastInspectedOn'>, today: string, field?: string): Promise<TransactionStep[]> {
    const previous = await this.prepared(basis.subjectType, basis.subjectId, today);
    const frequencies = await this.frequencies(basis.communityId);
    const lastInspectedOn = previous ? previous.lastInspectedOn : await this.lastInspectedOn(basis.subjectType, basis.subjectId);
    const next = scheduled({ ...basis, ...(lastInspectedOn ? { lastInspectedOn } : {}) }, frequencies, previous);
    if (previous && next.dueOn === previous.dueOn && next.frequency === previous.frequency && next.grade === previous.grade) return [];
    return [this.putStep(next, previous, field), this.frequenciesUnchangedStep(frequencies, field)];
  }

  /**
   * Counts the days of `item` passed uninspected before `before` (in_due and in_miss in the period
   * of each day, every region level) and moves `missedThrough`, one transaction per month of days,
   * each under the item's rev. Returns how many days it counted; DueItemChanged when another write
   * came first (nothing of that month was counted).
   */
  async settle(item: InspectionDueItem, before: string): Promise<number> {
    const days = passedDueDays(item, before);
    let current = item;
    let counted = 0;
    for (const month of groupByMonth(days)) {
      const last = month.at(-1)!;
      const counters = new CreationDeltas().add(missedInspectionContributions(current.regionCode, current.communityId, month), 1).steps(this.table);
      await commit(this.table, [
        {
          item: {
            Update: {
              TableName: this.table.name,
              Key: inspectionDueKey(current.subjectType, current.subjectId),
              UpdateExpression: 'SET #missed = :last, #rev = :next',
              ConditionExpression: '#rev = :rev',
              ExpressionAttributeNames: { '#missed': 'missedThrough', '#rev': 'rev' },
              ExpressionAttributeValues: { ':last': last, ':rev': current.rev, ':next': current.rev + 1 },
            },
          },
          onConditionFailed: () => new DueItemChanged(),
        },
        ...counters,
      ]);
      current = { ...current, missedThrough: last, rev: current.rev + 1 };
      counted += month.length;
    }
    return counted;
  }

  /**
   * A province's due items with a due day on or before `through`, earliest first, of the region
   * `regionCode` (a prefix of the items' region codes): one Query on the province's listing, the
   * region a filter on what is due there. Bounded by what is due in the province, never by how
   * many subjects it has.
   */
  async page(regionCode: string, through: string, first: number, after?: string): Promise<{ items: { position: string; node: InspectionDueItem }[]; hasNextPage: boolean }> {
    if (first === 0) return { items: [], hasNextPage: false };
    const partition = listingKeys.inspectionsDue(regionCode);
    const upper = `${through}\uffff`;
    const start = after === undefined ? undefined : decodeCursor(after);
    if (start !== undefined && !(start <= upper && /^\d{4}-\d{2}-\d{2}#(SUPERVISED_UNIT|HAZARD_SOURCE)#[^#]+$/.test(start))) throw BadUserInputError.field('after', 'is a cursor of another listing');
    const query = this.rangeQuery(regionCode, through);
    const found: InspectionDueItem[] = [];
    let startKey: Record<string, unknown> | undefined = start === undefined ? undefined : this.listingKey(partition, start);
    for (let round = 0; round < 50; round += 1) {
      const response = await this.table.client.send(
        new QueryCommand({ TableName: this.table.name, ...query, Limit: query.FilterExpression ? Math.max(100, (first + 1) * 2) : first + 1, ExclusiveStartKey: startKey }),
      );
      found.push(...(response.Items ?? []).map(dueItemOf));
      startKey = response.LastEvaluatedKey;
      if (found.length > first || !startKey) break;
    }
    return { items: found.slice(0, first).map((node) => ({ position: duePosition(node), node })), hasNextPage: found.length > first || startKey !== undefined };
  }

  /** How many items of the region are due on or before `through`. */
  count(regionCode: string, through: string): Promise<number> {
    return countQuery(this.table, this.rangeQuery(regionCode, through));
  }

  /** Every due item of a province due before `before` (the reminders job's missed dues), page by page. */
  async *passedBefore(province: string, before: string): AsyncGenerator<InspectionDueItem[]> {
    const yesterday = addDays(before, -1);
    let after: string | undefined;
    for (;;) {
      const page = await this.page(province, yesterday, 100, after);
      yield page.items.map((item) => item.node);
      const last = page.items.at(-1);
      if (!page.hasNextPage || !last) return;
      after = Buffer.from(last.position, 'utf8').toString('base64url');
    }
  }

  /**
   * After a change of a community's frequencies has committed: every subject's item of the
   * community whose day or frequency the new setting moves is rewritten (the days passed before
   * `today` settled first), each under its rev, skipping items already computed with this setting
   * or a later one. Idempotent: a second run with the same setting writes nothing, so an
   * interrupted rewrite is finished by setting the frequencies again. Bounded by the community.
   */
  async rewriteCommunity(communityId: string, regionCode: string, setting: FrequenciesRead, today: string): Promise<number> {
    const query = (partition: string) => queryAll(this.table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition } });
    const [units, sources] = await Promise.all([query(listingKeys.supervisedUnits(communityId)), query(listingKeys.hazardSources(communityId))]);
    const subjects: DueBasis[] = [
      ...(units as unknown as SupervisedUnit[]).map((unit) => dueBasisOf('SUPERVISED_UNIT', unit, regionCode)),
      ...(sources as unknown as HazardSource[]).filter((source) => source.status !== 'REMOVED').map((source) => dueBasisOf('HAZARD_SOURCE', source, regionCode)),
    ];
    // One BatchGetItem per 100 items first; a write under a stale read fails its rev condition and reads the item again, consistently.
    const read = await this.getMany(subjects.map((basis) => ({ type: basis.subjectType, id: basis.subjectId })));
    let rewritten = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < subjects.length) {
          const index = next++;
          const basis = subjects[index]!;
          for (let attempt = 0; attempt < 3; attempt += 1) {
            const listed = attempt === 0 ? read[index] : undefined;
            const previous = listed && passedDueDays(listed, today).length === 0 ? listed : await this.prepared(basis.subjectType, basis.subjectId, today);
            if (previous && previous.frequenciesVersion >= setting.version) break;
            const lastInspectedOn = previous ? previous.lastInspectedOn : await this.lastInspectedOn(basis.subjectType, basis.subjectId);
            // The due item's own grade where it has one: it moves with the record in one transaction, the listing may lag.
            const current = { ...basis, ...(previous ? { grade: previous.grade, registeredOn: previous.registeredOn } : {}) };
            const item = scheduled({ ...current, ...(lastInspectedOn ? { lastInspectedOn } : {}) }, setting, previous);
            // One item alone: a conditional PutItem, not a transaction (half the write units, one round trip).
            const put = this.putStep(item, previous).item.Put!;
            try {
              await this.table.client.send(new PutCommand(put));
              rewritten += 1;
              break;
            } catch (error) {
              if (!(error instanceof ConditionalCheckFailedException)) throw error;
            }
          }
        }
      }),
    );
    return rewritten;
  }

  /**
   * Gives every subject of a community that has no due item one (a subject registered before due
   * items were kept, or loaded without them), from its record and its last inspection; items that
   * exist are left as they are (unless made with older frequencies). Idempotent: a maintenance step.
   */
  async backfillCommunity(communityId: string, regionCode: string, today: string): Promise<number> {
    return this.rewriteCommunity(communityId, regionCode, await this.frequencies(communityId), today);
  }

  /** The day of a subject's last inspection, from the item beside it (for a subject without a due item yet). */
  private async lastInspectedOn(type: InspectionSubjectType, id: string): Promise<string | undefined> {
    const response = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: lastInspectionKey(type, id), ConsistentRead: true }));
    return typeof response.Item?.lastInspectedOn === 'string' ? response.Item.lastInspectedOn : undefined;
  }

  private rangeQuery(regionCode: string, through: string) {
    const province = regionCode.length <= 2;
    return {
      IndexName: 'gsi2',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ...(province ? {} : { FilterExpression: 'begins_with(#region, :region)' }),
      ExpressionAttributeNames: { '#pk': 'gsi2pk', '#sk': 'gsi2sk', ...(province ? {} : { '#region': 'regionCode' }) },
      ExpressionAttributeValues: { ':pk': listingKeys.inspectionsDue(regionCode), ':from': '0000', ':to': `${through}\uffff`, ...(province ? {} : { ':region': regionCode }) },
    };
  }

  private listingKey(partition: string, position: string): Record<string, string> {
    const [, type = '', id = ''] = position.split('#');
    return { ...inspectionDueKey(type as InspectionSubjectType, id), gsi2pk: partition, gsi2sk: position };
  }
}

/** Days in order, grouped by calendar month (one transaction each: its counter items stay few). */
function groupByMonth(days: readonly string[]): string[][] {
  const months = new Map<string, string[]>();
  for (const day of days) months.set(day.slice(0, 7), [...(months.get(day.slice(0, 7)) ?? []), day]);
  return [...months.values()];
}
