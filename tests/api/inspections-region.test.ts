import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#core/dates.ts';
import { inspectionDueKey, lastInspectionKey } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { bundledChecklist } from '#hazard/checklist.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

/**
 * inspectionsDue across a region (the province's listing by next due day), kept by every write
 * that moves a subject's day; inspections that find hidden dangers in their one transaction; the
 * inspection's dueOn and onSchedule. Through both doors.
 */
const DUE_REGION = `query($r: String, $c: ID, $on: LocalDate, $first: Int, $after: String) {
  inspectionsDue(regionCode: $r, communityId: $c, on: $on, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { subjectType subjectId dueOn status daysOverdue frequency lastInspectedOn community { id } supervisedUnit { name } hazardSource { kind } } }
  }
}`;
const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
  id heldOn dueOn onSchedule failedCount
  dangers { id severity description state foundOn deadline responsibleUnit { organisation post } subject { type id } inspectionId inspection { id } }
} }`;
const GET = `query($id: ID!) { inspection(id: $id) { id dueOn onSchedule dangers { id description inspection { id heldOn } } } }`;
const DANGER = `query($id: ID!) { hiddenDanger(id: $id) { id inspectionId inspection { id subjectId } } }`;
const DANGERS = `query($c: ID!) { hiddenDangers(communityId: $c) { totalCount } }`;
const LIST = `query($c: ID!) { inspections(communityId: $c) { totalCount } }`;
const CREATE_CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`;
const CREATE_UNIT = `mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id version } }`;
const UPDATE_UNIT = `mutation($input: UpdateSupervisedUnitInput!) { updateSupervisedUnit(input: $input) { id version grade } }`;
const REMOVE_UNIT = `mutation($input: RemoveHazardRecordInput!) { removeSupervisedUnit(input: $input) { id } }`;
const CREATE_SOURCE = `mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id version } }`;
const UPDATE_SOURCE = `mutation($input: UpdateHazardSourceInput!) { updateHazardSource(input: $input) { id version riskLevel } }`;
const REMOVE_SOURCE = `mutation($input: RemoveHazardSourceInput!) { removeHazardSource(input: $input) { id } }`;
const SET_FREQUENCIES = `mutation($input: SetInspectionFrequenciesInput!) { setInspectionFrequencies(input: $input) { version } }`;

const OFFICE = { organisation: '南塔街道安全生产监督管理站', post: '网格员' };
const INSPECTOR = { organisation: '南塔街道安全生产监督管理站', post: '安全检查员' };
const RESTAURANT = bundledChecklist('RESTAURANT');
if (!RESTAURANT) throw new Error('the RESTAURANT checklist is bundled');
const restaurantResults = () =>
  RESTAURANT.items.map((item) => (item.id === 'lpg-upright' ? { itemId: item.id, outcome: 'FAIL', note: '两只钢瓶卧放使用' } : { itemId: item.id, outcome: 'PASS' }));

let app: TestApp;
let reviewer2101: string;
let reviewer2102: string;
let reviewer37: string;
let analyst21: string;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  [reviewer2101, reviewer2102, reviewer37, analyst21, admin] = await Promise.all([
    app.token({ role: 'REVIEWER', region: '2101' }),
    app.token({ role: 'REVIEWER', region: '2102' }),
    app.token({ role: 'REVIEWER', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
    app.token({ role: 'ADMIN' }),
  ]);
});
afterAll(() => app.close());

