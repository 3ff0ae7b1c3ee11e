import { GetCommand, } from '@aws-sdk/lib-dynamodb';
import { incidentKeys } from '#core/db/keys.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Door, errorCode, type GraphQLResponse, type TestApp } from '#tests/support/app.ts';
import { fallAtHome, storedIncidentCount } from '#tests/support/records.ts';

/**
 * Incidents (事故与伤害记录) through both doors: create, read, list with period/cause/place filters
 * and cursors, correct and delete with a reason (the record of the change stays), the recent
 * incidents of a community, validation of every field, and who may do what.
 */
const INCIDENT_FIELDS = `
  id communityId regionCode externalId occurredAt cause intent place activity accidentType severity
  deaths injured economicLoss victimAgeGroup victimSex description version createdAt updatedAt
`;
const CHANGE_FIELDS = 'kind at reason actor version fields { field before after }';
const CREATE = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { ${INCIDENT_FIELDS} } }`;
const CORRECT = `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { ${INCIDENT_FIELDS} changes { ${CHANGE_FIELDS} } } }`;
const DELETE = `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id communityId change { ${CHANGE_FIELDS} } } }`;
const GET = `query($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} changes { ${CHANGE_FIELDS} } community { id name } } }`;
const CHANGES = `query($id: ID!) { incidentChanges(incidentId: $id) { ${CHANGE_FIELDS} } }`;
const LIST = `query($communityId: ID!, $from: DateTime, $to: DateTime, $cause: InjuryCause, $place: InjuryPlace, $first: Int, $after: String) {
  incidents(communityId: $communityId, from: $from, to: $to, cause: $cause, place: $place, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id occurredAt cause place description victimAgeGroup victimSex } }
  }
}`;
const RECENT = `query($id: ID!, $first: Int) { community(id: $id) { recentIncidents(first: $first) { id occurredAt cause description } } }`;
const COMMUNITY_INCIDENTS = `query($id: ID!, $from: DateTime, $to: DateTime) {
  community(id: $id) { incidents(from: $from, to: $to, first: 100) { totalCount edges { node { id } } } }
}`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id regionCode } }`;

let app: TestApp;
let admin: string;
let reviewer: string;
let reviewer21: string;
let analyst37: string;
let analyst21: string;

beforeAll(async () => {
  app = await createTestApp();
  [admin, reviewer, reviewer21, analyst37, analyst21] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'REVIEWER' }),
    app.token({ role: 'REVIEWER', region: '21' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
  ]);
});
afterAll(() => app.close());

/** A valid incident: an elderly resident's fall at home, 3 days ago. */
function incidentInput(communityId: string, overrides: Record<string, unknown> = {}) {
  return fallAtHome(communityId, {
    economicLoss: '1200.00',
    victimAgeGroup: 'AGE_75_PLUS',
    victimSex: 'FEMALE',
    description: '独居老人在厨房滑倒，右腕骨折，社区网格员送医',
    ...overrides,
  });
}

let communityCounter = 0;

