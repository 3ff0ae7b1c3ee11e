import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { addDays } from '#core/dates.ts';
import { recordKey } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { bundledChecklist } from '#hazard/checklist.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

const INSPECTION_FIELDS =
  'id subjectType subjectId heldOn inspector { organisation post } checklistKind checklistVersion results { itemId outcome note } failedCount note version community { id } supervisedUnit { id name } hazardSource { id kind }';
const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { ${INSPECTION_FIELDS} } }`;
const GET = `query($id: ID!) { inspection(id: $id) { ${INSPECTION_FIELDS} history { edges { node { operation recordType } } } } }`;
const LIST = `query($c: ID!, $s: ID, $first: Int, $after: String) { inspections(communityId: $c, subjectId: $s, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id subjectId heldOn } } } }`;
const DUE = `query($c: ID!, $on: LocalDate, $first: Int, $after: String) {
  inspectionsDue(communityId: $c, on: $on, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { subjectType subjectId dueOn status daysOverdue frequency lastInspectedOn supervisedUnit { name } hazardSource { kind } community { id } } }
  }
}`;
const CREATE_CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`;
const CREATE_UNIT = `mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id version } }`;
const CREATE_SOURCE = `mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id version } }`;
const REMOVE_SOURCE = `mutation($input: RemoveHazardSourceInput!) { removeHazardSource(input: $input) { id } }`;
const UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id ownerType ownerId } } }`;
const EVIDENCE = `query($id: ID!, $status: EvidenceStatus) { inspection(id: $id) { evidence(status: $status) { totalCount edges { node { id } } } } }`;
const REMOVE_UNIT = `mutation($input: RemoveHazardRecordInput!) { removeSupervisedUnit(input: $input) { id } }`;
const SET_FREQUENCIES = `mutation($input: SetInspectionFrequenciesInput!) { setInspectionFrequencies(input: $input) { version } }`;

const OFFICE = { organisation: '南塔街道安全生产监督管理站', post: '网格员' };
const INSPECTOR = { organisation: '南塔街道安全生产监督管理站', post: '安全检查员' };
const RESTAURANT = bundledChecklist('RESTAURANT');
if (!RESTAURANT) throw new Error('the RESTAURANT checklist is bundled');
/** Every restaurant item passed, the LPG supplier's failed (with what was found). */
const restaurantResults = () =>
  RESTAURANT.items.map((item) => (item.id === 'lpg-upright' ? { itemId: item.id, outcome: 'FAIL', note: '两只钢瓶卧放使用' } : { itemId: item.id, outcome: 'PASS' }));

let app: TestApp;
let reviewer21: string;
let reviewer37: string;
let analyst21: string;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  [reviewer21, reviewer37, analyst21, admin] = await Promise.all([
    app.token({ role: 'REVIEWER', region: '2101' }),
    app.token({ role: 'REVIEWER', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
    app.token({ role: 'ADMIN' }),
  ]);
});
afterAll(() => app.close());

describe.each([0, 1])('inspections through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  let community: Community;
  let editor: string;
  let otherEditor: string;
  let cellId: string;
  const run = async (query: string, variables: Record<string, unknown>, token = editor) => ok(await door().execute(query, variables, token));
  const refused = async (query: string, variables: Record<string, unknown>, token: string | undefined, code: string, field?: string) => {
    const response = await door().execute(query, variables, token);
    expect(errorCode(response), JSON.stringify(response.body.errors)).toBe(code);
    if (field) expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
  };
  const unit = async (overrides: Record<string, unknown> = {}) =>
    (await run(CREATE_UNIT, { input: { cellId, kind: 'RESTAURANT', name: '老四季抻面馆', grade: 'D', responsibleUnit: { organisation: '老四季抻面馆', post: '店长' }, ...overrides } })).createSupervisedUnit as { id: string };
  const source = async (overrides: Record<string, unknown> = {}) =>
    (await run(CREATE_SOURCE, { input: { cellId, kind: 'SEPTIC_TANK', location: { address: '南塔街道塔湾小区3号楼后' }, riskLevel: 'RED', responsibleUnit: OFFICE, ...overrides } })).createHazardSource as { id: string; version: number };
  const inspect = (subjectType: string, subjectId: string, overrides: Record<string, unknown> = {}, token = editor) =>
    door().execute(RECORD, { input: { subjectType, subjectId, heldOn: chinaToday(), inspector: INSPECTOR, results: restaurantResults(), ...overrides } }, token);
  /** Registers a subject as of `day` (the fixture a year of history needs: the service refuses an inspection before registration). */
  const registeredOn = async (kind: 'SUPERVISED_UNIT' | 'HAZARD_SOURCE', id: string, day: string) => {
    await app.table.client.send(
      new UpdateCommand({ TableName: app.table.name, Key: recordKey(kind, id), UpdateExpression: 'SET createdAt = :at', ExpressionAttributeValues: { ':at': `${day}T00:00:00.000Z` } }),
    );
  };

  beforeAll(async () => {
    community = await seedCommunity(app.table, { regionCode: '210102001', name: `南塔街道${doorIndex}` });
    const other = await seedCommunity(app.table, { regionCode: '210102002', name: `北塔街道${doorIndex}` });
    [editor, otherEditor] = await Promise.all([app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }), app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] })]);
    cellId = (await run(CREATE_CELL, { input: { communityId: community.id, name: '塔湾社区', kind: 'RESIDENTS_COMMITTEE', responsibleUnit: OFFICE } })).createGridCell.id;
  });

  it('records an inspection on the subject kind’s checklist, its version kept, and reads it back with its audit entry', async () => {
    const restaurant = await unit();
    const inspection = ok(await inspect('SUPERVISED_UNIT', restaurant.id, { note: '液化气钢瓶当场扶正' })).recordInspection;
    expect(inspection).toMatchObject({
      subjectType: 'SUPERVISED_UNIT',
      subjectId: restaurant.id,
      heldOn: chinaToday(),
      inspector: INSPECTOR,
      checklistKind: 'RESTAURANT',
      checklistVersion: RESTAURANT.version,
      failedCount: 1,
      note: '液化气钢瓶当场扶正',
      version: 1,
      community: { id: community.id },
      supervisedUnit: { id: restaurant.id, name: '老四季抻面馆' },
      hazardSource: null,
    });
    expect(inspection.results).toHaveLength(RESTAURANT.items.length);
    expect(inspection.results.find((result: { itemId: string }) => result.itemId === 'lpg-upright')).toEqual({ itemId: 'lpg-upright', outcome: 'FAIL', note: '两只钢瓶卧放使用' });

    const read = (await run(GET, { id: inspection.id }, analyst21)).inspection;
    expect(read.history.edges.map((edge: { node: { operation: string; recordType: string } }) => edge.node)).toEqual([{ operation: 'CREATE', recordType: 'Inspection' }]);
    const listed = (await run(LIST, { c: community.id, s: restaurant.id }, reviewer21)).inspections;
    expect(listed.totalCount).toBe(1);
    expect(listed.edges[0].node).toEqual({ id: inspection.id, subjectId: restaurant.id, heldOn: chinaToday() });

    // Its photos are evidence of the inspection (owner type INSPECTION), read where the inspection is.
    const photo = (await run(UPLOAD, { input: { ownerType: 'INSPECTION', ownerId: inspection.id, fileName: '钢瓶卧放.jpg', contentType: 'image/jpeg', size: 4096, sha256: 'b'.repeat(64), element: 'RISK_ASSESSMENT' } })).requestEvidenceUpload.evidence;
    expect(photo).toMatchObject({ ownerType: 'INSPECTION', ownerId: inspection.id });
    expect((await run(EVIDENCE, { id: inspection.id, status: 'PENDING_UPLOAD' }, reviewer21)).inspection.evidence.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([photo.id]);
    expect(errorCode(await door().execute(UPLOAD, { input: { ownerType: 'INSPECTION', ownerId: inspection.id, fileName: 'x.jpg', contentType: 'image/jpeg', size: 10, sha256: 'c'.repeat(64), element: 'RISK_ASSESSMENT' } }, reviewer37))).toBe('NOT_FOUND');

    // A unit removed since: its inspections stay, their subject reads null.
    const closed = await unit({ name: '已关停小吃店' });
    const before = ok(await inspect('SUPERVISED_UNIT', closed.id)).recordInspection;
    await run(REMOVE_UNIT, { input: { id: closed.id, version: 1 } });
    expect((await run(GET, { id: before.id }, reviewer21)).inspection).toMatchObject({ id: before.id, subjectId: closed.id, supervisedUnit: null });
  });

  it('gives each unit and source the checklist its inspections answer, so a front end can answer it item by item (null for a kind without one)', async () => {
    const restaurant = await unit({ name: '清单小馆' });
    const septic = await source();
    const manhole = await source({ kind: 'MANHOLE', riskLevel: 'BLUE' });
    const CHECKLIST = 'checklist { kind version title titleEn items { id text textEn element notApplicableAllowed notApplicableWhen } }';
    const read = await run(`query($u: ID!, $s: ID!, $m: ID!) { supervisedUnit(id: $u) { ${CHECKLIST} } septic: hazardSource(id: $s) { ${CHECKLIST} } manhole: hazardSource(id: $m) { ${CHECKLIST} } }`, { u: restaurant.id, s: septic.id, m: manhole.id }, reviewer21);
    expect(read.supervisedUnit.checklist).toMatchObject({ kind: 'RESTAURANT', version: RESTAURANT.version, title: RESTAURANT.title });
    expect(read.supervisedUnit.checklist.items.map((item: { id: string }) => item.id)).toEqual(RESTAURANT.items.map((item) => item.id));
    const lpg = read.supervisedUnit.checklist.items.find((item: { id: string }) => item.id === 'lpg-upright');
    expect(lpg).toMatchObject({ notApplicableAllowed: true, notApplicableWhen: expect.any(String) });
    expect(read.septic.checklist.kind).toBe('SEPTIC_TANK');
    expect(read.manhole.checklist).toBeNull();
    // Answered from what the API gave: every item once, N/A where allowed.
    const results = read.supervisedUnit.checklist.items.map((item: { id: string; notApplicableAllowed: boolean }) => ({ itemId: item.id, outcome: item.notApplicableAllowed ? 'NOT_APPLICABLE' : 'PASS' }));
    expect(ok(await inspect('SUPERVISED_UNIT', restaurant.id, { results })).recordInspection).toMatchObject({ checklistKind: 'RESTAURANT', failedCount: 0 });
  });

  it('a kind without a checklist is inspected without items; results given to it are refused on input.results', async () => {
    const manhole = await source({ kind: 'MANHOLE', riskLevel: 'YELLOW' });
    await refused(RECORD, { input: { subjectType: 'HAZARD_SOURCE', subjectId: manhole.id, heldOn: chinaToday(), inspector: INSPECTOR, results: [{ itemId: 'cover', outcome: 'PASS' }] } }, editor, 'BAD_USER_INPUT', 'input.results');
    const inspection = ok(await inspect('HAZARD_SOURCE', manhole.id, { results: [], note: '井盖完好' })).recordInspection;
    expect(inspection).toMatchObject({ checklistKind: null, checklistVersion: null, results: [], failedCount: 0, hazardSource: { id: manhole.id, kind: 'MANHOLE' }, supervisedUnit: null });
  });

  it('names the field of bad input: the checklist’s answers, the day, the subject', async () => {
    const restaurant = await unit();
    const results = restaurantResults();
    const subject = { subjectType: 'SUPERVISED_UNIT', subjectId: restaurant.id, heldOn: chinaToday(), inspector: INSPECTOR };
    await refused(RECORD, { input: { ...subject, results: results.slice(1) } }, editor, 'BAD_USER_INPUT', 'input.results');
    const exits = results.findIndex((result) => result.itemId === 'exits');
    await refused(RECORD, { input: { ...subject, results: results.map((result, index) => (index === exits ? { ...result, outcome: 'NOT_APPLICABLE' } : result)) } }, editor, 'BAD_USER_INPUT', `input.results.${exits}.outcome`);
    await refused(RECORD, { input: { ...subject, results: results.map((result, index) => (index === exits ? { itemId: 'exits', outcome: 'FAIL' } : result)) } }, editor, 'BAD_USER_INPUT', `input.results.${exits}.note`);
    await refused(RECORD, { input: { ...subject, results: [...results, { itemId: 'no-such-item', outcome: 'PASS' }] } }, editor, 'BAD_USER_INPUT', `input.results.${results.length}.itemId`);
    await refused(RECORD, { input: { ...subject, results, heldOn: addDays(chinaToday(), 1) } }, editor, 'BAD_USER_INPUT', 'input.heldOn');
    await refused(RECORD, { input: { ...subject, results, heldOn: addDays(chinaToday(), -1) } }, editor, 'BAD_USER_INPUT', 'input.heldOn');
    await refused(RECORD, { input: { ...subject, results, inspector: { organisation: '', post: '站长' } } }, editor, 'BAD_USER_INPUT', 'input.inspector.organisation');
    await refused(RECORD, { input: { ...subject, subjectId: 'not an id', results } }, editor, 'BAD_USER_INPUT', 'input.subjectId');
    await refused(RECORD, { input: { ...subject, subjectType: 'HAZARD_SOURCE', results } }, editor, 'NOT_FOUND');
    const septic = await source();
    await run(REMOVE_SOURCE, { input: { id: septic.id, version: septic.version, reason: '化粪池已填埋' } });
    await refused(RECORD, { input: { subjectType: 'HAZARD_SOURCE', subjectId: septic.id, heldOn: chinaToday(), inspector: INSPECTOR, results: [] } }, editor, 'BAD_USER_INPUT', 'input.subjectId');
    await refused(DUE, { c: community.id, on: '2026-02-30' }, editor, 'BAD_USER_INPUT');
    await refused(DUE, { c: 'not an id' }, editor, 'BAD_USER_INPUT', 'communityId');
  });

  it('authorizes every operation and role: editors and admins record, reviewers and analysts read in region', async () => {
    const restaurant = await unit();
    await refused(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: restaurant.id, heldOn: chinaToday(), inspector: INSPECTOR, results: restaurantResults() } }, undefined, 'UNAUTHENTICATED');
    for (const token of [reviewer21, analyst21]) expect(errorCode(await inspect('SUPERVISED_UNIT', restaurant.id, {}, token))).toBe('FORBIDDEN');
    for (const token of [reviewer37, otherEditor]) expect(errorCode(await inspect('SUPERVISED_UNIT', restaurant.id, {}, token))).toBe('NOT_FOUND');
    const byAdmin = ok(await inspect('SUPERVISED_UNIT', restaurant.id, {}, admin)).recordInspection;
    for (const token of [editor, reviewer21, analyst21, admin]) {
      expect((await run(GET, { id: byAdmin.id }, token)).inspection.id).toBe(byAdmin.id);
      expect((await run(LIST, { c: community.id, s: restaurant.id }, token)).inspections.totalCount).toBe(1);
      await run(DUE, { c: community.id }, token);
    }
    for (const token of [reviewer37, otherEditor]) {
      await refused(GET, { id: byAdmin.id }, token, 'NOT_FOUND');
      await refused(LIST, { c: community.id }, token, 'NOT_FOUND');
      await refused(DUE, { c: community.id }, token, 'NOT_FOUND');
    }
    await refused(DUE, { c: community.id }, undefined, 'UNAUTHENTICATED');
  });

  it('lists what the frequencies make due or overdue, earliest first, paginated; an inspection moves its subject’s due day, an older one entered late does not', async () => {
    const fresh = await seedCommunity(app.table, { regionCode: '210102003', name: `塔湾街道${doorIndex}` });
    const freshEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [fresh.id] });
    const cell = (await run(CREATE_CELL, { input: { communityId: fresh.id, name: '一网格', kind: 'AREA', responsibleUnit: OFFICE } }, freshEditor)).createGridCell.id;
    const create = async (query: string, input: Record<string, unknown>) => Object.values(await run(query, { input: { cellId: cell, ...input } }, freshEditor))[0] as { id: string; version: number };
    const daily = await create(CREATE_UNIT, { kind: 'RESTAURANT', name: '小吃部', grade: 'D', responsibleUnit: OFFICE });
    const weekly = await create(CREATE_UNIT, { kind: 'SHOP', name: '五金店', grade: 'C', responsibleUnit: OFFICE });
    const quarterly = await create(CREATE_UNIT, { kind: 'ENTERPRISE', name: '印刷厂', grade: 'A', responsibleUnit: OFFICE });
    const red = await create(CREATE_SOURCE, { kind: 'SEPTIC_TANK', location: { address: '一网格北侧' }, riskLevel: 'RED', responsibleUnit: OFFICE });
    const removed = await create(CREATE_SOURCE, { kind: 'MANHOLE', location: { address: '一网格南侧' }, riskLevel: 'RED', responsibleUnit: OFFICE });
    await run(REMOVE_SOURCE, { input: { id: removed.id, version: removed.version, reason: '井已封填' } }, freshEditor);
    const today = chinaToday();
    const due = async (on: string, first?: number, after?: string) => (await run(DUE, { c: fresh.id, on, ...(first ? { first } : {}), ...(after ? { after } : {}) }, reviewer21)).inspectionsDue;

    // Registered today: nothing is due today; tomorrow the daily unit and the red source (as often as grade D).
    expect((await due(today)).totalCount).toBe(0);
    const tomorrow = await due(addDays(today, 1));
    expect(tomorrow.edges.map((edge: { node: { subjectId: string } }) => edge.node.subjectId).sort()).toEqual([daily.id, red.id].sort());
    expect(tomorrow.edges[0].node).toMatchObject({ dueOn: addDays(today, 1), status: 'DUE', daysOverdue: 0, frequency: 'DAILY', lastInspectedOn: null, community: { id: fresh.id } });

    // A week and a day on: the weekly unit is due (a day overdue), after the two due first; the quarterly one is not.
    const week = await due(addDays(today, 8));
    expect(week.totalCount).toBe(3);
    expect(week.edges.map((edge: { node: { dueOn: string } }) => edge.node.dueOn)).toEqual([addDays(today, 1), addDays(today, 1), addDays(today, 7)]);
    expect(week.edges[2].node).toMatchObject({ subjectType: 'SUPERVISED_UNIT', subjectId: weekly.id, status: 'OVERDUE', daysOverdue: 1, frequency: 'WEEKLY', supervisedUnit: { name: '五金店' }, hazardSource: null });
    expect(week.edges.some((edge: { node: { subjectId: string } }) => [quarterly.id, removed.id].includes(edge.node.subjectId))).toBe(false);
    const first = await due(addDays(today, 8), 2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await due(addDays(today, 8), 2, first.pageInfo.endCursor);
    expect(rest.edges.map((edge: { node: { subjectId: string } }) => edge.node.subjectId)).toEqual([weekly.id]);
    expect(rest.pageInfo.hasNextPage).toBe(false);

    // The community's frequencies govern: with D weekly, the daily unit and the red source are due a week on.
    await run(SET_FREQUENCIES, { input: { communityId: fresh.id, A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'WEEKLY' } }, freshEditor);
    expect((await due(addDays(today, 1))).totalCount).toBe(0);
    expect((await due(addDays(today, 7))).edges.map((edge: { node: { frequency: string } }) => edge.node.frequency)).toEqual(['WEEKLY', 'WEEKLY']);

    // Registered a month ago (a fixture), the grade D unit (now weekly) is overdue; today's inspection moves it to a week on.
    const monthAgo = addDays(today, -30);
    await registeredOn('SUPERVISED_UNIT', daily.id, monthAgo);
    const overdue = (await due(today)).edges.find((edge: { node: { subjectId: string } }) => edge.node.subjectId === daily.id);
    expect(overdue.node).toMatchObject({ dueOn: addDays(monthAgo, 7), status: 'OVERDUE', daysOverdue: 23 });
    const dailyResults = restaurantResults();
    ok(await door().execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: daily.id, heldOn: today, inspector: INSPECTOR, results: dailyResults } }, freshEditor));
    expect((await due(today)).totalCount).toBe(0);
    const next = (await due(addDays(today, 7))).edges.find((edge: { node: { subjectId: string } }) => edge.node.subjectId === daily.id);
    expect(next.node).toMatchObject({ dueOn: addDays(today, 7), status: 'DUE', lastInspectedOn: today });
    // An inspection of ten days ago entered now is kept, but the last inspection stays today's.
    ok(await door().execute(RECORD, { input: { subjectType: 'SUPERVISED_UNIT', subjectId: daily.id, heldOn: addDays(today, -10), inspector: INSPECTOR, results: dailyResults } }, freshEditor));
    expect((await due(addDays(today, 7))).edges.find((edge: { node: { subjectId: string } }) => edge.node.subjectId === daily.id).node.lastInspectedOn).toBe(today);
    expect((await run(LIST, { c: fresh.id, s: daily.id }, freshEditor)).inspections.edges.map((edge: { node: { heldOn: string } }) => edge.node.heldOn)).toEqual([today, addDays(today, -10)]);
  });

  it('two inspections of one subject recorded at once: one commits, the other is CONFLICT on input.subjectId, never a lost day', async () => {
    const restaurant = await unit();
    const responses = await Promise.all([inspect('SUPERVISED_UNIT', restaurant.id), inspect('SUPERVISED_UNIT', restaurant.id)]);
    const codes = responses.map((response) => errorCode(response) ?? 'OK').sort();
    expect(codes.filter((code) => code === 'OK').length).toBeGreaterThanOrEqual(1);
    for (const response of responses.filter((candidate) => errorCode(candidate))) {
      expect(errorCode(response)).toBe('CONFLICT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe('input.subjectId');
    }
    const listed = (await run(LIST, { c: community.id, s: restaurant.id })).inspections.totalCount;
    expect(listed).toBe(codes.filter((code) => code === 'OK').length);
  });
});