describe.each([0, 1])('inspections across a region through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  const today = chinaToday();
  const run = async (query: string, variables: Record<string, unknown>, token: string) => ok(await door().execute(query, variables, token));
  const refused = async (query: string, variables: Record<string, unknown>, token: string | undefined, code: string, field?: string) => {
    const response = await door().execute(query, variables, token);
    expect(errorCode(response), JSON.stringify(response.body.errors)).toBe(code);
    if (field) expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
  };
  /** A community of its own (a county code per door and test, so listings of the same province never mix across tests), its editor and a cell. */
  const street = async (regionCode: string, name: string) => {
    const community = await seedCommunity(app.table, { regionCode, name: `${name}${doorIndex}` });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    const cellId = (await run(CREATE_CELL, { input: { communityId: community.id, name: '一网格', kind: 'AREA', responsibleUnit: OFFICE } }, editor)).createGridCell.id as string;
    return { community, editor, cellId };
  };
  const due = async (regionCode: string, on: string, token: string, page: { first?: number; after?: string } = {}) => (await run(DUE_REGION, { r: regionCode, on, ...page }, token)).inspectionsDue;
  const ids = (connection: { edges: { node: { subjectId: string } }[] }) => connection.edges.map((edge) => edge.node.subjectId);
  const dueItem = async (kind: 'SUPERVISED_UNIT' | 'HAZARD_SOURCE', id: string) => (await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: inspectionDueKey(kind, id), ConsistentRead: true }))).Item;

  it('lists a region’s due and overdue subjects from its province’s listing, earliest first, paginated, only the region’s; the region’s readers only', async () => {
    // Two streets of one district of 沈阳 (2101), one of 大连 (2102): the same province's listing.
    const city = `2101${doorIndex === 0 ? '02' : '03'}`;
    const a = await street(`${city}101`, '南塔街道');
    const b = await street(`${city}102`, '北塔街道');
    const dalian = await street(`2102${doorIndex === 0 ? '02' : '03'}101`, '大连街道');
    const unit = async (place: { editor: string; cellId: string }, name: string, grade: string) =>
      (await run(CREATE_UNIT, { input: { cellId: place.cellId, kind: 'RESTAURANT', name, grade, responsibleUnit: OFFICE } }, place.editor)).createSupervisedUnit as { id: string; version: number };
    const dailyA = await unit(a, '小吃部', 'D');
    const weeklyB = await unit(b, '五金店', 'C');
    const quarterlyA = await unit(a, '印刷厂', 'A');
    const dailyDalian = await unit(dalian, '海鲜馆', 'D');
    const redB = (await run(CREATE_SOURCE, { input: { cellId: b.cellId, kind: 'SEPTIC_TANK', location: { address: '北塔一网格' }, riskLevel: 'RED', responsibleUnit: OFFICE } }, b.editor)).createHazardSource as { id: string; version: number };

    // Nothing due today (registered today); a week and a day on, the district's three, earliest first; 大连's not in it.
    expect((await due(city, today, reviewer2101)).totalCount).toBe(0);
    const week = await due(city, addDays(today, 8), reviewer2101);
    expect(week.totalCount).toBe(3);
    expect(ids(week).slice(0, 2).sort()).toEqual([dailyA.id, redB.id].sort());
    expect(ids(week)[2]).toBe(weeklyB.id);
    expect(week.edges[2].node).toMatchObject({ subjectType: 'SUPERVISED_UNIT', dueOn: addDays(today, 7), status: 'OVERDUE', daysOverdue: 1, frequency: 'WEEKLY', lastInspectedOn: null, community: { id: b.community.id }, supervisedUnit: { name: '五金店' }, hazardSource: null });
    expect(week.edges.find((edge: { node: { subjectId: string } }) => edge.node.subjectId === redB.id).node).toMatchObject({ subjectType: 'HAZARD_SOURCE', frequency: 'DAILY', hazardSource: { kind: 'SEPTIC_TANK' }, supervisedUnit: null });
    expect(ids(week)).not.toContain(quarterlyA.id);
    expect(ids(week)).not.toContain(dailyDalian.id);
    // A street of the district alone, and the province (both cities).
    expect(ids(await due(b.community.regionCode, addDays(today, 8), reviewer2101)).sort()).toEqual([weeklyB.id, redB.id].sort());
    expect(ids(await due('21', addDays(today, 1), analyst21))).toEqual(expect.arrayContaining([dailyA.id, redB.id, dailyDalian.id]));

    // Pages follow the listing's order.
    const first = await due(city, addDays(today, 8), reviewer2101, { first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await due(city, addDays(today, 8), reviewer2101, { first: 2, after: first.pageInfo.endCursor });
    expect(ids(rest)).toEqual([weeklyB.id]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    await refused(DUE_REGION, { r: city, on: addDays(today, 1), after: rest.pageInfo.endCursor }, reviewer2101, 'BAD_USER_INPUT', 'after');

    // Who: reviewers and analysts in region, admins; a reviewer elsewhere and every editor FORBIDDEN.
    for (const token of [reviewer2101, analyst21, admin]) expect((await due(city, addDays(today, 8), token)).totalCount).toBe(3);
    for (const token of [reviewer2102, reviewer37, a.editor]) await refused(DUE_REGION, { r: city }, token, 'FORBIDDEN');
    await refused(DUE_REGION, { r: city }, undefined, 'UNAUTHENTICATED');
    // Either a community or a region, a real division code.
    await refused(DUE_REGION, { r: city, c: a.community.id }, reviewer2101, 'BAD_USER_INPUT', 'regionCode');
    await refused(DUE_REGION, {}, reviewer2101, 'BAD_USER_INPUT', 'communityId');
    await refused(DUE_REGION, { r: '2199' }, admin, 'BAD_USER_INPUT', 'regionCode');
    await refused(DUE_REGION, { r: '21x' }, admin, 'BAD_USER_INPUT', 'regionCode');
    // The community form still answers the same.
    expect(ids((await run(DUE_REGION, { c: b.community.id, on: addDays(today, 8) }, b.editor)).inspectionsDue).sort()).toEqual([weeklyB.id, redB.id].sort());
  });

  it('every write that moves a due day moves it in the listing: an inspection, a grade or level change, a removal, the community’s frequencies', async () => {
    const county = `2101${doorIndex === 0 ? '04' : '05'}`;
    const place = await street(`${county}101`, '塔湾街道');
    const unit = (await run(CREATE_UNIT, { input: { cellId: place.cellId, kind: 'RESTAURANT', name: '老四季抻面馆', grade: 'D', responsibleUnit: OFFICE } }, place.editor)).createSupervisedUnit as { id: string; version: number };
    const source = (await run(CREATE_SOURCE, { input: { cellId: place.cellId, kind: 'MANHOLE', location: { address: '塔湾一网格' }, riskLevel: 'BLUE', responsibleUnit: OFFICE } }, place.editor)).createHazardSource as { id: string; version: number };
    const dueOf = async (id: string, on: string) => (await due(county, on, reviewer2101)).edges.find((edge: { node: { subjectId: string } }) => edge.node.subjectId === id)?.node;

    // The inspection: held today, on schedule for tomorrow's due day; the next due one interval on.
    const inspection = ok(await door().execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: unit.id, heldOn: today, inspector: INSPECTOR, results: restaurantResults() } }, place.editor)).recordInspection;
    expect(inspection).toMatchObject({ dueOn: addDays(today, 1), onSchedule: true, dangers: [] });
    expect(await dueOf(unit.id, addDays(today, 1))).toMatchObject({ dueOn: addDays(today, 1), lastInspectedOn: today, status: 'DUE' });

    // Graded A: quarterly from its last inspection.
    const regraded = (await run(UPDATE_UNIT, { input: { id: unit.id, version: unit.version, grade: 'A' } }, place.editor)).updateSupervisedUnit;
    expect(await dueOf(unit.id, addDays(today, 1))).toBeUndefined();
    const quarter = (await dueItem('SUPERVISED_UNIT', unit.id))!;
    expect(quarter).toMatchObject({ frequency: 'QUARTERLY', grade: 'A', lastInspectedOn: today });
    expect((await dueOf(unit.id, quarter.dueOn as string))?.frequency).toBe('QUARTERLY');

    // The source's level red: daily; then REMOVED: out of the listing.
    expect(await dueOf(source.id, addDays(today, 1))).toBeUndefined();
    const red = (await run(UPDATE_SOURCE, { input: { id: source.id, version: source.version, riskLevel: 'RED' } }, place.editor)).updateHazardSource;
    expect(await dueOf(source.id, addDays(today, 1))).toMatchObject({ subjectType: 'HAZARD_SOURCE', frequency: 'DAILY', dueOn: addDays(today, 1) });

    // The community's frequencies: A monthly now (its items rewritten after the setting commits).
    await run(SET_FREQUENCIES, { input: { communityId: place.community.id, A: 'MONTHLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' } }, place.editor);
    expect(await dueItem('SUPERVISED_UNIT', unit.id)).toMatchObject({ frequency: 'MONTHLY', frequenciesVersion: 1 });
    expect((await dueOf(unit.id, addDays(today, 31)))?.frequency).toBe('MONTHLY');
    expect(await dueOf(source.id, addDays(today, 1))).toMatchObject({ frequency: 'DAILY' });

    await run(REMOVE_SOURCE, { input: { id: source.id, version: red.version, reason: '井已封填' } }, place.editor);
    expect(await dueOf(source.id, addDays(today, 1))).toBeUndefined();
    expect(await dueItem('HAZARD_SOURCE', source.id)).toBeUndefined();

    // A unit removed takes its due item and its last inspection with it.
    expect((await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: lastInspectionKey('SUPERVISED_UNIT', unit.id) }))).Item).toBeDefined();
    await run(REMOVE_UNIT, { input: { id: unit.id, version: regraded.version } }, place.editor);
    expect(await dueItem('SUPERVISED_UNIT', unit.id)).toBeUndefined();
    expect((await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: lastInspectionKey('SUPERVISED_UNIT', unit.id) }))).Item).toBeUndefined();
    expect((await due(county, addDays(today, 400), reviewer2101)).totalCount).toBe(0);
  });

  it('an inspection and a grade change, or the frequencies, at once: the due item always agrees with the grade, the last inspection and the frequencies that stand', async () => {
    const place = await street(`2101${doorIndex === 0 ? '11' : '12'}101`, '苏家屯街道');
    const grades = ['C', 'A', 'D', 'B'];
    for (let round = 0; round < 4; round += 1) {
      const shop = (await run(CREATE_UNIT, { input: { cellId: place.cellId, kind: 'OTHER', name: `商户${round}`, grade: 'D', responsibleUnit: OFFICE } }, place.editor)).createSupervisedUnit as { id: string; version: number };
      const frequencies = round % 2 === 1 ? { A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'WEEKLY' } : { A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY' };
      const responses = await Promise.all([
        door().execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: shop.id, heldOn: today, inspector: INSPECTOR } }, place.editor),
        door().execute(UPDATE_UNIT, { input: { id: shop.id, version: shop.version, grade: grades[round] } }, place.editor),
      ]);
      for (const response of responses) if (errorCode(response)) expect(errorCode(response)).toBe('CONFLICT');
      if (round >= 2) {
        const version = (await run(`query($c: ID!) { inspectionFrequencies(communityId: $c) { version } }`, { c: place.community.id }, place.editor)).inspectionFrequencies.version;
        await Promise.all([
          door().execute(SET_FREQUENCIES, { input: { communityId: place.community.id, ...frequencies, ...(version ? { version } : {}) } }, place.editor),
          door().execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: shop.id, heldOn: today, inspector: INSPECTOR } }, place.editor),
        ]);
      }
      const unit = (await run(`query($id: ID!) { supervisedUnit(id: $id) { grade inspectionFrequency } }`, { id: shop.id }, place.editor)).supervisedUnit;
      const last = (await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: lastInspectionKey('SUPERVISED_UNIT', shop.id), ConsistentRead: true }))).Item;
      const item = await dueItem('SUPERVISED_UNIT', shop.id);
      expect(item).toMatchObject({ grade: unit.grade, frequency: unit.inspectionFrequency, lastInspectedOn: last?.lastInspectedOn });
      const interval = { DAILY: 1, WEEKLY: 7 }[unit.inspectionFrequency as 'DAILY' | 'WEEKLY'];
      if (interval) expect(item?.dueOn).toBe(addDays((last?.lastInspectedOn as string | undefined) ?? today, interval));
    }
  });

  it('an inspection records the hidden dangers it found in its one transaction: at its subject, found the day held, listed by the inspection', async () => {
    const place = await street(`2101${doorIndex === 0 ? '06' : '07'}101`, '沈河街道');
    const restaurant = (await run(CREATE_UNIT, { input: { cellId: place.cellId, kind: 'RESTAURANT', name: '某家常菜馆', grade: 'D', responsibleUnit: { organisation: '某家常菜馆', post: '店长' } } }, place.editor)).createSupervisedUnit as { id: string };
    const kitchen = { organisation: '某家常菜馆', post: '厨师长' };
    const input = {
      subjectType: 'SUPERVISED_UNIT',
      subjectId: restaurant.id,
      heldOn: today,
      inspector: INSPECTOR,
      results: restaurantResults(),
      dangers: [
        { severity: 'GENERAL', description: '液化气钢瓶卧放使用', deadline: addDays(today, 3) },
        { severity: 'MAJOR', description: '钢瓶间与灶台未隔离', responsibleUnit: kitchen, deadline: addDays(today, 30) },
      ],
    };
    // All or nothing: one bad deadline, nothing written (neither the inspection nor the good danger).
    const bad = { ...input, dangers: [input.dangers[0], { ...input.dangers[1], deadline: addDays(today, -1) }] };
    await refused(RECORD, { input: bad }, place.editor, 'BAD_USER_INPUT', 'input.dangers.1.deadline');
    await refused(RECORD, { input: { ...input, dangers: [input.dangers[0], { ...input.dangers[1], deadline: addDays(today, 366) }] } }, place.editor, 'BAD_USER_INPUT', 'input.dangers.1.deadline');
    await refused(RECORD, { input: { ...input, dangers: Array.from({ length: 11 }, () => input.dangers[0]) } }, place.editor, 'BAD_USER_INPUT', 'input.dangers');
    await refused(RECORD, { input: { ...input, dangers: [{ ...input.dangers[0], description: '' }] } }, place.editor, 'BAD_USER_INPUT', 'input.dangers.0.description');
    expect((await run(LIST, { c: place.community.id }, place.editor)).inspections.totalCount).toBe(0);
    expect((await run(DANGERS, { c: place.community.id }, place.editor)).hiddenDangers.totalCount).toBe(0);
    // Reviewers may not record them (nor the inspection).
    await refused(RECORD, { input }, reviewer2101, 'FORBIDDEN');

    const inspection = ok(await door().execute(RECORD, { input }, place.editor)).recordInspection;
    expect(inspection.dangers).toHaveLength(2);
    expect(inspection.dangers[0]).toMatchObject({
      severity: 'GENERAL', description: '液化气钢瓶卧放使用', state: 'OPEN', foundOn: today, deadline: addDays(today, 3),
      responsibleUnit: { organisation: '某家常菜馆', post: '店长' }, subject: { type: 'SUPERVISED_UNIT', id: restaurant.id }, inspectionId: inspection.id, inspection: { id: inspection.id },
    });
    expect(inspection.dangers[1]).toMatchObject({ severity: 'MAJOR', responsibleUnit: kitchen });
    expect((await run(DANGERS, { c: place.community.id }, place.editor)).hiddenDangers.totalCount).toBe(2);
    // Read back by a reviewer of the region: the inspection lists them, each names its inspection.
    const read = (await run(GET, { id: inspection.id }, reviewer2101)).inspection;
    expect(read.dangers.map((danger: { description: string }) => danger.description).sort()).toEqual(['液化气钢瓶卧放使用', '钢瓶间与灶台未隔离'].sort());
    expect(read.dangers[0].inspection).toEqual({ id: inspection.id, heldOn: today });
    expect((await run(DANGER, { id: inspection.dangers[1].id }, analyst21)).hiddenDanger).toEqual({ id: inspection.dangers[1].id, inspectionId: inspection.id, inspection: { id: inspection.id, subjectId: restaurant.id } });
    await refused(GET, { id: inspection.id }, reviewer37, 'NOT_FOUND');
    // Ten, the most one inspection takes, fit its one transaction.
    const ten = ok(await door().execute(RECORD, { input: { ...input, dangers: Array.from({ length: 10 }, (_, n) => ({ ...input.dangers[0], description: `隐患${n}` })) } }, place.editor)).recordInspection;
    expect(ten.dangers).toHaveLength(10);
    expect((await run(DANGERS, { c: place.community.id }, place.editor)).hiddenDangers.totalCount).toBe(12);
  });
});
