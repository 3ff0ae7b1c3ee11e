import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { createTestApp, errorCode, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';

const PROJECT_FIELDS = `id name category targetGroups environments background leadAgency partnerAgencies budget startOn endOn status
  closedOn outcome version interventionCount goals { indicator baseline target unit dueOn }
  community { id name }
  interventions { id kind description responsibleUnit startOn completedOn status version project { id } }`;
const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { ${PROJECT_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { ${PROJECT_FIELDS} } }`;
const CLOSE = `mutation($input: CloseProjectInput!) { closeProject(input: $input) { ${PROJECT_FIELDS} } }`;
const GET = `query($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} } }`;
const ADD_INTERVENTION = `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id kind status version project { id } } }`;
const UPDATE_INTERVENTION = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id status completedOn version } }`;
const LIST = `query($communityId: ID!, $category: ProjectCategory, $status: ProjectStatus, $first: Int, $after: String) {
  projects(communityId: $communityId, category: $category, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name category status startOn } }
  }
}`;

const pesticide = {
  name: '农药中毒预防项目',
  category: 'PESTICIDE_POISONING',
  targetGroups: ['FARMERS', 'ELDERLY', 'FARMERS'],
  environments: ['RURAL', 'HOME'],
  background: '农村地区农药存放不规范，误服中毒时有发生。',
  goals: [{ indicator: '农药中毒发生数', baseline: 12, target: 6, unit: '起', dueOn: '2010-12-31' }],
  leadAgency: '吴店镇安全生产办公室',
  partnerAgencies: ['吴店镇卫生院', '吴店镇农业站'],
  budget: '35000.50',
  startOn: '2008-03-01',
  endOn: '2010-12-31',
};

let app: TestApp;
let community: Community;
let other: Community;
let admin: string;
let editor: string;
let otherEditor: string;
let analyst37: string;
let analyst21: string;
let reviewer: string;

beforeAll(async () => {
  app = await createTestApp();
  community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  other = await seedCommunity(app.table, { regionCode: '210103019', name: '南塔街道' });
  [admin, editor, otherEditor, analyst37, analyst21, reviewer] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
    app.token({ role: 'REVIEWER' }),
  ]);
});
afterAll(() => app.close());