describe.each([0, 1])('incidents through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;

  async function ok(response: GraphQLResponse) {
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return response.body.data;
  }
  async function createCommunity(regionCode = '370102001'): Promise<string> {
    communityCounter += 1;
    const input = { name: `事故测试社区${doorIndex}-${communityCounter}`, kind: 'STREET', regionCode };
    return (await ok(await door().execute(CREATE_COMMUNITY, { input }, admin))).createCommunity.id;
  }
  async function create(input: Record<string, unknown>, token = admin) {
    return (await ok(await door().execute(CREATE, { input }, token))).createIncident;
  }
  async function listIds(communityId: string, variables: Record<string, unknown> = {}, token = admin): Promise<string[]> {
    const data = await ok(await door().execute(LIST, { communityId, first: 100, ...variables }, token));
    return data.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id);
  }

  describe('create and read', () => {
    let communityId: string;
    beforeAll(async () => {
      communityId = await createCommunity();
    });

    it('creates an incident with every field and reads it back, with the loss as exact yuan', async () => {
      // Prepare
      const input = incidentInput(communityId, { economicLoss: '12345.67', externalId: 'MD-2024-001' });
      // Act
      const created = await create(input);
      const read = await ok(await door().execute(GET, { id: created.id }, admin));
      // Assess
      expect(created).toMatchObject({
        communityId,
        regionCode: '370102001',
        externalId: 'MD-2024-001',
        // The instant sent in UTC, shown in China Standard Time.
        occurredAt: new Date(Date.parse(String(input.occurredAt)) + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
        cause: 'FALL',
        intent: 'UNINTENTIONAL',
        place: 'HOME',
        activity: 'HOUSEWORK',
        accidentType: null,
        severity: 'MINOR',
        deaths: 0,
        injured: 1,
        economicLoss: '12345.67',
        victimAgeGroup: 'AGE_75_PLUS',
        victimSex: 'FEMALE',
        description: input.description,
        version: 1,
      });
      expect(read.incident).toMatchObject({ ...created, changes: [], community: { id: communityId } });
      const stored = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: incidentKeys.key(created.id) }));
      expect(stored.Item?.economicLoss).toBe(1234567);
    });

    it('keeps money exact: 0.10 + 0.20 yuan is stored and answered as fen, never a float', async () => {
      const a = await create(incidentInput(communityId, { economicLoss: '0.1' }));
      const b = await create(incidentInput(communityId, { economicLoss: '0.20' }));
      expect([a.economicLoss, b.economicLoss]).toEqual(['0.10', '0.20']);
      const items = await Promise.all(
        [a.id, b.id].map((id) => app.table.client.send(new GetCommand({ TableName: app.table.name, Key: incidentKeys.key(id) }))),
      );
      expect(items.reduce((sum, item) => sum + (item.Item?.economicLoss as number), 0)).toBe(30);
    });

    it('records a workplace accident with its GB 6441-86 type, and a fatal road accident without victim details', async () => {
      const workplace = await create(
        incidentInput(communityId, { place: 'WORKPLACE', activity: 'WORK', cause: 'MACHINERY', accidentType: 'MACHINERY', severity: 'SERIOUS' }),
      );
      expect(workplace).toMatchObject({ place: 'WORKPLACE', accidentType: 'MACHINERY', severity: 'SERIOUS' });
      const onTheRoadAtWork = await create(
        incidentInput(communityId, { place: 'ROAD', activity: 'WORK', cause: 'ROAD_TRAFFIC', accidentType: 'VEHICLE' }),
      );
      expect(onTheRoadAtWork.accidentType).toBe('VEHICLE');
      const fatal = await create(
        incidentInput(communityId, {
          place: 'ROAD',
          activity: 'TRAVEL',
          cause: 'ROAD_TRAFFIC',
          severity: 'FATAL',
          deaths: 1,
          injured: 2,
          victimAgeGroup: null,
          victimSex: null,
          description: null,
          economicLoss: null,
        }),
      );
      expect(fatal).toMatchObject({ severity: 'FATAL', deaths: 1, injured: 2, victimAgeGroup: null, description: null, economicLoss: null });
      const propertyOnly = await create(
        incidentInput(communityId, { cause: 'FIRE', severity: 'NONE', injured: 0, victimAgeGroup: null, victimSex: null, economicLoss: '80000' }),
      );
      expect(propertyOnly).toMatchObject({ severity: 'NONE', injured: 0, economicLoss: '80000.00' });
    });

    it('takes an instant with any offset and answers it in China Standard Time', async () => {
      const created = await create(incidentInput(communityId, { occurredAt: '2024-03-05T06:30:00Z' }));
      expect(created.occurredAt).toBe('2024-03-05T14:30:00.000+08:00');
    });

    it('refuses a second incident with the same externalId in the community with CONFLICT, writing nothing', async () => {
      const before = await storedIncidentCount(app.table, communityId);
      await create(incidentInput(communityId, { externalId: 'DUP-1' }));
      const again = await door().execute(CREATE, { input: incidentInput(communityId, { externalId: 'DUP-1' }) }, admin);
      expect(errorCode(again)).toBe('CONFLICT');
      expect(again.body.errors?.[0]?.extensions?.field).toBe('input.externalId');
      expect(await storedIncidentCount(app.table, communityId)).toBe(before + 1);
      // The same source id in another community is another incident.
      const other = await createCommunity();
      await create(incidentInput(other, { externalId: 'DUP-1' }));
    });

    it('answers NOT_FOUND for an unknown incident and for an unknown community', async () => {
      expect(errorCode(await door().execute(GET, { id: 'no-such-incident' }, admin))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(CREATE, { input: incidentInput('no-such-community') }, admin))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(LIST, { communityId: 'no-such-community' }, admin))).toBe('NOT_FOUND');
    });
  });

  describe('validation: each rule names its field and writes nothing', () => {
    let communityId: string;
    beforeAll(async () => {
      communityId = await createCommunity();
    });

    const future = () => new Date(Date.now() + 86_400_000).toISOString();
    const cases: [string, Record<string, unknown> | (() => Record<string, unknown>), string][] = [
      ['occurredAt in the future', () => ({ occurredAt: future() }), 'input.occurredAt'],
      ['occurredAt before 1980', { occurredAt: '1979-12-31T00:00:00Z' }, 'input.occurredAt'],
      ['occurredAt not a date-time', { occurredAt: '2024-02-30T10:00:00Z' }, 'input.occurredAt'],
      ['occurredAt a bare date', { occurredAt: '2024-02-01' }, 'input.occurredAt'],
      ['unknown cause', { cause: 'METEOR' }, 'input.cause'],
      ['unknown intent', { intent: 'ACCIDENTAL' }, 'input.intent'],
      ['unknown place', { place: 'MOON' }, 'input.place'],
      ['unknown activity', { activity: 'DREAMING' }, 'input.activity'],
      ['unknown accident type', { place: 'WORKPLACE', activity: 'WORK', accidentType: 'TYPE_21' }, 'input.accidentType'],
      ['unknown severity', { severity: 'CRITICAL' }, 'input.severity'],
      ['negative deaths', { deaths: -1 }, 'input.deaths'],
      ['fractional injured', { injured: 1.5 }, 'input.injured'],
      ['negative injured', { injured: -2 }, 'input.injured'],
      ['implausible injured', { injured: 1_000_000 }, 'input.injured'],
      ['money with three decimals', { economicLoss: '12.345' }, 'input.economicLoss'],
      ['negative money', { economicLoss: '-5.00' }, 'input.economicLoss'],
      ['money as a float', { economicLoss: 12.5 }, 'input.economicLoss'],
      ['unknown age group', { victimAgeGroup: 'AGE_100_PLUS' }, 'input.victimAgeGroup'],
      ['unknown sex', { victimSex: 'X' }, 'input.victimSex'],
      ['empty description', { description: '   ' }, 'input.description'],
      ['overlong description', { description: '长'.repeat(2001) }, 'input.description'],
      ['empty externalId', { externalId: ' ' }, 'input.externalId'],
      ['deaths without FATAL', { deaths: 1, severity: 'SERIOUS' }, 'input.severity'],
      ['FATAL without deaths', { severity: 'FATAL', deaths: 0 }, 'input.deaths'],
      ['MINOR without injured', { severity: 'MINOR', injured: 0 }, 'input.injured'],
      ['NONE with injured', { severity: 'NONE', injured: 1, victimAgeGroup: null, victimSex: null }, 'input.injured'],
      ['NONE with a victim', { severity: 'NONE', injured: 0, victimSex: null }, 'input.victimAgeGroup'],
      ['accident type at home while resting', { accidentType: 'FALL_FROM_HEIGHT' }, 'input.accidentType'],
      ['workplace without accident type', { place: 'WORKPLACE', activity: 'WORK' }, 'input.accidentType'],
    ];
    it.each(cases)('%s', async (_label, override, field) => {
      // Prepare
      const input = incidentInput(communityId, typeof override === 'function' ? override() : override);
      // Act
      const response = await door().execute(CREATE, { input }, admin);
      // Assess
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
      expect(await storedIncidentCount(app.table, communityId)).toBe(0);
    });
  });

  describe('correction and deletion with a reason', () => {
    let communityId: string;
    beforeAll(async () => {
      communityId = await createCommunity();
    });

    it('moves a corrected incident between periods in the listings and keeps the record of the change', async () => {
      // Prepare: an incident of June 2023
      const created = await create(incidentInput(communityId, { occurredAt: '2023-06-15T02:00:00.000Z', economicLoss: '100.00' }));
      const year2023 = { from: '2023-01-01T00:00:00+08:00', to: '2024-01-01T00:00:00+08:00' };
      const year2022 = { from: '2022-01-01T00:00:00+08:00', to: '2023-01-01T00:00:00+08:00' };
      expect(await listIds(communityId, year2023)).toContain(created.id);
      // Act: the register said 2022-12-31 evening, Beijing time
      const response = await door().execute(
        CORRECT,
        { input: { id: created.id, version: 1, reason: '核对派出所记录，日期录入错误', occurredAt: '2022-12-31T20:00:00+08:00', economicLoss: '150.50' } },
        admin,
      );
      // Assess
      const corrected = (await ok(response)).correctIncident;
      expect(corrected).toMatchObject({ version: 2, occurredAt: '2022-12-31T20:00:00.000+08:00', economicLoss: '150.50' });
      expect(await listIds(communityId, year2023)).not.toContain(created.id);
      expect(await listIds(communityId, year2022)).toContain(created.id);
      const community = await ok(await door().execute(COMMUNITY_INCIDENTS, { id: communityId, ...year2022 }, admin));
      expect(community.community.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(created.id);
      expect(corrected.changes).toHaveLength(1);
      expect(corrected.changes[0]).toMatchObject({
        kind: 'CORRECTED',
        reason: '核对派出所记录，日期录入错误',
        version: 2,
        fields: [
          { field: 'occurredAt', before: '2023-06-15T02:00:00.000Z', after: '2022-12-31T12:00:00.000Z' },
          { field: 'economicLoss', before: '100.00', after: '150.50' },
        ],
      });
      expect(corrected.changes[0].actor).toEqual(expect.any(String));
      const read = await ok(await door().execute(GET, { id: created.id }, admin));
      expect(read.incident.changes).toEqual(corrected.changes);
    });

    it('clears an optional field with null, and checks the corrected whole against the rules', async () => {
      const created = await create(incidentInput(communityId));
      const cleared = await ok(await door().execute(CORRECT, { input: { id: created.id, version: 1, reason: '描述含个人信息', description: null } }, admin));
      expect(cleared.correctIncident).toMatchObject({ description: null, version: 2 });
      expect(cleared.correctIncident.changes[0].fields).toEqual([{ field: 'description', before: created.description, after: null }]);
      // NONE with the stored injured = 1 breaks a rule: the field to fix is named.
      const broken = await door().execute(CORRECT, { input: { id: created.id, version: 2, reason: '重新定级', severity: 'NONE' } }, admin);
      expect(errorCode(broken)).toBe('BAD_USER_INPUT');
      expect(broken.body.errors?.[0]?.extensions?.field).toBe('input.injured');
      const fixed = await ok(
        await door().execute(
          CORRECT,
          { input: { id: created.id, version: 2, reason: '重新定级: 无人受伤', severity: 'NONE', injured: 0, victimAgeGroup: null, victimSex: null } },
          admin,
        ),
      );
      expect(fixed.correctIncident).toMatchObject({ severity: 'NONE', injured: 0, victimSex: null, version: 3 });
    });

    it.each([
      ['a stale version', { version: 1 }, 'CONFLICT', 'input.version'],
      ['no reason', { reason: ' ' }, 'BAD_USER_INPUT', 'input.reason'],
      ['a future date', { occurredAt: '2999-01-01T00:00:00Z' }, 'BAD_USER_INPUT', 'input.occurredAt'],
      ['no change at all', { injured: 2, cause: 'FALL' }, 'BAD_USER_INPUT', 'input'],
    ])('refuses a correction with %s and writes nothing', async (_label, override, code, field) => {
      const created = await create(incidentInput(communityId));
      await ok(await door().execute(CORRECT, { input: { id: created.id, version: 1, reason: '第一次更正', injured: 2 } }, admin));
      const response = await door().execute(CORRECT, { input: { id: created.id, version: 2, reason: '再次更正', injured: 3, ...override } }, admin);
      expect(errorCode(response)).toBe(code);
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
      const read = await ok(await door().execute(GET, { id: created.id }, admin));
      expect(read.incident).toMatchObject({ version: 2, injured: 2 });
      expect(read.incident.changes).toHaveLength(1);
    });

    it('deletes with a reason: gone from reads and listings, the record of the deletion stays', async () => {
      // Prepare
      const created = await create(incidentInput(communityId, { externalId: 'DEL-1' }));
      await ok(await door().execute(CORRECT, { input: { id: created.id, version: 1, reason: '补充损失', economicLoss: '1300.00' } }, admin));
      // Act
      const stale = await door().execute(DELETE, { input: { id: created.id, version: 1, reason: '重复录入' } }, admin);
      const noReason = await door().execute(DELETE, { input: { id: created.id, version: 2, reason: '' } }, admin);
      const deleted = await ok(await door().execute(DELETE, { input: { id: created.id, version: 2, reason: '与 MD-17 重复录入' } }, admin));
      // Assess
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(errorCode(noReason)).toBe('BAD_USER_INPUT');
      expect(noReason.body.errors?.[0]?.extensions?.field).toBe('input.reason');
      expect(deleted.deleteIncident).toMatchObject({ id: created.id, communityId, change: { kind: 'DELETED', reason: '与 MD-17 重复录入', version: 2 } });
      expect(deleted.deleteIncident.change.fields).toContainEqual({ field: 'economicLoss', before: '1300.00', after: null });
      expect(errorCode(await door().execute(GET, { id: created.id }, admin))).toBe('NOT_FOUND');
      expect(await listIds(communityId)).not.toContain(created.id);
      const history = await ok(await door().execute(CHANGES, { id: created.id }, admin));
      expect(history.incidentChanges.map((change: { kind: string; reason: string }) => [change.kind, change.reason])).toEqual([
        ['CORRECTED', '补充损失'],
        ['DELETED', '与 MD-17 重复录入'],
      ]);
      const again = await door().execute(DELETE, { input: { id: created.id, version: 2, reason: '再删' } }, admin);
      expect(errorCode(again)).toBe('NOT_FOUND');
      // Its externalId stays taken: the source row is recognised, not recreated.
      const recreate = await door().execute(CREATE, { input: incidentInput(communityId, { externalId: 'DEL-1' }) }, admin);
      expect(errorCode(recreate)).toBe('CONFLICT');
    });
  });

  describe('listing: newest first, cursors, period, cause and place', () => {
    let communityId: string;
    /** occurredAt, cause, place of the fixture incidents, oldest first. */
    const fixtures: [string, string, string][] = [
      ['2023-01-01T00:00:00.000Z', 'FALL', 'HOME'],
      ['2023-02-10T08:00:00.000Z', 'ROAD_TRAFFIC', 'ROAD'],
      ['2023-03-01T00:00:00.000Z', 'FALL', 'PUBLIC_PLACE'],
      ['2023-03-01T00:00:00.000Z', 'DROWNING', 'WATER'],
      ['2023-05-20T12:00:00.000Z', 'FALL', 'HOME'],
      ['2023-07-07T07:07:07.000Z', 'ANIMAL_BITE', 'PUBLIC_PLACE'],
      ['2023-12-31T23:59:59.999Z', 'FALL', 'HOME'],
    ];
    const ids: string[] = [];

    beforeAll(async () => {
      communityId = await createCommunity();
      for (const [occurredAt, cause, place] of fixtures) {
        ids.push((await create(incidentInput(communityId, { occurredAt, cause, place }))).id);
      }
    });

    it('pages newest first with exact boundaries, no repeats and a total', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const data = await ok(await door().execute(LIST, { communityId, first: 3, after }, admin));
        const connection = data.incidents;
        expect(connection.totalCount).toBe(fixtures.length);
        expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(connection.edges.length).toBeLessThanOrEqual(3);
        seen.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      const expected = ids
        .map((id, index) => ({ id, position: `${fixtures[index]![0]}#${id}` }))
        .sort((a, b) => (a.position < b.position ? 1 : -1))
        .map((entry) => entry.id);
      expect(seen).toEqual(expected);
      const exact = await ok(await door().execute(LIST, { communityId, first: fixtures.length }, admin));
      expect(exact.incidents.pageInfo.hasNextPage).toBe(false);
      const zero = await ok(await door().execute(LIST, { communityId, first: 0 }, admin));
      expect(zero.incidents).toMatchObject({ edges: [], totalCount: fixtures.length, pageInfo: { hasNextPage: false } });
    });

    it('bounds a period as [from, to): the first instant is in, the last is out', async () => {
      const march = await listIds(communityId, { from: '2023-03-01T00:00:00Z', to: '2023-05-20T12:00:00Z' });
      expect(march.sort()).toEqual([ids[2], ids[3]].sort());
      const year = await ok(await door().execute(LIST, { communityId, from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }, admin));
      expect(year.incidents.totalCount).toBe(7);
      const fromOnly = await listIds(communityId, { from: '2023-07-07T07:07:07Z' });
      expect(fromOnly).toEqual([ids[6], ids[5]]);
      const toOnly = await listIds(communityId, { to: '2023-02-10T08:00:00.001Z' });
      expect(toOnly).toEqual([ids[1], ids[0]]);
    });

    it('filters by cause and by place, alone, together and with a period, across pages', async () => {
      expect((await listIds(communityId, { cause: 'FALL' })).sort()).toEqual([ids[0], ids[2], ids[4], ids[6]].sort());
      expect((await listIds(communityId, { place: 'PUBLIC_PLACE' })).sort()).toEqual([ids[2], ids[5]].sort());
      expect(await listIds(communityId, { cause: 'FALL', place: 'HOME' })).toEqual([ids[6], ids[4], ids[0]]);
      expect(await listIds(communityId, { cause: 'FALL', place: 'HOME', from: '2023-02-01T00:00:00Z', to: '2023-12-01T00:00:00Z' })).toEqual([ids[4]]);
      const first = await ok(await door().execute(LIST, { communityId, cause: 'FALL', first: 2 }, admin));
      expect(first.incidents.totalCount).toBe(4);
      expect(first.incidents.pageInfo.hasNextPage).toBe(true);
      const second = await ok(await door().execute(LIST, { communityId, cause: 'FALL', first: 2, after: first.incidents.pageInfo.endCursor }, admin));
      expect(second.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([ids[2], ids[0]]);
      expect(second.incidents.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      ['first above 100', { first: 101 }, 'first'],
      ['garbage cursor', { after: '%%%' }, 'after'],
      ['cursor outside the period', { from: '2023-06-01T00:00:00Z', after: Buffer.from('2023-01-01T00:00:00.000Z#x').toString('base64url') }, 'after'],
      ['to before from', { from: '2023-06-01T00:00:00Z', to: '2023-05-01T00:00:00Z' }, 'to'],
      ['an unknown cause', { cause: 'METEOR' }, 'cause'],
    ])('refuses %s with BAD_USER_INPUT', async (_label, variables, field) => {
      const response = await door().execute(LIST, { communityId, ...variables }, admin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    });
  });

  describe('recent incidents of a community', () => {
    let communityId: string;

    async function recent(first?: number): Promise<{ id: string; occurredAt: string }[]> {
      return (await ok(await door().execute(RECENT, { id: communityId, first }, admin))).community.recentIncidents;
    }
    async function newestTen(): Promise<string[]> {
      const data = await ok(await door().execute(LIST, { communityId, first: 10 }, admin));
      return data.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id);
    }

    beforeAll(async () => {
      communityId = await createCommunity();
      for (let day = 1; day <= 12; day += 1) {
        await create(incidentInput(communityId, { occurredAt: `2024-01-${String(day).padStart(2, '0')}T03:00:00.000Z`, cause: day % 2 ? 'FALL' : 'CUT' }));
      }
    });

    it('answers the newest ten, or fewer, in the order of the listing', async () => {
      const ten = await recent();
      expect(ten).toHaveLength(10);
      expect(ten.map((incident) => incident.id)).toEqual(await newestTen());
      expect((await recent(3)).map((incident) => incident.occurredAt)).toEqual([
        '2024-01-12T11:00:00.000+08:00',
        '2024-01-11T11:00:00.000+08:00',
        '2024-01-10T11:00:00.000+08:00',
      ]);
      expect(await recent(0)).toEqual([]);
      for (const first of [11, -1]) {
        const response = await door().execute(RECENT, { id: communityId, first }, admin);
        expect(errorCode(response)).toBe('BAD_USER_INPUT');
        expect(response.body.errors?.[0]?.extensions?.field).toBe('first');
      }
    });

    it('stays the newest ten through deletions, corrections that move in time and corrections in place', async () => {
      const [newest, second] = await recent(2);
      // A deletion in the top ten refills it with the eleventh.
      await ok(await door().execute(DELETE, { input: { id: newest!.id, version: 1, reason: '误报' } }, admin));
      expect((await recent()).map((incident) => incident.id)).toEqual(await newestTen());
      // A correction moving one out of the top ten, and one moving an old one to the top.
      await ok(await door().execute(CORRECT, { input: { id: second!.id, version: 1, reason: '日期更正', occurredAt: '2023-01-01T00:00:00Z' } }, admin));
      expect((await recent()).map((incident) => incident.id)).toEqual(await newestTen());
      await ok(await door().execute(CORRECT, { input: { id: second!.id, version: 2, reason: '日期再更正', occurredAt: '2024-02-01T00:00:00Z' } }, admin));
      const top = await recent();
      expect(top[0]!.id).toBe(second!.id);
      expect(top.map((incident) => incident.id)).toEqual(await newestTen());
      // A correction in place shows in the copy the community holds.
      await ok(await door().execute(CORRECT, { input: { id: second!.id, version: 3, reason: '原因更正', cause: 'BURN' } }, admin));
      expect((await recent(1))[0]).toMatchObject({ id: second!.id, cause: 'BURN' });
    });

    it('stays the newest ten when many are written at once', async () => {
      // Prepare: a fresh community, 15 incidents created concurrently (they race for its index)
      const busy = await createCommunity();
      const days = Array.from({ length: 15 }, (_, index) => index + 1);
      // Act
      const created = await Promise.all(
        days.map((day) => create(incidentInput(busy, { occurredAt: `2024-03-${String(day).padStart(2, '0')}T00:00:00.000Z` }))),
      );
      // Assess
      expect(created).toHaveLength(15);
      const listed = await ok(await door().execute(LIST, { communityId: busy, first: 10 }, admin));
      const listedIds = listed.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id);
      const recentIds = (await ok(await door().execute(RECENT, { id: busy }, admin))).community.recentIncidents.map((incident: { id: string }) => incident.id);
      expect(recentIds).toEqual(listedIds);
      expect(listed.incidents.totalCount).toBe(15);
    });
  });

  describe('authorization', () => {
    let jinan: string;
    let shenyang: string;
    let incidentId: string;
    let shenyangIncidentId: string;
    let editor: string;

    beforeAll(async () => {
      jinan = await createCommunity('370102001');
      shenyang = await createCommunity('210103019');
      editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [jinan] });
      incidentId = (await create(incidentInput(jinan), editor)).id;
      shenyangIncidentId = (await create(incidentInput(shenyang))).id;
    });

    it('answers UNAUTHENTICATED without a token', async () => {
      for (const [query, variables] of [
        [GET, { id: incidentId }],
        [CREATE, { input: incidentInput(jinan) }],
        [LIST, { communityId: jinan }],
      ] as const) {
        expect(errorCode(await door().execute(query, variables))).toBe('UNAUTHENTICATED');
      }
    });

    it('lets an editor create, read, correct and delete in their own community', async () => {
      const own = await create(incidentInput(jinan), editor);
      const read = await ok(await door().execute(GET, { id: own.id }, editor));
      expect(read.incident.description).toBe(own.description);
      await ok(await door().execute(CORRECT, { input: { id: own.id, version: 1, reason: '更正', injured: 2 } }, editor));
      await ok(await door().execute(DELETE, { input: { id: own.id, version: 2, reason: '重复' } }, editor));
      const history = await ok(await door().execute(CHANGES, { id: own.id }, editor));
      expect(history.incidentChanges).toHaveLength(2);
    });

    it("hides another community's incidents from an editor: NOT_FOUND for reads and writes", async () => {
      expect(errorCode(await door().execute(GET, { id: shenyangIncidentId }, editor))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(LIST, { communityId: shenyang }, editor))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(CREATE, { input: incidentInput(shenyang) }, editor))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(CORRECT, { input: { id: shenyangIncidentId, version: 1, reason: 'x', injured: 3 } }, editor))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(DELETE, { input: { id: shenyangIncidentId, version: 1, reason: 'x' } }, editor))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(CHANGES, { id: shenyangIncidentId }, editor))).toBe('NOT_FOUND');
    });

    it('shows an analyst in the region the incident with age group and sex, never the description nor the changes', async () => {
      // Prepare: a corrected incident, so there is a record of changes to hide
      const corrected = await create(incidentInput(jinan, { description: '受害人张某，住3号楼' }), editor);
      await ok(await door().execute(CORRECT, { input: { id: corrected.id, version: 1, reason: '受害人张某要求更正', injured: 2 } }, editor));
      // Act
      const read = await ok(await door().execute(GET, { id: corrected.id }, analyst37));
      const listed = await ok(await door().execute(LIST, { communityId: jinan }, analyst37));
      const recentList = await ok(await door().execute(RECENT, { id: jinan }, analyst37));
      const history = await door().execute(CHANGES, { id: corrected.id }, analyst37);
      // Assess
      expect(read.incident).toMatchObject({ id: corrected.id, victimAgeGroup: 'AGE_75_PLUS', victimSex: 'FEMALE', description: null, changes: null });
      expect(listed.incidents.edges.length).toBeGreaterThan(0);
      for (const { node } of listed.incidents.edges) expect(node.description).toBeNull();
      for (const incident of recentList.community.recentIncidents) expect(incident.description).toBeNull();
      expect(errorCode(history)).toBe('FORBIDDEN');
      for (const response of [read, listed, recentList]) expect(JSON.stringify(response)).not.toContain('张某');
    });

    it('refuses every write to an analyst in the region with FORBIDDEN', async () => {
      expect(errorCode(await door().execute(CREATE, { input: incidentInput(jinan) }, analyst37))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(CORRECT, { input: { id: incidentId, version: 1, reason: 'x', injured: 3 } }, analyst37))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(DELETE, { input: { id: incidentId, version: 1, reason: 'x' } }, analyst37))).toBe('FORBIDDEN');
    });

    it('hides incidents outside their region from an analyst and a regional reviewer: NOT_FOUND', async () => {
      for (const token of [analyst21, reviewer21]) {
        expect(errorCode(await door().execute(GET, { id: incidentId }, token))).toBe('NOT_FOUND');
        expect(errorCode(await door().execute(LIST, { communityId: jinan }, token))).toBe('NOT_FOUND');
      }
      const inside = await ok(await door().execute(GET, { id: shenyangIncidentId }, analyst21));
      expect(inside.incident.description).toBeNull();
    });

    it('lets a reviewer read everything, description and changes included, and write nothing', async () => {
      const read = await ok(await door().execute(GET, { id: incidentId }, reviewer));
      expect(read.incident.description).toEqual(expect.any(String));
      expect(read.incident.changes).toEqual([]);
      expect(errorCode(await door().execute(CREATE, { input: incidentInput(jinan) }, reviewer))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(CORRECT, { input: { id: incidentId, version: 1, reason: 'x', injured: 3 } }, reviewer))).toBe('FORBIDDEN');
      expect(errorCode(await door().execute(DELETE, { input: { id: incidentId, version: 1, reason: 'x' } }, reviewer))).toBe('FORBIDDEN');
    });

    it('lets an admin write in any community', async () => {
      const created = await create(incidentInput(shenyang));
      await ok(await door().execute(DELETE, { input: { id: created.id, version: 1, reason: '测试' } }, admin));
    });
  });
});

