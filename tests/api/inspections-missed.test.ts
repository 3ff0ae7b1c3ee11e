import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATION_PK_PREFIX } from '#analytics/creation-counters.ts';
import { addDays } from '#core/dates.ts';
import { inspectionDueKey, listingKeys, recordKey } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { HazardRepository } from '#hazard/repository.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * Missed inspection dues: the daily reminders job counts each due day that passed uninspected
 * (in_due and in_miss in the period of that day, at every region level) exactly once, also when
 * run again or twice at once; an inspection that comes before the job counts the days it passed
 * first. The job runs "for" later days (runFor), as its CLI does.
 */
const CREATE_CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`;
const CREATE_UNIT = `mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id } }`;
const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id dueOn onSchedule } }`;
const OFFICE = { organisation: '南塔街道安全生产监督管理站', post: '网格员' };

let app: TestApp;
let job: ReturnType<typeof createRemindersJob>;

beforeAll(async () => {
  app = await createTestApp();
  job = createRemindersJob(app.table.name, app.table.client);
});
afterAll(() => app.close());

/** The year counters of a region, summed over shards and years: what the job and the records counted. */
async function yearly(regionCode: string): Promise<{ in_due: number; in_miss: number; in_sch: number; in: number }> {
  const response = await app.table.client.send(
    new QueryCommand({ TableName: app.table.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :y)', ExpressionAttributeValues: { ':pk': `${CREATION_PK_PREFIX}${regionCode}`, ':y': 'Y' } }),
  );
  const sum = (attribute: string) => (response.Items ?? []).reduce((total, item) => total + Number(item[attribute] ?? 0), 0);
  return { in_due: sum('in_due'), in_miss: sum('in_miss'), in_sch: sum('in_sch'), in: sum('in') };
}

describe('missed inspection dues', () => {
  const today = chinaToday();
  let editor: string;
  let cellId: string;
  const regionCode = '210102201';
  const unit = async (name: string, grade = 'D') =>
    ok(await app.doors[0]!.execute(CREATE_UNIT, { input: { cellId, kind: 'OTHER', name, grade, responsibleUnit: OFFICE } }, editor)).createSupervisedUnit.id as string;
  const dueItem = async (id: string) => (await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: inspectionDueKey('SUPERVISED_UNIT', id), ConsistentRead: true }))).Item;

  beforeAll(async () => {
    const community = await seedCommunity(app.table, { regionCode, name: '南塔街道' });
    editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    cellId = ok(await app.doors[0]!.execute(CREATE_CELL, { input: { communityId: community.id, name: '一网格', kind: 'AREA', responsibleUnit: OFFICE } }, editor)).createGridCell.id;
  });

  it('a daily unit not visited for 3 days counts 3 missed, every level of its region; a re-run and two runs at once count nothing twice', async () => {
    const shop = await unit('小卖部');
    // Registered today: due tomorrow. Four days on, tomorrow and the two days after have passed uninspected.
    const first = await job.run(runFor(addDays(today, 4)));
    expect(first.missedInspections).toEqual({ subjects: 1, days: 3 });
    expect(await dueItem(shop)).toMatchObject({ dueOn: addDays(today, 1), missedThrough: addDays(today, 3) });
    for (const level of [regionCode, '210102', '2101', '21']) expect(await yearly(level)).toMatchObject({ in_due: 3, in_miss: 3, in_sch: 0 });

    // The same day again: nothing more.
    expect((await job.run(runFor(addDays(today, 4)))).missedInspections).toEqual({ subjects: 0, days: 0 });
    expect(await yearly(regionCode)).toMatchObject({ in_due: 3, in_miss: 3 });

    // Two days later, two runs at once: the two new days, once.
    const [a, b] = await Promise.all([job.run(runFor(addDays(today, 6))), job.run(runFor(addDays(today, 6)))]);
    expect(a.missedInspections.days + b.missedInspections.days).toBe(2);
    expect(await yearly(regionCode)).toMatchObject({ in_due: 5, in_miss: 5 });

    // An inspection today after those runs: its due day (tomorrow) was counted missed already, so it settles no due.
    const inspection = ok(await app.doors[0]!.execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: shop, heldOn: today, inspector: OFFICE } }, editor)).recordInspection;
    expect(inspection).toMatchObject({ dueOn: addDays(today, 1), onSchedule: false });
    expect(await yearly(regionCode)).toMatchObject({ in: 1, in_sch: 0, in_due: 5, in_miss: 5 });
    // Its new schedule's days up to those counted are final; the next ones count.
    expect((await job.run(runFor(addDays(today, 8)))).missedInspections).toEqual({ subjects: 1, days: 2 });
    expect(await yearly(regionCode)).toMatchObject({ in_due: 7, in_miss: 7 });
  });

  it('an inspection before the job has seen the days it passed counts them first; held on schedule, it settles its due', async () => {
    const forgotten = await unit('五金店');
    // A fixture: registered four days ago (its record and its due item), due three days ago; the job has not run since.
    const registered = addDays(today, -4);
    await app.table.client.send(new UpdateCommand({ TableName: app.table.name, Key: recordKey('SUPERVISED_UNIT', forgotten), UpdateExpression: 'SET createdAt = :at', ExpressionAttributeValues: { ':at': `${registered}T00:00:00.000Z` } }));
    await app.table.client.send(
      new UpdateCommand({
        TableName: app.table.name,
        Key: inspectionDueKey('SUPERVISED_UNIT', forgotten),
        UpdateExpression: 'SET registeredOn = :registered, dueOn = :due, gsi2sk = :position',
        ExpressionAttributeValues: { ':registered': registered, ':due': addDays(today, -3), ':position': `${addDays(today, -3)}#SUPERVISED_UNIT#${forgotten}` },
      }),
    );
    const before = await yearly(regionCode);
    const late = ok(await app.doors[0]!.execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: forgotten, heldOn: today, inspector: OFFICE } }, editor)).recordInspection;
    expect(late).toMatchObject({ dueOn: addDays(today, -3), onSchedule: false });
    expect(await yearly(regionCode)).toMatchObject({ in: before.in + 1, in_sch: before.in_sch, in_due: before.in_due + 3, in_miss: before.in_miss + 3 });
    expect(await dueItem(forgotten)).toMatchObject({ dueOn: addDays(today, 1), lastInspectedOn: today, missedThrough: addDays(today, -1) });
    // The job the same day finds nothing of it to count.
    expect((await job.run(runFor(today))).missedInspections.days).toBe(0);

    // A fresh weekly unit inspected today, before its due day: on schedule, one due settled (in_sch, in_due).
    const weekly = await unit('文具店', 'C');
    const onTime = ok(await app.doors[0]!.execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: weekly, heldOn: today, inspector: OFFICE } }, editor)).recordInspection;
    expect(onTime).toMatchObject({ dueOn: addDays(today, 7), onSchedule: true });
    expect(await yearly(regionCode)).toMatchObject({ in_sch: before.in_sch + 1, in_due: before.in_due + 4 });
    expect((await dueItem(weekly))?.gsi2pk).toBe(listingKeys.inspectionsDue(regionCode));
  });

  it('a subject without a due item (registered before they were kept) gets one from its record and last inspection, by the backfill; a second run writes nothing', async () => {
    const old = await unit('老字号', 'C');
    ok(await app.doors[0]!.execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: old, heldOn: today, inspector: OFFICE } }, editor));
    await app.table.client.send(new DeleteCommand({ TableName: app.table.name, Key: inspectionDueKey('SUPERVISED_UNIT', old) }));
    const schedule = new HazardRepository(app.table, createWritePipeline(app.table)).schedule;
    const communityId = (await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recordKey('SUPERVISED_UNIT', old) }))).Item?.communityId as string;
    expect(await schedule.backfillCommunity(communityId, regionCode, today)).toBe(1);
    expect(await dueItem(old)).toMatchObject({ grade: 'C', frequency: 'WEEKLY', lastInspectedOn: today, dueOn: addDays(today, 7), frequenciesVersion: 0 });
    expect(await schedule.backfillCommunity(communityId, regionCode, today)).toBe(0);
  });
});
