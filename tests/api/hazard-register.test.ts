import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

const CELL_FIELDS = 'id name kind depth parentId parent { id } villageCode responsibleUnit { organisation post } version community { id }';
const SOURCE_FIELDS = 'id kind description riskLevel inspectionFrequency status controls location { address latitude longitude } responsibleUnit { organisation post } removalReason removedAt version cell { id }';
const UNIT_FIELDS = 'id kind name grade inspectionFrequency address version cell { id }';

const CREATE_CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { ${CELL_FIELDS} } }`;
const UPDATE_CELL = `mutation($input: UpdateGridCellInput!) { updateGridCell(input: $input) { ${CELL_FIELDS} } }`;
const REMOVE_CELL = `mutation($input: RemoveHazardRecordInput!) { removeGridCell(input: $input) { id } }`;
const GET_CELL = `query($id: ID!) { gridCell(id: $id) { ${CELL_FIELDS} } }`;
const GRID = `query($c: ID!, $first: Int, $after: String) { grid(communityId: $c, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name depth parentId } } } }`;
const CREATE_SOURCE = `mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { ${SOURCE_FIELDS} } }`;
const UPDATE_SOURCE = `mutation($input: UpdateHazardSourceInput!) { updateHazardSource(input: $input) { ${SOURCE_FIELDS} } }`;
const REMOVE_SOURCE = `mutation($input: RemoveHazardSourceInput!) { removeHazardSource(input: $input) { ${SOURCE_FIELDS} } }`;
const GET_SOURCE = `query($id: ID!) { hazardSource(id: $id) { ${SOURCE_FIELDS} history { edges { node { operation reason } } } } }`;
const REGISTER = `query($c: ID!, $level: RiskLevel, $status: HazardSourceStatus, $cellId: ID, $first: Int, $after: String) {
  hazardRegister(communityId: $c, level: $level, status: $status, cellId: $cellId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id riskLevel status kind } }
  }
}`;
const CREATE_UNIT = `mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { ${UNIT_FIELDS} } }`;
const UPDATE_UNIT = `mutation($input: UpdateSupervisedUnitInput!) { updateSupervisedUnit(input: $input) { ${UNIT_FIELDS} } }`;
const REMOVE_UNIT = `mutation($input: RemoveHazardRecordInput!) { removeSupervisedUnit(input: $input) { id } }`;
const GET_UNIT = `query($id: ID!) { supervisedUnit(id: $id) { ${UNIT_FIELDS} } }`;
const UNITS = `query($c: ID!, $grade: SupervisionGrade, $cellId: ID, $first: Int, $after: String) {
  supervisedUnits(communityId: $c, grade: $grade, cellId: $cellId, first: $first, after: $after) { totalCount edges { node { id grade name } } }
}`;
const FREQUENCIES = `query($c: ID!) { inspectionFrequencies(communityId: $c) { A B C D isDefault version community { id } history { edges { node { operation } } } } }`;
const SET_FREQUENCIES = `mutation($input: SetInspectionFrequenciesInput!) { setInspectionFrequencies(input: $input) { A B C D isDefault version } }`;
const REQUEST_UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id ownerType ownerId } } }`;

const OFFICE = { organisation: '东城街道安全生产监督管理站', post: '网格长' };
const SEPTIC = {
  kind: 'SEPTIC_TANK',
  location: { address: '东城街道建设路12号院内', latitude: 35.23, longitude: 115.47 },
  riskLevel: 'ORANGE',
  controls: ['加盖上锁', '设置警示标志'],
  responsibleUnit: { organisation: '东城街道物业管理中心', post: '安全员' },
};

let app: TestApp;
let community: Community;
let other: Community;
let editor: string;
let otherEditor: string;
let analyst37: string;
let analyst21: string;
let reviewer37: string;
let reviewer21: string;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  [community, other] = await Promise.all([
    seedCommunity(app.table, { regionCode: '371702001', name: '东城街道' }),
    seedCommunity(app.table, { regionCode: '210102001', name: '南塔街道' }),
  ]);
  [editor, otherEditor, analyst37, analyst21, reviewer37, reviewer21, admin] = await Promise.all([
    app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
    app.token({ role: 'REVIEWER', region: '3717' }),
    app.token({ role: 'REVIEWER', region: '21' }),
    app.token({ role: 'ADMIN' }),
  ]);
});
afterAll(() => app.close());

