import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { createTestApp, errorCode, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { untaggedSurveyId } from '#core/db/keys.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { ActivityRepository } from '#training/repository.ts';

const ACTIVITY_FIELDS = `id kind topic heldOn audienceGroups attendeeCount organiser description version
  materials { kind quantity description } project { id } community { id }`;
const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { ${ACTIVITY_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { ${ACTIVITY_FIELDS} } }`;
const DELETE = `mutation($input: DeleteActivityInput!) { deleteActivity(input: $input) { id } }`;
const GET = `query($id: ID!) { activity(id: $id) { ${ACTIVITY_FIELDS} } }`;
const LIST = `query($communityId: ID!, $kind: ActivityKind, $from: LocalDate, $to: LocalDate, $first: Int, $after: String) {
  activities(communityId: $communityId, kind: $kind, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id kind heldOn } }
  }
}`;
const SURVEY = `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id year awarenessRate participationRate satisfactionRate sampleSize surveyedOn version } }`;
const SURVEYS = `query($id: ID!) { community(id: $id) { surveys { year awarenessRate participationRate version } } }`;

const leaflets = {
  kind: 'PUBLICITY_CAMPAIGN',
  topic: '安全社区创建宣传周',
  heldOn: '2009-06-15',
  audienceGroups: ['ALL_RESIDENTS', 'ELDERLY'],
  attendeeCount: 2300,
  materials: [
    { kind: 'LEAFLET', quantity: 1800 },
    { kind: 'CALENDAR', quantity: 360 },
    { kind: 'HANDBOOK', quantity: 870 },
  ],
  organiser: '东城街道办事处',
};

let app: TestApp;
let community: Community;
let editor: string;
let analyst37: string;
let analyst21: string;
let reviewer: string;

beforeAll(async () => {
  app = await createTestApp();
  community = await seedCommunity(app.table, { regionCode: '371702001', name: '东城街道' });
  [editor, analyst37, analyst21, reviewer] = await Promise.all([
    app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
    app.token({ role: 'REVIEWER' }),
  ]);
});
afterAll(() => app.close());

describe.each([0, 1])('activities and surveys through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  async function create(overrides: Record<string, unknown> = {}, communityId = community.id, token = editor) {
    const response = await door().execute(CREATE, { input: { communityId, ...leaflets, ...overrides } }, token);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return response.body.data.createActivity;
  }

  it('records a publicity campaign with the materials handed out and reads it back', async () => {
    const created = await create();
    expect(created).toMatchObject({ kind: 'PUBLICITY_CAMPAIGN', attendeeCount: 2300, version: 1, project: null, community: { id: community.id } });
    expect(created.materials).toEqual([
      { kind: 'LEAFLET', quantity: 1800, description: null },
      { kind: 'CALENDAR', quantity: 360, description: null },
      { kind: 'HANDBOOK', quantity: 870, description: null },
    ]);
    expect((await door().execute(GET, { id: created.id }, analyst37)).body.data.activity).toEqual(created);
  });

  it('updates with the version read and deletes with it; a stale version is CONFLICT', async () => {
    const created = await create();
    const updated = await door().execute(UPDATE, { input: { id: created.id, version: 1, attendeeCount: 2400, organiser: null } }, editor);
    expect(updated.body.data.updateActivity).toMatchObject({ attendeeCount: 2400, organiser: null, version: 2 });
    expect(errorCode(await door().execute(DELETE, { input: { id: created.id, version: 1 } }, editor))).toBe('CONFLICT');
    expect((await door().execute(DELETE, { input: { id: created.id, version: 2 } }, editor)).body.errors).toBeUndefined();
    expect(errorCode(await door().execute(GET, { id: created.id }, editor))).toBe('NOT_FOUND');
  });

  it('lists newest first with kind and date filters and exact pages', async () => {
    const own = await seedCommunity(app.table, { regionCode: '371702001' });
    const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
    const dates = ['2009-03-10', '2009-09-10', '2010-03-10', '2010-09-10', '2011-03-10'];
    for (const [index, heldOn] of dates.entries()) {
      await create({ heldOn, kind: index % 2 === 0 ? 'DRILL' : 'TRAINING', topic: `应急演练${index}` }, own.id, ownEditor);
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const response = await door().execute(LIST, { communityId: own.id, first: 2, after }, ownEditor);
      const connection = response.body.data.activities;
      expect(connection.totalCount).toBe(5);
      seen.push(...connection.edges.map((edge: { node: { heldOn: string } }) => edge.node.heldOn));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([...dates].reverse());
    const drills2010 = await door().execute(LIST, { communityId: own.id, kind: 'DRILL', from: '2010-01-01', to: '2011-12-31' }, ownEditor);
    expect(drills2010.body.data.activities.edges.map((edge: { node: { heldOn: string } }) => edge.node.heldOn)).toEqual(['2011-03-10', '2010-03-10']);
    expect(drills2010.body.data.activities.totalCount).toBe(2);
    const inverted = await door().execute(LIST, { communityId: own.id, from: '2011-01-01', to: '2010-01-01' }, ownEditor);
    expect(errorCode(inverted)).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['future date', { heldOn: '2999-01-01' }, 'input.heldOn'],
    ['negative attendees', { attendeeCount: -5 }, 'input.attendeeCount'],
    ['fractional quantity', { materials: [{ kind: 'LEAFLET', quantity: 1.5 }] }, 'input.materials.0.quantity'],
    ['unknown audience', { audienceGroups: ['ROBOTS'] }, 'input.audienceGroups.0'],
    ['empty topic', { topic: '' }, 'input.topic'],
    ['foreign project', { projectId: 'not-a-project' }, 'input.projectId'],
  ])('refuses %s naming %s', async (_label, override, field) => {
    const response = await door().execute(CREATE, { input: { communityId: community.id, ...leaflets, ...override } }, editor);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('scopes reads and writes to the community', async () => {
    const created = await create();
    expect(errorCode(await door().execute(GET, { id: created.id }, analyst21))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(UPDATE, { input: { id: created.id, version: 1, topic: 'x' } }, analyst37))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(CREATE, { input: { communityId: community.id, ...leaflets } }, reviewer))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(GET, { id: created.id }))).toBe('UNAUTHENTICATED');
  });

  it('takes a survey recorded before ids were tagged (<communityId>:<year>) as its year\'s: a second is CONFLICT, a replacement keeps its id', async () => {
    // Prepare: the year's survey as a store of then holds it, under the untagged id
    const own = await seedCommunity(app.table, { regionCode: '371702001' });
    const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
    const now = new Date().toISOString();
    const old = { id: untaggedSurveyId(own.id, 2008), communityId: own.id, year: 2008, awarenessRate: 80, participationRate: 75, sampleSize: 300, regionCode: own.regionCode, version: 1, createdAt: now, updatedAt: now };
    await new ActivityRepository(app.table, createWritePipeline(app.table)).createSurvey(old, own.regionCode, systemOrigin('test-fixture', `fixture:${old.id}`));
    // Act
    const second = await door().execute(SURVEY, { input: { communityId: own.id, year: 2008, awarenessRate: 90, participationRate: 85, sampleSize: 400 } }, ownEditor);
    const replaced = await door().execute(SURVEY, { input: { communityId: own.id, year: 2008, awarenessRate: 90, participationRate: 85, sampleSize: 400, version: 1 } }, ownEditor);
    // Assess
    expect(errorCode(second)).toBe('CONFLICT');
    expect(second.body.errors?.[0]?.extensions?.field).toBe('input.year');
    expect(replaced.body.data.recordSurvey).toMatchObject({ id: old.id, awarenessRate: 90, version: 2 });
    const surveys = await door().execute(SURVEYS, { id: own.id }, ownEditor);
    expect(surveys.body.data.community.surveys).toEqual([{ year: 2008, awarenessRate: 90, participationRate: 85, version: 2 }]);
  });

  it('records one survey per year, replaces it with its version, and validates rates', async () => {
    const own = await seedCommunity(app.table, { regionCode: '371702001' });
    const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
    const first = await door().execute(SURVEY, { input: { communityId: own.id, year: 2009, awarenessRate: 86.5, participationRate: 81, sampleSize: 400, surveyedOn: '2009-11-20' } }, ownEditor);
    expect(first.body.data.recordSurvey).toMatchObject({ year: 2009, awarenessRate: 86.5, version: 1 });
    const again = await door().execute(SURVEY, { input: { communityId: own.id, year: 2009, awarenessRate: 90, participationRate: 85, sampleSize: 400 } }, ownEditor);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.body.errors?.[0]?.extensions?.field).toBe('input.year');
    const replaced = await door().execute(SURVEY, { input: { communityId: own.id, year: 2009, awarenessRate: 90, participationRate: 85, sampleSize: 420, version: 1 } }, ownEditor);
    expect(replaced.body.data.recordSurvey).toMatchObject({ awarenessRate: 90, surveyedOn: null, version: 2 });
    await door().execute(SURVEY, { input: { communityId: own.id, year: 2010, awarenessRate: 92.3, participationRate: 88.1, sampleSize: 410 } }, ownEditor);
    const surveys = await door().execute(SURVEYS, { id: own.id }, analyst37);
    expect(surveys.body.data.community.surveys.map((survey: { year: number }) => survey.year)).toEqual([2009, 2010]);
    const badSurveys: [Record<string, unknown>, string][] = [
      [{ awarenessRate: 100.5 }, 'input.awarenessRate'],
      [{ participationRate: 80.25 }, 'input.participationRate'],
      [{ sampleSize: 0 }, 'input.sampleSize'],
      [{ year: 2999 }, 'input.year'],
      [{ surveyedOn: '2010-01-05' }, 'input.surveyedOn'],
    ];
    for (const [override, field] of badSurveys) {
      const bad = await door().execute(SURVEY, { input: { communityId: own.id, year: 2011, awarenessRate: 80, participationRate: 80, sampleSize: 100, ...override } }, ownEditor);
      expect(errorCode(bad), field).toBe('BAD_USER_INPUT');
      expect(bad.body.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(errorCode(await door().execute(SURVEY, { input: { communityId: own.id, year: 2011, awarenessRate: 80, participationRate: 80, sampleSize: 100 } }, analyst37))).toBe('FORBIDDEN');
  });
});