describe('batched nested reads', () => {
  it('cost one BatchGetItem per 100 communities, not a call per community or per incident', async () => {
    // Prepare: 12 communities of one town with 12 incidents each (144 incidents)
    const http = app.doors[1]!;
    for (let community = 0; community < 12; community += 1) {
      const created = await http.execute(CREATE_COMMUNITY, { input: { name: `批量事故社区${community}`, kind: 'STREET', regionCode: '371721001' } }, admin);
      const communityId = created.body.data.createCommunity.id;
      const records = Array.from({ length: 12 }, (_, index) => ({
        ...incidentInput(communityId, { occurredAt: `2024-04-${String(index + 1).padStart(2, '0')}T00:00:00Z` }),
        communityId: undefined,
        externalId: `B-${index}`,
      }));
      const imported = await http.execute(
        'mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { created } }',
        { communityId, records },
        admin,
      );
      expect(imported.body.data.importIncidents.created).toBe(12);
    }
    const calls: Record<string, number> = {};
    app.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        calls[String(context.commandName)] = (calls[String(context.commandName)] ?? 0) + 1;
        return next(args);
      },
      { step: 'initialize', name: 'countIncidentCalls' },
    );
    try {
      // Act
      const response = await http.execute(
        '{ communities(regionCode: "371721001", first: 100) { edges { node { id recentIncidents { id occurredAt cause } } } } }',
        {},
        admin,
      );
      // Assess
      expect(response.body.errors).toBeUndefined();
      const nodes = response.body.data.communities.edges;
      expect(nodes).toHaveLength(12);
      for (const { node } of nodes) {
        expect(node.recentIncidents).toHaveLength(10);
        expect(node.recentIncidents[0].occurredAt).toBe('2024-04-12T08:00:00.000+08:00');
      }
      expect(calls).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1 });
    } finally {
      app.clients.dynamodb.middlewareStack.remove('countIncidentCalls');
    }
  });

  it('read the records of changes of a page of incidents in one BatchGetItem, and none for uncorrected ones', async () => {
    // Prepare: five incidents, three of them corrected twice
    const http = app.doors[1]!;
    const created = await http.execute(CREATE_COMMUNITY, { input: { name: '更正批量社区', kind: 'STREET', regionCode: '371721002' } }, admin);
    const communityId = created.body.data.createCommunity.id;
    for (let n = 0; n < 5; n += 1) {
      const incident = await http.execute(CREATE, { input: incidentInput(communityId, { injured: 1 }) }, admin);
      const id = incident.body.data.createIncident.id;
      if (n % 2 === 1) continue;
      await http.execute(CORRECT, { input: { id, version: 1, reason: `第一次更正${n}`, injured: 2 } }, admin);
      await http.execute(CORRECT, { input: { id, version: 2, reason: `第二次更正${n}`, injured: 3 } }, admin);
    }
    const calls: Record<string, number> = {};
    app.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        calls[String(context.commandName)] = (calls[String(context.commandName)] ?? 0) + 1;
        return next(args);
      },
      { step: 'initialize', name: 'countChangeCalls' },
    );
    try {
      // Act
      const response = await http.execute(
        `query($id: ID!) { incidents(communityId: $id, first: 10) { edges { node { injured changes { reason } } } } }`,
        { id: communityId },
        admin,
      );
      // Assess: the community, the page, the change records
      expect(response.body.errors).toBeUndefined();
      const nodes = response.body.data.incidents.edges.map((edge: { node: { injured: number; changes: { reason: string }[] } }) => edge.node);
      expect(nodes.map((node: { changes: unknown[] }) => node.changes.length).sort()).toEqual([0, 0, 2, 2, 2]);
      for (const node of nodes) if (node.changes.length) expect(node.changes[1].reason).toMatch(/^第二次更正/);
      expect(calls).toEqual({ BatchGetItemCommand: 2, QueryCommand: 1 });
    } finally {
      app.clients.dynamodb.middlewareStack.remove('countChangeCalls');
    }
  });
});