describe.each([0, 1])('the hazard register through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  const run = async (query: string, variables: Record<string, unknown>, token = editor) => ok(await door().execute(query, variables, token));
  const cell = async (overrides: Record<string, unknown> = {}, token = editor) =>
    (await run(CREATE_CELL, { input: { communityId: community.id, name: '东城村委会', kind: 'VILLAGE_COMMITTEE', responsibleUnit: OFFICE, ...overrides } }, token)).createGridCell;
  const source = async (cellId: string, overrides: Record<string, unknown> = {}) => (await run(CREATE_SOURCE, { input: { cellId, ...SEPTIC, ...overrides } })).createHazardSource;
  const unit = async (cellId: string, overrides: Record<string, unknown> = {}) =>
    (await run(CREATE_UNIT, { input: { cellId, kind: 'RESTAURANT', name: '老张家常菜馆', grade: 'D', responsibleUnit: { organisation: '老张家常菜馆', post: '店长' }, ...overrides } })).createSupervisedUnit;
  const bad = async (query: string, variables: Record<string, unknown>, field: string, token = editor) => {
    const response = await door().execute(query, variables, token);
    expect(errorCode(response), JSON.stringify(response.body.errors)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
  };

  it('builds the grid as a tree: depth from the parent, at most five levels, village codes within the community', async () => {
    const village = await cell({ villageCode: '371702001201' });
    expect(village).toMatchObject({ depth: 1, parentId: null, parent: null, villageCode: '371702001201', responsibleUnit: OFFICE, version: 1, community: { id: community.id } });
    let parent = village;
    for (const [index, kind] of ['AREA', 'BUILDING', 'OTHER', 'OTHER'].entries()) {
      parent = await cell({ parentId: parent.id, name: `第${index + 2}级`, kind });
      expect(parent).toMatchObject({ depth: index + 2, parentId: expect.any(String) });
    }
    expect(parent.depth).toBe(5);
    await bad(CREATE_CELL, { input: { communityId: community.id, parentId: parent.id, name: '第6级', kind: 'OTHER', responsibleUnit: OFFICE } }, 'input.parentId');
    await bad(CREATE_CELL, { input: { communityId: community.id, name: '外村', kind: 'VILLAGE_COMMITTEE', villageCode: '371702002201', responsibleUnit: OFFICE } }, 'input.villageCode');
    await bad(CREATE_CELL, { input: { communityId: community.id, name: '外村', kind: 'VILLAGE_COMMITTEE', villageCode: '37170200120', responsibleUnit: OFFICE } }, 'input.villageCode');
    await bad(CREATE_CELL, { input: { communityId: community.id, name: '', kind: 'AREA', responsibleUnit: OFFICE } }, 'input.name');
    await bad(CREATE_CELL, { input: { communityId: community.id, name: '片区', kind: 'AREA', responsibleUnit: { organisation: '街道办', post: '' } } }, 'input.responsibleUnit.post');
    const foreign = (await run(CREATE_CELL, { input: { communityId: other.id, name: '南塔村', kind: 'VILLAGE_COMMITTEE', responsibleUnit: OFFICE } }, otherEditor)).createGridCell;
    await bad(CREATE_CELL, { input: { communityId: community.id, parentId: foreign.id, name: '片区', kind: 'AREA', responsibleUnit: OFFICE } }, 'input.parentId');

    const renamed = (await run(UPDATE_CELL, { input: { id: village.id, version: 1, name: '东城村民委员会', villageCode: null } })).updateGridCell;
    expect(renamed).toMatchObject({ name: '东城村民委员会', villageCode: null, version: 2 });
    expect(errorCode(await door().execute(UPDATE_CELL, { input: { id: village.id, version: 1, name: 'x' } }, editor))).toBe('CONFLICT');
    await bad(UPDATE_CELL, { input: { id: village.id, version: 2, villageCode: '110101001001' } }, 'input.villageCode');
    expect((await run(GET_CELL, { id: parent.id }, analyst37)).gridCell).toMatchObject({ depth: 5, parent: { id: expect.any(String) } });
  });

  it('lists the grid flat with parents before children, in exact pages', async () => {
    const own = await seedCommunity(app.table, { regionCode: '371702003' });
    const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
    const top = (await run(CREATE_CELL, { input: { communityId: own.id, name: '一村', kind: 'VILLAGE_COMMITTEE', responsibleUnit: OFFICE } }, ownEditor)).createGridCell;
    for (const name of ['一片', '二片', '三片', '四片']) {
      await run(CREATE_CELL, { input: { communityId: own.id, parentId: top.id, name, kind: 'AREA', responsibleUnit: OFFICE } }, ownEditor);
    }
    const seen: { name: string; parentId: string | null }[] = [];
    let after: string | null = null;
    do {
      const page: { grid: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { name: string; parentId: string | null } }[] } } = await run(GRID, { c: own.id, first: 2, after }, analyst37);
      expect(page.grid.totalCount).toBe(5);
      seen.push(...page.grid.edges.map((edge) => ({ name: edge.node.name, parentId: edge.node.parentId })));
      after = page.grid.pageInfo.hasNextPage ? page.grid.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([{ name: '一村', parentId: null }, ...['一片', '二片', '三片', '四片'].map((name) => ({ name, parentId: top.id }))]);
    await bad(GRID, { c: own.id, first: 101 }, 'first', ownEditor);
  });

  it('keeps the register by level, red first; removes a source by marking it REMOVED with the reason, never deleting it', async () => {
    const own = await seedCommunity(app.table, { regionCode: '371702004' });
    const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
    const ownRun = (query: string, variables: Record<string, unknown>) => run(query, variables, ownEditor);
    const top = (await ownRun(CREATE_CELL, { input: { communityId: own.id, name: '老旧小区', kind: 'AREA', responsibleUnit: OFFICE } })).createGridCell;
    const levels = ['BLUE', 'RED', 'YELLOW', 'ORANGE', 'RED', 'BLUE'];
    const created: { id: string; riskLevel: string; inspectionFrequency: string; version: number }[] = [];
    for (const riskLevel of levels) created.push((await ownRun(CREATE_SOURCE, { input: { cellId: top.id, ...SEPTIC, riskLevel } })).createHazardSource);
    const register = async (variables: Record<string, unknown> = {}) => {
      const levelsSeen: string[] = [];
      let after: string | null = null;
      let total = 0;
      do {
        const page: { hazardRegister: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { riskLevel: string; id: string } }[] } } = await run(REGISTER, { c: own.id, first: 4, after, ...variables }, reviewer37);
        total = page.hazardRegister.totalCount;
        levelsSeen.push(...page.hazardRegister.edges.map((edge) => edge.node.riskLevel));
        after = page.hazardRegister.pageInfo.hasNextPage ? page.hazardRegister.pageInfo.endCursor : null;
      } while (after);
      return { levels: levelsSeen, total };
    };
    expect(await register()).toEqual({ levels: ['RED', 'RED', 'ORANGE', 'YELLOW', 'BLUE', 'BLUE'], total: 6 });
    expect(await register({ level: 'RED' })).toEqual({ levels: ['RED', 'RED'], total: 2 });

    const red = created[1]!;
    const controlled = (await ownRun(UPDATE_SOURCE, { input: { id: red.id, version: 1, status: 'CONTROLLED', riskLevel: 'YELLOW', controls: ['已改造'] } })).updateHazardSource;
    expect(created.map((each) => each.inspectionFrequency)).toEqual(['QUARTERLY', 'DAILY', 'MONTHLY', 'WEEKLY', 'DAILY', 'QUARTERLY']);
    expect(controlled).toMatchObject({ status: 'CONTROLLED', riskLevel: 'YELLOW', inspectionFrequency: 'MONTHLY', controls: ['已改造'], version: 2 });
    expect(await register({ level: 'RED' })).toEqual({ levels: ['RED'], total: 1 });
    expect(errorCode(await door().execute(REMOVE_SOURCE, { input: { id: red.id, version: 1, reason: '化粪池已填埋' } }, ownEditor))).toBe('CONFLICT');
    const removed = (await ownRun(REMOVE_SOURCE, { input: { id: red.id, version: 2, reason: '化粪池已填埋' } })).removeHazardSource;
    expect(removed).toMatchObject({ status: 'REMOVED', removalReason: '化粪池已填埋', removedAt: expect.any(String), version: 3 });
    expect(await register()).toEqual({ levels: ['RED', 'ORANGE', 'YELLOW', 'BLUE', 'BLUE'], total: 5 });
    expect(await register({ status: 'REMOVED' })).toEqual({ levels: ['YELLOW'], total: 1 });
    const read = (await run(GET_SOURCE, { id: red.id }, analyst37)).hazardSource;
    expect(read.status).toBe('REMOVED');
    expect(read.history.edges.map((edge: { node: { operation: string; reason: string | null } }) => edge.node)).toEqual([
      { operation: 'CREATE', reason: null },
      { operation: 'UPDATE', reason: null },
      { operation: 'HAZARD_SOURCE_REMOVED', reason: '化粪池已填埋' },
    ]);
    await bad(UPDATE_SOURCE, { input: { id: red.id, version: 3, riskLevel: 'RED' } }, 'input.id', ownEditor);
    await bad(REMOVE_SOURCE, { input: { id: red.id, version: 3, reason: '再次' } }, 'input.id', ownEditor);
    await bad(REGISTER, { c: own.id, cellId: (await cell()).id }, 'cellId', ownEditor);
  });

  it.each([
    ['OTHER without a description', { kind: 'OTHER' }, 'input.description'],
    ['a latitude outside China', { location: { address: '某地', latitude: 60, longitude: 115 } }, 'input.location.latitude'],
    ['a longitude outside China', { location: { address: '某地', latitude: 35, longitude: 150 } }, 'input.location.longitude'],
    ['a latitude without a longitude', { location: { address: '某地', latitude: 35 } }, 'input.location.longitude'],
    ['an empty address', { location: { address: '' } }, 'input.location.address'],
    ['REMOVED at creation', { status: 'REMOVED' }, 'input.status'],
    ['an unknown level', { riskLevel: 'PURPLE' }, 'input.riskLevel'],
    ['an empty control', { controls: [''] }, 'input.controls.0'],
  ])('refuses a hazard source with %s, naming the field', async (_label, override, field) => {
    const home = await cell();
    await bad(CREATE_SOURCE, { input: { cellId: home.id, ...SEPTIC, ...override } }, field);
  });

  it('refuses to remove a cell with cells, hazard sources (removed ones too) or supervised units in it', async () => {
    const top = await cell();
    const child = await cell({ parentId: top.id, name: '一片', kind: 'AREA' });
    await bad(REMOVE_CELL, { input: { id: top.id, version: 1 } }, 'input.id');
    const withSource = await cell();
    const septic = await source(withSource.id);
    await run(REMOVE_SOURCE, { input: { id: septic.id, version: 1, reason: '已填埋' } });
    await bad(REMOVE_CELL, { input: { id: withSource.id, version: 1 } }, 'input.id');
    const withUnit = await cell();
    const restaurant = await unit(withUnit.id);
    await bad(REMOVE_CELL, { input: { id: withUnit.id, version: 1 } }, 'input.id');
    await run(REMOVE_UNIT, { input: { id: restaurant.id, version: 1 } });
    expect(errorCode(await door().execute(GET_UNIT, { id: restaurant.id }, editor))).toBe('NOT_FOUND');
    expect((await run(REMOVE_CELL, { input: { id: withUnit.id, version: 1 } })).removeGridCell.id).toBe(withUnit.id);
    expect(errorCode(await door().execute(REMOVE_CELL, { input: { id: child.id, version: 2 } }, editor))).toBe('CONFLICT');
    await run(REMOVE_CELL, { input: { id: child.id, version: 1 } });
    await run(REMOVE_CELL, { input: { id: top.id, version: 1 } });
    expect(errorCode(await door().execute(GET_CELL, { id: top.id }, editor))).toBe('NOT_FOUND');
    const gone = await door().execute(CREATE_SOURCE, { input: { cellId: top.id, ...SEPTIC } }, editor);
    expect(errorCode(gone)).toBe('NOT_FOUND');
  });

  it('never removes a cell while a record is created in it: one of the two concurrent writes loses', async () => {
    for (let round = 0; round < 4; round += 1) {
      // Prepare
      const home = await cell({ name: `并发片区${round}`, kind: 'AREA' });

      // Act
      const [removal, creation] = await Promise.all([
        door().execute(REMOVE_CELL, { input: { id: home.id, version: 1 } }, editor),
        door().execute(CREATE_SOURCE, { input: { cellId: home.id, ...SEPTIC } }, editor),
      ]);

      // Assess
      const removed = removal.body.errors === undefined;
      const created = creation.body.errors === undefined;
      expect(removed && created, `round ${round}: both writes succeeded`).toBe(false);
      if (created) {
        expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(errorCode(removal));
        expect((await run(GET_SOURCE, { id: creation.body.data.createHazardSource.id })).hazardSource.cell.id).toBe(home.id);
      } else {
        expect(['NOT_FOUND', 'CONFLICT']).toContain(errorCode(creation));
        expect(errorCode(await door().execute(GET_CELL, { id: home.id }, editor))).toBe(removed ? 'NOT_FOUND' : undefined);
      }
    }
  });

  it('grades supervised units, inspects them by the community’s frequencies (defaults until set), lists them by grade and cell', async () => {
    const own = await seedCommunity(app.table, { regionCode: '371702005' });
    const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
    const ownRun = (query: string, variables: Record<string, unknown>) => run(query, variables, ownEditor);
    const market = (await ownRun(CREATE_CELL, { input: { communityId: own.id, name: '农贸市场', kind: 'MARKET', responsibleUnit: OFFICE } })).createGridCell;
    const street = (await ownRun(CREATE_CELL, { input: { communityId: own.id, name: '建设路', kind: 'AREA', responsibleUnit: OFFICE } })).createGridCell;
    const defaults = (await run(FREQUENCIES, { c: own.id }, analyst37)).inspectionFrequencies;
    expect(defaults).toEqual({ A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY', isDefault: true, version: null, community: { id: own.id }, history: { edges: [] } });
    const grades = ['D', 'A', 'C', 'B', 'D'];
    const units: { id: string; grade: string; inspectionFrequency: string }[] = [];
    for (const [index, grade] of grades.entries()) {
      units.push((await ownRun(CREATE_UNIT, { input: { cellId: index < 3 ? market.id : street.id, kind: 'RESTAURANT', name: `餐馆${index}`, grade, responsibleUnit: { organisation: `餐馆${index}`, post: '店长' } } })).createSupervisedUnit);
    }
    expect(units.map((each) => each.inspectionFrequency)).toEqual(['DAILY', 'QUARTERLY', 'WEEKLY', 'MONTHLY', 'DAILY']);
    const all = (await run(UNITS, { c: own.id }, reviewer37)).supervisedUnits;
    expect(all.totalCount).toBe(5);
    expect(all.edges.map((edge: { node: { grade: string } }) => edge.node.grade)).toEqual(['A', 'B', 'C', 'D', 'D']);
    const dInMarket = (await run(UNITS, { c: own.id, grade: 'D', cellId: market.id }, reviewer37)).supervisedUnits;
    expect(dInMarket.totalCount).toBe(1);
    expect(dInMarket.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['餐馆0']);

    const set = (await ownRun(SET_FREQUENCIES, { input: { communityId: own.id, A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'WEEKLY' } })).setInspectionFrequencies;
    expect(set).toEqual({ A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'WEEKLY', isDefault: false, version: 1 });
    const again = await door().execute(SET_FREQUENCIES, { input: { communityId: own.id, A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'DAILY' } }, ownEditor);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.body.errors?.[0]?.extensions?.field).toBe('input.version');
    const replaced = (await ownRun(SET_FREQUENCIES, { input: { communityId: own.id, A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'DAILY', version: 1 } })).setInspectionFrequencies;
    expect(replaced).toMatchObject({ D: 'DAILY', version: 2 });
    expect((await run(GET_UNIT, { id: units[2]!.id }, analyst37)).supervisedUnit.inspectionFrequency).toBe('MONTHLY');
    expect((await run(FREQUENCIES, { c: own.id }, ownEditor)).inspectionFrequencies.history.edges.map((edge: { node: { operation: string } }) => edge.node.operation)).toEqual(['CREATE', 'UPDATE']);
    await bad(SET_FREQUENCIES, { input: { communityId: own.id, A: 'DAILY', B: 'YEARLY', C: 'MONTHLY', D: 'DAILY', version: 2 } }, 'input.B', ownEditor);
    await bad(SET_FREQUENCIES, { input: { communityId: own.id, A: 'YEARLY', B: 'YEARLY', C: 'YEARLY', D: 'YEARLY', version: 0 } }, 'input.version', ownEditor);

    const regraded = (await ownRun(UPDATE_UNIT, { input: { id: units[0]!.id, version: 1, grade: 'B', address: '建设路8号' } })).updateSupervisedUnit;
    expect(regraded).toMatchObject({ grade: 'B', inspectionFrequency: 'QUARTERLY', address: '建设路8号', version: 2 });
    await bad(CREATE_UNIT, { input: { cellId: market.id, kind: 'RESTAURANT', name: '无级', grade: 'E', responsibleUnit: OFFICE } }, 'input.grade', ownEditor);
    await bad(UNITS, { c: own.id, cellId: (await cell()).id }, 'cellId', ownEditor);
  });

  it('attaches evidence to each record, written by whoever may write the record', async () => {
    const home = await cell();
    const septic = await source(home.id);
    const restaurant = await unit(home.id);
    const upload = (ownerType: string, ownerId: string) => ({ input: { ownerType, ownerId, fileName: '现场照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'a'.repeat(64), element: 'RISK_ASSESSMENT' } });
    for (const [ownerType, ownerId, field] of [['GRID_CELL', home.id, 'gridCell'], ['HAZARD_SOURCE', septic.id, 'hazardSource'], ['SUPERVISED_UNIT', restaurant.id, 'supervisedUnit']] as const) {
      const requested = (await run(REQUEST_UPLOAD, upload(ownerType, ownerId))).requestEvidenceUpload;
      expect(requested.evidence).toMatchObject({ ownerType, ownerId });
      const listed = await run(`query($id: ID!) { ${field}(id: $id) { evidence { totalCount edges { node { id } } } } }`, { id: ownerId }, analyst37);
      expect(listed[field].evidence.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([requested.evidence.id]);
      expect(errorCode(await door().execute(REQUEST_UPLOAD, upload(ownerType, ownerId), analyst37))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(REQUEST_UPLOAD, upload(ownerType, ownerId), otherEditor))).toBe('NOT_FOUND');
    }
  });

  it('authorizes every operation for every role: editors their community, reviewers and analysts read in region, admins all', async () => {
    const home = await cell();
    const septic = await source(home.id);
    const restaurant = await unit(home.id);
    type Case = readonly [name: string, query: string, variables: () => Record<string, unknown>];
    const reads: Case[] = [
      ['gridCell', GET_CELL, () => ({ id: home.id })],
      ['grid', GRID, () => ({ c: community.id })],
      ['hazardSource', GET_SOURCE, () => ({ id: septic.id })],
      ['hazardRegister', REGISTER, () => ({ c: community.id })],
      ['supervisedUnit', GET_UNIT, () => ({ id: restaurant.id })],
      ['supervisedUnits', UNITS, () => ({ c: community.id })],
      ['inspectionFrequencies', FREQUENCIES, () => ({ c: community.id })],
    ];
    // Writes that would succeed for the editor; refused ones must write nothing, so the same inputs serve every role.
    const writes: Case[] = [
      ['createGridCell', CREATE_CELL, () => ({ input: { communityId: community.id, name: '新片区', kind: 'AREA', responsibleUnit: OFFICE } })],
      ['updateGridCell', UPDATE_CELL, () => ({ input: { id: home.id, version: 1, name: '改名' } })],
      ['removeGridCell', REMOVE_CELL, () => ({ input: { id: home.id, version: 1 } })],
      ['createHazardSource', CREATE_SOURCE, () => ({ input: { cellId: home.id, ...SEPTIC } })],
      ['updateHazardSource', UPDATE_SOURCE, () => ({ input: { id: septic.id, version: 1, riskLevel: 'RED' } })],
      ['removeHazardSource', REMOVE_SOURCE, () => ({ input: { id: septic.id, version: 1, reason: '已消除' } })],
      ['createSupervisedUnit', CREATE_UNIT, () => ({ input: { cellId: home.id, kind: 'SHOP', name: '小卖部', grade: 'C', responsibleUnit: OFFICE } })],
      ['updateSupervisedUnit', UPDATE_UNIT, () => ({ input: { id: restaurant.id, version: 1, grade: 'C' } })],
      ['removeSupervisedUnit', REMOVE_UNIT, () => ({ input: { id: restaurant.id, version: 1 } })],
      ['setInspectionFrequencies', SET_FREQUENCIES, () => ({ input: { communityId: community.id, A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY', version: 99 } })],
    ];
    const outcome = async ([, query, variables]: Case, token: string | undefined) => errorCode(await door().execute(query, variables(), token)) ?? 'OK';
    const readers = { editor, analyst37, reviewer37, admin };
    const outsiders = { otherEditor, analyst21, reviewer21 };
    for (const read of reads) {
      for (const [role, token] of Object.entries(readers)) expect(`${read[0]} as ${role}: ${await outcome(read, token)}`).toBe(`${read[0]} as ${role}: OK`);
      for (const [role, token] of Object.entries(outsiders)) expect(`${read[0]} as ${role}: ${await outcome(read, token)}`).toBe(`${read[0]} as ${role}: NOT_FOUND`);
      expect(await outcome(read, undefined)).toBe('UNAUTHENTICATED');
    }
    for (const write of writes) {
      for (const [role, token] of Object.entries({ analyst37, reviewer37 })) expect(`${write[0]} as ${role}: ${await outcome(write, token)}`).toBe(`${write[0]} as ${role}: FORBIDDEN`);
      for (const [role, token] of Object.entries(outsiders)) expect(`${write[0]} as ${role}: ${await outcome(write, token)}`).toBe(`${write[0]} as ${role}: NOT_FOUND`);
      expect(await outcome(write, undefined)).toBe('UNAUTHENTICATED');
    }
    // Nothing of the refusals was written: the records are at version 1 still.
    expect((await run(GET_CELL, { id: home.id })).gridCell.version).toBe(1);
    expect((await run(GET_SOURCE, { id: septic.id })).hazardSource.version).toBe(1);
    expect((await run(GET_UNIT, { id: restaurant.id })).supervisedUnit.version).toBe(1);
    // The editor and an admin may write.
    expect(await outcome(writes[1]!, editor)).toBe('OK');
    expect(await outcome(writes[4]!, admin)).toBe('OK');
    expect(await outcome(writes[7]!, editor)).toBe('OK');
    const adminCell = (await run(CREATE_CELL, { input: { communityId: community.id, name: '管理员建', kind: 'OTHER', responsibleUnit: OFFICE } }, admin)).createGridCell;
    expect((await run(REMOVE_CELL, { input: { id: adminCell.id, version: 1 } }, admin)).removeGridCell.id).toBe(adminCell.id);
    const adminSet = await door().execute(SET_FREQUENCIES, { input: { communityId: community.id, A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY', ...(doorIndex === 1 ? { version: 1 } : {}) } }, admin);
    expect(adminSet.body.errors).toBeUndefined();
  });
});

describe('hazard source counters', () => {
  const SUMMARY = `{ creationSummary(regionCode: "371721", period: { year: 2026 }) { hazardSources { sources byLevel { level sources } byStatus { status sources }
    byKind { kind sources byLevel { level sources } } } } }`;
  const RECOMPUTE = `mutation { recomputeAggregates(regionCode: "371721") { creationRecords itemsFixed differences { attribute stored recounted } } }`;
  const figures = async () => ok(await app.doors[1]!.execute(SUMMARY, {}, analyst37)).creationSummary.hazardSources;
  const count = (list: { sources: number }[], key: string, value: string) => (list as unknown as Record<string, unknown>[]).find((entry) => entry[key] === value)?.sources;

  it('counts sources by kind and level now, in the writes\' transactions, equal to a recount after concurrent writes', async () => {
    // Prepare
    const caoxian = await seedCommunity(app.table, { regionCode: '371721001', name: '曹城街道' });
    const caoEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [caoxian.id] });
    const exec = async (query: string, variables: Record<string, unknown>) => ok(await app.doors[0]!.execute(query, variables, caoEditor));
    const home = (await exec(CREATE_CELL, { input: { communityId: caoxian.id, name: '城关片区', kind: 'AREA', responsibleUnit: OFFICE } })).createGridCell;
    const planned = [
      ['SEPTIC_TANK', 'ORANGE'], ['SEPTIC_TANK', 'ORANGE'], ['SEPTIC_TANK', 'YELLOW'], ['GAS_SERVICE_LINE', 'RED'],
      ['GAS_SERVICE_LINE', 'RED'], ['TRANSFORMER_BOX', 'YELLOW'], ['LPG_CYLINDERS', 'ORANGE'], ['WATER_BODY', 'BLUE'],
    ] as const;

    // Act: eight creations at once, then a level change and a removal
    const created = await Promise.all(planned.map(([kind, riskLevel]) => exec(CREATE_SOURCE, { input: { cellId: home.id, ...SEPTIC, kind, riskLevel } }).then((data) => data.createHazardSource)));
    const water = created[7]!;
    const lpg = created[6]!;
    await Promise.all([
      exec(UPDATE_SOURCE, { input: { id: lpg.id, version: 1, riskLevel: 'RED', status: 'CONTROLLED' } }),
      exec(REMOVE_SOURCE, { input: { id: water.id, version: 1, reason: '池塘已填平' } }),
    ]);
    const now = await figures();

    // Assess
    expect(now.sources).toBe(7);
    expect(now.byLevel).toEqual([
      { level: 'RED', sources: 3 },
      { level: 'ORANGE', sources: 2 },
      { level: 'YELLOW', sources: 2 },
      { level: 'BLUE', sources: 0 },
    ]);
    expect(count(now.byStatus, 'status', 'ACTIVE')).toBe(6);
    expect(count(now.byStatus, 'status', 'CONTROLLED')).toBe(1);
    expect(count(now.byStatus, 'status', 'REMOVED')).toBe(1);
    const septic = now.byKind.find((entry: { kind: string }) => entry.kind === 'SEPTIC_TANK');
    expect(septic).toEqual({ kind: 'SEPTIC_TANK', sources: 3, byLevel: [{ level: 'RED', sources: 0 }, { level: 'ORANGE', sources: 2 }, { level: 'YELLOW', sources: 1 }, { level: 'BLUE', sources: 0 }] });
    expect(count(now.byKind, 'kind', 'LPG_CYLINDERS')).toBe(1);
    expect(count(now.byKind, 'kind', 'WATER_BODY')).toBe(0);
    const recount = ok(await app.doors[0]!.execute(RECOMPUTE, {}, admin)).recomputeAggregates;
    expect(recount).toMatchObject({ itemsFixed: 0, differences: [] });
    expect(recount.creationRecords).toBe(1 + 8);
  });

  it('is recounted by recomputeAggregates when a counter item drifted', async () => {
    // Prepare: a counter of the region's snapshot made wrong behind the API's back
    const before = await figures();
    const { Items = [] } = await app.table.client.send(
      new QueryCommand({ TableName: app.table.name, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :now)', ExpressionAttributeValues: { ':pk': 'AGG#CREATION#371721', ':now': 'NOW#' } }),
    );
    const item = Items.find((candidate) => typeof candidate.hz === 'number');
    expect(item).toBeDefined();
    await app.table.client.send(new UpdateCommand({ TableName: app.table.name, Key: { pk: item!.pk, sk: item!.sk }, UpdateExpression: 'ADD hz :five', ExpressionAttributeValues: { ':five': 5 } }));
    expect((await figures()).sources).toBe(before.sources + 5);

    // Act
    const recount = ok(await app.doors[1]!.execute(RECOMPUTE, {}, admin)).recomputeAggregates;

    // Assess
    expect(recount.itemsFixed).toBeGreaterThanOrEqual(1);
    expect(recount.differences).toEqual(expect.arrayContaining([expect.objectContaining({ attribute: 'hz', recounted: expect.any(Number) })]));
    expect((await figures()).sources).toBe(before.sources);
  });
});