describe.each([0, 1])('promotion projects through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  async function createProject(overrides: Record<string, unknown> = {}, token = editor) {
    const response = await door().execute(CREATE, { input: { communityId: community.id, ...pesticide, ...overrides } }, token);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return response.body.data.createProject;
  }

  it('creates a project with exact money, de-duplicated groups, and reads it back', async () => {
    // Act
    const created = await createProject();
    const read = await door().execute(GET, { id: created.id }, analyst37);
    // Assess
    expect(created).toMatchObject({
      category: 'PESTICIDE_POISONING',
      targetGroups: ['ELDERLY', 'FARMERS'],
      budget: '35000.50',
      status: 'PLANNED',
      version: 1,
      interventionCount: 0,
      interventions: [],
      community: { id: community.id, name: '吴店镇' },
    });
    expect(read.body.data.project).toEqual(created);
  });

  it('adds interventions, updates them, and lists them oldest first with a count', async () => {
    const project = await createProject();
    const later = await door().execute(
      ADD_INTERVENTION,
      { input: { projectId: project.id, kind: 'PRODUCTS', description: '免费发放农药存放箱', responsibleUnit: '吴店镇农业站', startOn: '2008-06-01' } },
      editor,
    );
    const earlier = await door().execute(
      ADD_INTERVENTION,
      { input: { projectId: project.id, kind: 'PUBLICITY', description: '入户宣传安全用药', responsibleUnit: '吴店镇卫生院', startOn: '2008-04-01' } },
      editor,
    );
    expect(later.body.errors).toBeUndefined();
    const done = await door().execute(
      UPDATE_INTERVENTION,
      { input: { id: later.body.data.createIntervention.id, version: 1, status: 'DONE', completedOn: '2008-09-30' } },
      editor,
    );
    expect(done.body.data.updateIntervention).toMatchObject({ status: 'DONE', completedOn: '2008-09-30', version: 2 });
    const read = await door().execute(GET, { id: project.id }, editor);
    expect(read.body.data.project.interventionCount).toBe(2);
    expect(read.body.data.project.interventions.map((item: { id: string }) => item.id)).toEqual([
      earlier.body.data.createIntervention.id,
      later.body.data.createIntervention.id,
    ]);
  });

  it('updates with the read version, clears nulls, and refuses a stale version', async () => {
    const project = await createProject();
    const updated = await door().execute(UPDATE, { input: { id: project.id, version: 1, status: 'IN_PROGRESS', background: null, budget: '0.1' } }, editor);
    expect(updated.body.data.updateProject).toMatchObject({ status: 'IN_PROGRESS', background: null, budget: '0.10', version: 2 });
    const stale = await door().execute(UPDATE, { input: { id: project.id, version: 1, name: '改名' } }, editor);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect((await door().execute(GET, { id: project.id }, editor)).body.data.project.name).toBe(pesticide.name);
  });

  it('closes a project with its outcome, after which it is read-only', async () => {
    const project = await createProject();
    const closed = await door().execute(CLOSE, { input: { id: project.id, version: 1, closedOn: '2011-01-15', outcome: '农药中毒由12起降至5起' } }, editor);
    expect(closed.body.data.closeProject).toMatchObject({ status: 'CLOSED', closedOn: '2011-01-15', version: 2 });
    const edit = await door().execute(UPDATE, { input: { id: project.id, version: 2, name: '再改' } }, editor);
    expect(errorCode(edit)).toBe('BAD_USER_INPUT');
    const add = await door().execute(ADD_INTERVENTION, { input: { projectId: project.id, kind: 'POLICY', description: '制度', responsibleUnit: '镇政府' } }, editor);
    expect(errorCode(add)).toBe('BAD_USER_INPUT');
    expect(add.body.errors?.[0]?.extensions?.field).toBe('input.projectId');
    const early = await door().execute(CLOSE, { input: { id: (await createProject()).id, version: 1, closedOn: '2001-01-01', outcome: 'x' } }, editor);
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(early.body.errors?.[0]?.extensions?.field).toBe('input.closedOn');
  });

  it.each([
    ['empty name', { name: '' }, 'input.name'],
    ['unknown category', { category: 'ALIENS' }, 'input.category'],
    ['float money', { budget: 12.5 }, 'input.budget'],
    ['three decimals', { budget: '1.005' }, 'input.budget'],
    ['negative money', { budget: '-1' }, 'input.budget'],
    ['bad start date', { startOn: '2008-13-01' }, 'input.startOn'],
    ['end before start', { endOn: '2007-01-01' }, 'input.endOn'],
    ['goal without target', { goals: [{ indicator: '中毒数' }] }, 'input.goals.0.target'],
    ['empty lead agency', { leadAgency: ' ' }, 'input.leadAgency'],
    ['create as CLOSED', { status: 'CLOSED' }, 'input.status'],
  ])('refuses %s naming %s and writes nothing', async (_label, override, field) => {
    const before = await door().execute(LIST, { communityId: community.id, first: 0 }, admin);
    const response = await door().execute(CREATE, { input: { communityId: community.id, ...pesticide, ...override } }, editor);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    const after = await door().execute(LIST, { communityId: community.id, first: 0 }, admin);
    expect(after.body.data.projects.totalCount).toBe(before.body.data.projects.totalCount);
  });

  it('lists with category and status filters and exact cursor pages', async () => {
    const own = await seedCommunity(app.table, { regionCode: '371702101' });
    const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
    const categories = ['DOG_BITES', 'AGRICULTURAL_MACHINERY', 'MIGRANT_WORKERS', 'DOG_BITES', 'PESTICIDE_POISONING'];
    for (const [index, category] of categories.entries()) {
      await createProject({ communityId: own.id, category, name: `项目${index}`, startOn: `2009-0${index + 1}-01`, endOn: null }, ownEditor);
    }
    const names: string[] = [];
    let after: string | null = null;
    do {
      const response = await door().execute(LIST, { communityId: own.id, first: 2, after }, ownEditor);
      const connection = response.body.data.projects;
      expect(connection.totalCount).toBe(5);
      names.push(...connection.edges.map((edge: { node: { name: string } }) => edge.node.name));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(names).toEqual(['项目0', '项目1', '项目2', '项目3', '项目4']);
    const dogs = await door().execute(LIST, { communityId: own.id, category: 'DOG_BITES' }, ownEditor);
    expect(dogs.body.data.projects.totalCount).toBe(2);
    const planned = await door().execute(LIST, { communityId: own.id, status: 'IN_PROGRESS' }, ownEditor);
    expect(planned.body.data.projects.totalCount).toBe(0);
  });

  describe('authorization', () => {
    it('lets an analyst of the region read but not write; hides it from other regions and other editors', async () => {
      const project = await createProject();
      expect((await door().execute(GET, { id: project.id }, analyst37)).body.data.project.id).toBe(project.id);
      expect(errorCode(await door().execute(GET, { id: project.id }, analyst21))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(GET, { id: project.id }, otherEditor))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(UPDATE, { input: { id: project.id, version: 1, name: 'x' } }, analyst37))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(UPDATE, { input: { id: project.id, version: 1, name: 'x' } }, otherEditor))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(UPDATE, { input: { id: project.id, version: 1, name: 'x' } }, reviewer))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(GET, { id: project.id }))).toBe('UNAUTHENTICATED');
    });

    it('refuses creating a project in a community out of the caller scope without telling whether it exists', async () => {
      const response = await door().execute(CREATE, { input: { communityId: community.id, ...pesticide } }, otherEditor);
      expect(errorCode(response)).toBe('NOT_FOUND');
      const missing = await door().execute(CREATE, { input: { communityId: 'nope', ...pesticide } }, otherEditor);
      expect(errorCode(missing)).toBe('NOT_FOUND');
      expect(response.body.errors?.[0]?.message.replace(community.id, 'X')).toBe(missing.body.errors?.[0]?.message.replace('nope', 'X'));
    });

    it('answers NOT_FOUND for unknown projects and interventions', async () => {
      expect(errorCode(await door().execute(GET, { id: 'missing' }, admin))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute('query { intervention(id: "missing") { id } }', {}, admin))).toBe('NOT_FOUND');
    });
  });
});
