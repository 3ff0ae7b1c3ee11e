import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { communityKeys } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '#tests/support/app.ts';

const COMMUNITY_FIELDS = `
  id name kind regionCode stage launchedOn population areaKm2 administrativeVillages residentialCommittees
  description version createdAt updatedAt
  region { code name level fullName }
  stageHistory { stage on }
  committee { chairUnit establishedOn members { organisation sector role position } workingGroups { name leadOrganisation focus } }
`;
const CREATE = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { ${COMMUNITY_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateCommunityInput!) { updateCommunity(input: $input) { ${COMMUNITY_FIELDS} } }`;
const GET = `query($id: ID!) { community(id: $id) { ${COMMUNITY_FIELDS} } }`;
const LIST = `query($regionCode: String, $stage: CommunityStage, $first: Int, $after: String) {
  communities(regionCode: $regionCode, stage: $stage, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name regionCode stage } }
  }
}`;

const committee = {
  chairUnit: '牡丹区人民政府',
  establishedOn: '2007-10-15',
  members: [
    { organisation: '牡丹区人民政府', sector: 'GOVERNMENT', role: 'CHAIR', position: '区长' },
    { organisation: '牡丹区安全生产监督管理局', sector: 'SAFETY_SUPERVISION', role: 'MEMBER' },
    { organisation: '菏泽市公安局牡丹分局', sector: 'POLICE', role: 'MEMBER' },
  ],
  workingGroups: [{ name: '道路交通安全促进组', leadOrganisation: '交警大队', focus: '集市周边交通' }],
};

let app: TestApp;
let admin: string;
let reviewer: string;
let analyst37: string;
let analyst21: string;

beforeAll(async () => {
  app = await createTestApp();
  [admin, reviewer, analyst37, analyst21] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'REVIEWER' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '21' }),
  ]);
});
afterAll(() => app.close());

let counter = 0;
/** A unique, valid community in 牡丹区 (or the given division). */
function communityInput(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return { name: `测试街道${counter}-${Math.random().toString(36).slice(2, 7)}`, kind: 'STREET', regionCode: '371702002', ...overrides };
}

describe.each([0, 1])('communities through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;

  async function create(input: Record<string, unknown>, token = admin) {
    const response = await door().execute(CREATE, { input }, token);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return response.body.data.createCommunity as { id: string; version: number; stage: string; name: string };
  }

  describe('create and read', () => {
    it('creates a community with its committee and reads it back with its region', async () => {
      // Prepare
      const input = communityInput({
        stage: 'LAUNCHED',
        launchedOn: '2007-10-15',
        population: 73000,
        areaKm2: 12.5,
        administrativeVillages: 0,
        residentialCommittees: 11,
        description: '城区街道',
        committee,
      });
      // Act
      const created = await create(input);
      const read = await door().execute(GET, { id: created.id }, admin);
      // Assess
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.community).toEqual(created);
      expect(created).toMatchObject({
        name: input.name,
        kind: 'STREET',
        regionCode: '371702002',
        stage: 'LAUNCHED',
        version: 1,
        population: 73000,
        region: { code: '371702002', name: '西城街道', level: 'TOWN', fullName: '山东省 菏泽市 牡丹区 西城街道' },
        stageHistory: [{ stage: 'LAUNCHED', on: '2007-10-15' }],
        committee,
      });
    });

    it('defaults the stage to PLANNED and an omitted committee to null', async () => {
      const created = await create(communityInput());
      expect(created.stage).toBe('PLANNED');
      expect((created as Record<string, unknown>).committee).toBeNull();
    });

    it('refuses a second community of the same name in the same division with CONFLICT', async () => {
      const input = communityInput();
      await create(input);
      const again = await door().execute(CREATE, { input }, admin);
      expect(errorCode(again)).toBe('CONFLICT');
      expect(again.body.errors?.[0]?.extensions?.field).toBe('input.name');
    });

    it('answers NOT_FOUND for an id that does not exist', async () => {
      const response = await door().execute(GET, { id: 'no-such-community' }, admin);
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(response.body.data).toBeNull();
    });
  });

  describe('validation: each rule names its field and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['empty name', { name: '   ' }, 'input.name'],
      ['overlong name', { name: '长'.repeat(101) }, 'input.name'],
      ['province code as community region', { regionCode: '37' }, 'input.regionCode'],
      ['malformed region code', { regionCode: '37170200X' }, 'input.regionCode'],
      ['unknown division', { regionCode: '371702999' }, 'input.regionCode'],
      ['impossible date', { launchedOn: '2009-02-30' }, 'input.launchedOn'],
      ['negative population', { population: -1 }, 'input.population'],
      ['non-positive area', { areaKm2: 0 }, 'input.areaKm2'],
      ['negative village count', { administrativeVillages: -3 }, 'input.administrativeVillages'],
      ['empty committee chair', { committee: { ...committee, chairUnit: '' } }, 'input.committee.chairUnit'],
      ['empty member organisation', { committee: { ...committee, members: [{ organisation: '', sector: 'FIRE', role: 'MEMBER' }] } }, 'input.committee.members.0.organisation'],
    ];
    it.each(cases)('%s', async (_label, override, field) => {
      // Prepare
      const input = communityInput(override);
      // Act
      const response = await door().execute(CREATE, { input }, admin);
      // Assess
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
      const listed = await app.table.client.send(
        new QueryCommand({
          TableName: app.table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: '#name = :name',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':pk': communityKeys.all, ':name': input.name },
        }),
      );
      expect(listed.Items).toEqual([]);
    });

    it('rejects an enum value the schema does not know', async () => {
      const response = await door().execute(CREATE, { input: communityInput({ kind: 'CASTLE' }) }, admin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    });
  });

  describe('update with optimistic version', () => {
    it('changes fields, clears nulls, replaces the committee and bumps the version', async () => {
      const created = await create(communityInput({ population: 5000, description: '旧描述' }));
      const response = await door().execute(
        UPDATE,
        { input: { id: created.id, version: 1, population: 5200, description: null, committee } },
        admin,
      );
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.updateCommunity).toMatchObject({ version: 2, population: 5200, description: null, committee });
      const stored = await app.table.client.send(
        new GetCommand({ TableName: app.table.name, Key: communityKeys.key(created.id) }),
      );
      expect(stored.Item).toMatchObject({ version: 2, population: 5200 });
      expect(stored.Item).not.toHaveProperty('description');
    });

    it('answers CONFLICT for a stale version and keeps the stored record', async () => {
      const created = await create(communityInput({ population: 100 }));
      await door().execute(UPDATE, { input: { id: created.id, version: 1, population: 200 } }, admin);
      const stale = await door().execute(UPDATE, { input: { id: created.id, version: 1, population: 300 } }, admin);
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(stale.body.errors?.[0]?.extensions?.field).toBe('input.version');
      const read = await door().execute(GET, { id: created.id }, admin);
      expect(read.body.data.community).toMatchObject({ version: 2, population: 200 });
    });

    it('lets exactly one of two racing updates from the same version win; the other gets CONFLICT', async () => {
      // Prepare
      const created = await create(communityInput({ population: 1000 }));
      // Act: both read version 1 and write at once
      const [first, second] = await Promise.all([
        door().execute(UPDATE, { input: { id: created.id, version: 1, population: 1111 } }, admin),
        door().execute(UPDATE, { input: { id: created.id, version: 1, population: 2222 } }, admin),
      ]);
      // Assess
      const outcomes = [first, second].map((response) => errorCode(response) ?? 'OK').sort();
      expect(outcomes).toEqual(['CONFLICT', 'OK']);
      const winner = [first, second].find((response) => !response.body.errors)!;
      const read = await door().execute(GET, { id: created.id }, admin);
      expect(read.body.data.community).toMatchObject({ version: 2, population: winner.body.data.updateCommunity.population });
    });

    it('moves the name guard on rename so the old name is free and the new one taken', async () => {
      const a = await create(communityInput());
      const b = await create(communityInput());
      const clash = await door().execute(UPDATE, { input: { id: a.id, version: 1, name: b.name } }, admin);
      expect(errorCode(clash)).toBe('CONFLICT');
      const renamed = await door().execute(UPDATE, { input: { id: a.id, version: 1, name: `${a.name}新` } }, admin);
      expect(renamed.body.errors).toBeUndefined();
      const reuse = await door().execute(CREATE, { input: communityInput({ name: a.name }) }, admin);
      expect(reuse.body.errors).toBeUndefined();
    });

    it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for an unknown region', async () => {
      const missing = await door().execute(UPDATE, { input: { id: 'nope', version: 1, population: 1 } }, admin);
      expect(errorCode(missing)).toBe('NOT_FOUND');
      const created = await create(communityInput());
      const badRegion = await door().execute(UPDATE, { input: { id: created.id, version: 1, regionCode: '999999' } }, admin);
      expect(errorCode(badRegion)).toBe('BAD_USER_INPUT');
      expect(badRegion.body.errors?.[0]?.extensions?.field).toBe('input.regionCode');
    });
  });

  describe('stage lifecycle', () => {
    it('walks the whole lifecycle with dated history', async () => {
      const created = await create(communityInput());
      const path = ['LAUNCHED', 'IMPLEMENTING', 'SELF_ASSESSED', 'APPLIED', 'UNDER_REVIEW', 'DESIGNATED'];
      const today = chinaToday();
      let version = created.version;
      for (const [index, stage] of path.entries()) {
        // Dated explicitly every other step, defaulting to today otherwise.
        const input = { id: created.id, version, stage, ...(index % 2 === 0 ? { stageChangedOn: today } : {}) };
        const response = await door().execute(UPDATE, { input }, admin);
        expect(response.body.errors, `${stage}: ${JSON.stringify(response.body.errors)}`).toBeUndefined();
        version = response.body.data.updateCommunity.version;
      }
      const read = await door().execute(GET, { id: created.id }, admin);
      expect(read.body.data.community.stage).toBe('DESIGNATED');
      expect(read.body.data.community.stageHistory.map((change: { stage: string }) => change.stage)).toEqual([
        'PLANNED',
        ...path,
      ]);
      expect(read.body.data.community.stageHistory.every((change: { on: string }) => change.on === today)).toBe(true);
    });

    it.each([
      ['PLANNED', 'DESIGNATED'],
      ['PLANNED', 'IMPLEMENTING'],
      ['PLANNED', 'LAPSED'],
    ])('refuses %s → %s and writes nothing', async (from, to) => {
      const created = await create(communityInput({ stage: from }));
      const response = await door().execute(UPDATE, { input: { id: created.id, version: 1, stage: to, population: 9 } }, admin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe('input.stage');
      const read = await door().execute(GET, { id: created.id }, admin);
      expect(read.body.data.community).toMatchObject({ stage: from, version: 1, population: null });
    });

    it('refuses a stage change dated before the previous one or in the future', async () => {
      const created = await create(communityInput({ stage: 'LAUNCHED', launchedOn: '2021-05-01' }));
      const early = await door().execute(UPDATE, { input: { id: created.id, version: 1, stage: 'IMPLEMENTING', stageChangedOn: '2021-04-30' } }, admin);
      expect(errorCode(early)).toBe('BAD_USER_INPUT');
      expect(early.body.errors?.[0]?.extensions?.field).toBe('input.stageChangedOn');
      const future = await door().execute(UPDATE, { input: { id: created.id, version: 1, stage: 'IMPLEMENTING', stageChangedOn: '2999-01-01' } }, admin);
      expect(errorCode(future)).toBe('BAD_USER_INPUT');
    });
  });

  describe('pagination', () => {
    const REGION = '371721'; // 曹县: no demo data, so the test owns every community in it
    let ids: string[] = [];

    beforeAll(async () => {
      const streets = ['371721001', '371721002', '371721003'];
      const created = [];
      for (let index = 0; index < 5; index += 1) {
        created.push(await create(communityInput({ regionCode: streets[index % 3], stage: index % 2 === 0 ? 'LAUNCHED' : 'PLANNED', name: `曹县单位${doorIndex}-${index}` })));
      }
      ids = created.map((community) => community.id);
    });

    it('pages through a region in code order with exact boundaries', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      const pages: number[] = [];
      for (;;) {
        const response = await door().execute(LIST, { regionCode: REGION, first: 2, after }, admin);
        expect(response.body.errors).toBeUndefined();
        const connection = response.body.data.communities;
        expect(connection.totalCount).toBe(ids.length + (doorIndex === 1 ? 5 : 0));
        pages.push(connection.edges.length);
        seen.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
        expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!connection.pageInfo.hasNextPage) break;
        expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
        after = connection.pageInfo.endCursor;
      }
      const total = ids.length + (doorIndex === 1 ? 5 : 0);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(pages.every((size) => size <= 2)).toBe(true);
      expect(pages.at(-1)).toBeGreaterThan(0);
      for (const id of ids) expect(seen).toContain(id);
    });

    it('answers an exact last page without a phantom next page', async () => {
      const all = await door().execute(LIST, { regionCode: REGION, first: 100 }, admin);
      const total = all.body.data.communities.totalCount;
      const exact = await door().execute(LIST, { regionCode: REGION, first: total }, admin);
      expect(exact.body.data.communities.edges).toHaveLength(total);
      expect(exact.body.data.communities.pageInfo.hasNextPage).toBe(false);
      const zero = await door().execute(LIST, { regionCode: REGION, first: 0 }, admin);
      expect(zero.body.data.communities).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: total });
    });

    it('filters by stage within a region', async () => {
      const response = await door().execute(LIST, { regionCode: REGION, stage: 'LAUNCHED', first: 100 }, admin);
      const nodes = response.body.data.communities.edges.map((edge: { node: { stage: string } }) => edge.node);
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((node: { stage: string }) => node.stage === 'LAUNCHED')).toBe(true);
      expect(response.body.data.communities.totalCount).toBe(nodes.length);
    });

    it.each([
      ['first above 100', { first: 101 }, 'first'],
      ['negative first', { first: -1 }, 'first'],
      ['garbage cursor', { after: '%%%' }, 'after'],
      ['cursor from another region', { after: Buffer.from('110101001#x').toString('base64url') }, 'after'],
      ['unknown region', { regionCode: '3799' }, 'regionCode'],
    ])('refuses %s with BAD_USER_INPUT', async (_label, variables, field) => {
      const response = await door().execute(LIST, { regionCode: REGION, ...variables }, admin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    });
  });

  describe('authorization', () => {
    let jinan: { id: string; version: number };
    let shenyang: { id: string; version: number };
    let editor: string;

    beforeAll(async () => {
      jinan = await create(communityInput({ regionCode: '370102001' }));
      shenyang = await create(communityInput({ regionCode: '210103019' }));
      editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [jinan.id] });
    });

    it('answers UNAUTHENTICATED without a token, with a bad token, an expired one or a foreign issuer', async () => {
      const expired = await app.token({ role: 'ADMIN', expiresIn: Math.floor(Date.now() / 1000) - 60 });
      const foreign = await app.token({ role: 'ADMIN', issuer: 'https://evil.example' });
      for (const token of [undefined, 'not-a-jwt', expired, foreign]) {
        const response = await door().execute(GET, { id: jinan.id }, token);
        expect(errorCode(response), String(token)).toBe('UNAUTHENTICATED');
        expect(response.body.data ?? null).toBeNull();
      }
    });

    it('refuses a token without a platform role, or an analyst without a region', async () => {
      const noRegion = await app.token({ role: 'PROVINCIAL_ANALYST' });
      const response = await door().execute(GET, { id: jinan.id }, noRegion);
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
    });

    it('lets an editor read and update their own community', async () => {
      const read = await door().execute(GET, { id: jinan.id }, editor);
      expect(read.body.data.community.id).toBe(jinan.id);
      const current = read.body.data.community.version;
      const update = await door().execute(UPDATE, { input: { id: jinan.id, version: current, committee } }, editor);
      expect(update.body.errors).toBeUndefined();
    });

    it('hides other communities from an editor: NOT_FOUND on read and write, absent from lists', async () => {
      const read = await door().execute(GET, { id: shenyang.id }, editor);
      expect(errorCode(read)).toBe('NOT_FOUND');
      expect(JSON.stringify(read.body)).not.toContain('210103019');
      const write = await door().execute(UPDATE, { input: { id: shenyang.id, version: 1, population: 1 } }, editor);
      expect(errorCode(write)).toBe('NOT_FOUND');
      const list = await door().execute(LIST, { first: 100 }, editor);
      expect(list.body.data.communities.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([jinan.id]);
      expect(list.body.data.communities.totalCount).toBe(1);
    });

    it('lets an editor move their community forward but not record a review decision', async () => {
      const own = await create(communityInput({ regionCode: '370102001', stage: 'SELF_ASSESSED' }));
      const ownEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [own.id] });
      const applied = await door().execute(UPDATE, { input: { id: own.id, version: 1, stage: 'APPLIED' } }, ownEditor);
      expect(applied.body.errors).toBeUndefined();
      const review = await door().execute(UPDATE, { input: { id: own.id, version: 2, stage: 'UNDER_REVIEW' } }, ownEditor);
      expect(errorCode(review)).toBe('FORBIDDEN');
      const byReviewer = await door().execute(UPDATE, { input: { id: own.id, version: 2, stage: 'UNDER_REVIEW' } }, reviewer);
      expect(byReviewer.body.errors).toBeUndefined();
    });

    it('lets a reviewer record review decisions but not edit the profile', async () => {
      const response = await door().execute(UPDATE, { input: { id: jinan.id, version: 99, population: 5 } }, reviewer);
      expect(errorCode(response)).toBe('FORBIDDEN');
    });

    it('scopes an analyst to their region: reads inside, NOT_FOUND outside, FORBIDDEN for foreign listings, no writes', async () => {
      const inside = await door().execute(GET, { id: jinan.id }, analyst37);
      expect(inside.body.data.community.id).toBe(jinan.id);
      const outside = await door().execute(GET, { id: shenyang.id }, analyst37);
      expect(errorCode(outside)).toBe('NOT_FOUND');
      const foreign = await door().execute(LIST, { regionCode: '21' }, analyst37);
      expect(errorCode(foreign)).toBe('FORBIDDEN');
      const own = await door().execute(LIST, { first: 100 }, analyst21);
      const regions = own.body.data.communities.edges.map((edge: { node: { regionCode: string } }) => edge.node.regionCode);
      expect(regions.length).toBeGreaterThan(0);
      expect(regions.every((code: string) => code.startsWith('21'))).toBe(true);
      const write = await door().execute(UPDATE, { input: { id: jinan.id, version: 1, population: 1 } }, analyst37);
      expect(errorCode(write)).toBe('FORBIDDEN');
      const createResponse = await door().execute(CREATE, { input: communityInput() }, analyst37);
      expect(errorCode(createResponse)).toBe('FORBIDDEN');
    });

    it('refuses creation by an editor and by a reviewer outside their region', async () => {
      const byEditor = await door().execute(CREATE, { input: communityInput() }, editor);
      expect(errorCode(byEditor)).toBe('FORBIDDEN');
      const cityReviewer = await app.token({ role: 'REVIEWER', region: '2101' });
      const outside = await door().execute(CREATE, { input: communityInput() }, cityReviewer);
      expect(errorCode(outside)).toBe('FORBIDDEN');
      const inside = await door().execute(CREATE, { input: communityInput({ regionCode: '210103019' }) }, cityReviewer);
      expect(inside.body.errors).toBeUndefined();
    });
  });
});
