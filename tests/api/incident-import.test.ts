import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { listingKeys } from '#core/db/keys.ts';
import { guardKeys } from '#core/db/keys.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';
import { storedIncidentCount } from '#tests/support/records.ts';

/**
 * `importIncidents` through both doors: up to 1,000 records into one community, all or nothing,
 * with a report per row; re-sent rows are recognised, not doubled.
 */
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) {
  importIncidents(communityId: $communityId, records: $records) {
    communityId outcome received created duplicates rejected
    rows { row externalId status incidentId errors { field message } }
  }
}`;
const LIST = `query($communityId: ID!) { incidents(communityId: $communityId, first: 100) { totalCount edges { node { id externalId occurredAt } } } }`;
const RECENT = `query($id: ID!) { community(id: $id) { recentIncidents { id occurredAt } } }`;
const DELETE = `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`;

let app: TestApp;
let admin: string;
let reviewer: string;
let analyst37: string;

beforeAll(async () => {
  app = await createTestApp();
  [admin, reviewer, analyst37] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'REVIEWER' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
  ]);
});
afterAll(() => app.close());

/** Row `n` of a source register: a valid record with a stable externalId. */
function record(n: number, overrides: Record<string, unknown> = {}) {
  const day = new Date(Date.UTC(2023, 0, 1) + n * 3_600_000);
  return {
    externalId: `REG-${String(n).padStart(5, '0')}`,
    occurredAt: day.toISOString(),
    cause: ['FALL', 'ROAD_TRAFFIC', 'CUT', 'ANIMAL_BITE'][n % 4],
    intent: 'UNINTENTIONAL',
    place: ['HOME', 'ROAD', 'HOME', 'PUBLIC_PLACE'][n % 4],
    activity: 'LEISURE',
    severity: 'MINOR',
    deaths: 0,
    injured: 1,
    economicLoss: `${n}.50`,
    victimAgeGroup: 'AGE_60_74',
    victimSex: n % 2 ? 'MALE' : 'FEMALE',
    ...overrides,
  };
}

let communityCounter = 0;

describe.each([0, 1])('importIncidents through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;

  async function createCommunity(regionCode = '370102001'): Promise<string> {
    communityCounter += 1;
    const input = { name: `导入测试社区${doorIndex}-${communityCounter}`, kind: 'STREET', regionCode };
    return (await ok(await door().execute(CREATE_COMMUNITY, { input }, admin))).createCommunity.id;
  }
  async function importRecords(communityId: string, records: unknown[], token = admin) {
    return (await ok(await door().execute(IMPORT, { communityId, records }, token))).importIncidents;
  }
  /** Incidents and externalId guards of the community, read from the table. */
  async function stored(communityId: string): Promise<{ incidents: number; guards: number }> {
    const incidents = await storedIncidentCount(app.table, communityId);
    const guards = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        app.table.client.send(
          new GetCommand({ TableName: app.table.name, Key: guardKeys.incidentExternalId(communityId, record(n).externalId) }),
        ),
      ),
    );
    return { incidents, guards: guards.filter((guard) => guard.Item).length };
  }

  it('imports good rows, answering a row each, and the community lists them', async () => {
    // Prepare
    const communityId = await createCommunity();
    const records = [record(0), record(1), record(2, { description: '路口电动车相撞', economicLoss: null })];
    // Act
    const report = await importRecords(communityId, records);
    // Assess
    expect(report).toMatchObject({ communityId, outcome: 'COMPLETED', received: 3, created: 3, duplicates: 0, rejected: 0 });
    expect(report.rows.map((row: { row: number; status: string; externalId: string }) => [row.row, row.status, row.externalId])).toEqual([
      [1, 'CREATED', 'REG-00000'],
      [2, 'CREATED', 'REG-00001'],
      [3, 'CREATED', 'REG-00002'],
    ]);
    const listed = await ok(await door().execute(LIST, { communityId }, admin));
    expect(listed.incidents.totalCount).toBe(3);
    expect(listed.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual(
      report.rows.map((row: { incidentId: string }) => row.incidentId).sort(),
    );
    const recent = await ok(await door().execute(RECENT, { id: communityId }, admin));
    expect(recent.community.recentIncidents.map((incident: { id: string }) => incident.id)).toEqual(
      listed.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id),
    );
  });

  it('recognises re-sent rows as DUPLICATE with their incident, creating only the new ones', async () => {
    // Prepare
    const communityId = await createCommunity();
    const first = await importRecords(communityId, [record(0), record(1)]);
    // Act: the same two rows again, with a new one between them
    const again = await importRecords(communityId, [record(0), record(5), record(1)]);
    // Assess
    expect(again).toMatchObject({ outcome: 'COMPLETED', received: 3, created: 1, duplicates: 2, rejected: 0 });
    expect(again.rows.map((row: { status: string }) => row.status)).toEqual(['DUPLICATE', 'CREATED', 'DUPLICATE']);
    expect(again.rows[0].incidentId).toBe(first.rows[0].incidentId);
    expect(again.rows[2].incidentId).toBe(first.rows[1].incidentId);
    expect((await stored(communityId)).incidents).toBe(3);
  });

  it('takes a row repeated within the call once, and refuses a repeat with other content', async () => {
    const communityId = await createCommunity();
    const repeated = await importRecords(communityId, [record(0), record(0)]);
    expect(repeated).toMatchObject({ outcome: 'COMPLETED', created: 1, duplicates: 1 });
    expect(repeated.rows[1]).toMatchObject({ status: 'DUPLICATE', incidentId: repeated.rows[0].incidentId });
    const clash = await importRecords(communityId, [record(1), record(1, { injured: 2 })]);
    expect(clash).toMatchObject({ outcome: 'REJECTED', created: 0, rejected: 1 });
    expect(clash.rows[1]).toMatchObject({ row: 2, status: 'REJECTED', errors: [{ field: 'externalId', message: expect.stringContaining('row 1') }] });
    expect((await stored(communityId)).incidents).toBe(1);
  });

  it('refuses the whole call when any row is bad, naming each row and field, and writes nothing', async () => {
    // Prepare
    const communityId = await createCommunity();
    const records = [
      record(0),
      record(1, { deaths: -1 }),
      record(2),
      record(3, { severity: 'FATAL', deaths: 0 }),
      record(4, { occurredAt: new Date(Date.now() + 86_400_000).toISOString(), place: 'WORKPLACE' }),
      record(5, { externalId: '' }),
    ];
    // Act
    const report = await importRecords(communityId, records);
    // Assess
    expect(report).toMatchObject({ outcome: 'REJECTED', received: 6, created: 0, duplicates: 0, rejected: 4 });
    const byRow = Object.fromEntries(
      report.rows.map((row: { row: number; status: string; errors: { field: string }[] }) => [row.row, [row.status, row.errors.map((error) => error.field).sort()]]),
    );
    expect(byRow).toEqual({
      1: ['VALID', []],
      2: ['REJECTED', ['deaths']],
      3: ['VALID', []],
      4: ['REJECTED', ['deaths']],
      5: ['REJECTED', ['accidentType', 'occurredAt']],
      6: ['REJECTED', ['externalId']],
    });
    expect(report.rows.every((row: { incidentId: string | null }) => row.incidentId === null)).toBe(true);
    expect(await stored(communityId)).toEqual({ incidents: 0, guards: 0 });
    // The good rows, sent alone, are new: nothing of the refused call was kept.
    const good = await importRecords(communityId, [record(0), record(2)]);
    expect(good).toMatchObject({ outcome: 'COMPLETED', created: 2, duplicates: 0 });
  });

  it('refuses a re-sent externalId whose content changed, pointing at the incident to correct', async () => {
    const communityId = await createCommunity();
    const first = await importRecords(communityId, [record(0)]);
    const changed = await importRecords(communityId, [record(1), record(0, { injured: 3 })]);
    expect(changed).toMatchObject({ outcome: 'REJECTED', created: 0, rejected: 1 });
    expect(changed.rows[1].errors[0]).toMatchObject({ field: 'externalId', message: expect.stringContaining(first.rows[0].incidentId) });
    expect((await stored(communityId)).incidents).toBe(1);
  });

  it('recognises a row whose incident was deleted since as PREVIOUSLY_DELETED, not recreating it', async () => {
    const communityId = await createCommunity();
    const first = await importRecords(communityId, [record(0), record(1)]);
    await ok(await door().execute(DELETE, { input: { id: first.rows[0].incidentId, version: 1, reason: '核实为重复上报' } }, admin));
    const again = await importRecords(communityId, [record(0), record(1)]);
    expect(again).toMatchObject({ outcome: 'COMPLETED', created: 0, duplicates: 2 });
    expect(again.rows.map((row: { status: string }) => row.status)).toEqual(['PREVIOUSLY_DELETED', 'DUPLICATE']);
    expect((await stored(communityId)).incidents).toBe(1);
  });

  it('refuses a bad enum or money value in a row by the row and field it names, writing nothing', async () => {
    const communityId = await createCommunity();
    for (const [override, field] of [
      [{ cause: 'METEOR' }, 'records.1.cause'],
      [{ economicLoss: '1.234' }, 'records.1.economicLoss'],
      [{ occurredAt: 'yesterday' }, 'records.1.occurredAt'],
    ] as const) {
      const response = await door().execute(IMPORT, { communityId, records: [record(0), record(1, override)] }, admin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect((await stored(communityId)).incidents).toBe(0);
  });

  it('imports 1,000 records in one call, and refuses 1,001 writing nothing', { timeout: 120_000 }, async () => {
    // Prepare
    const communityId = await createCommunity();
    const records = Array.from({ length: 1001 }, (_, n) => record(n));
    // Act
    const tooMany = await door().execute(IMPORT, { communityId, records }, admin);
    const thousand = await importRecords(communityId, records.slice(0, 1000));
    // Assess
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.body.errors?.[0]?.extensions?.field).toBe('records');
    expect(thousand).toMatchObject({ outcome: 'COMPLETED', received: 1000, created: 1000, duplicates: 0 });
    expect((await stored(communityId)).incidents).toBe(1000);
    const recent = await ok(await door().execute(RECENT, { id: communityId }, admin));
    expect(recent.community.recentIncidents.map((incident: { occurredAt: string }) => Date.parse(incident.occurredAt))).toEqual(
      Array.from({ length: 10 }, (_, k) => Date.parse(record(999 - k).occurredAt)),
    );
  });

  describe('authorization', () => {
    let jinan: string;
    let shenyang: string;
    beforeAll(async () => {
      jinan = await createCommunity('370102001');
      shenyang = await createCommunity('210103019');
    });

    it("lets an editor import into their own community, and hides others' communities", async () => {
      const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [jinan] });
      expect((await importRecords(jinan, [record(0)], editor)).created).toBe(1);
      expect(errorCode(await door().execute(IMPORT, { communityId: shenyang, records: [record(0)] }, editor))).toBe('NOT_FOUND');
    });

    it('refuses analysts and reviewers with FORBIDDEN, an unknown community with NOT_FOUND, no token with UNAUTHENTICATED', async () => {
      for (const token of [analyst37, reviewer]) {
        expect(errorCode(await door().execute(IMPORT, { communityId: jinan, records: [record(1)] }, token))).toBe('FORBIDDEN');
      }
      expect(errorCode(await door().execute(IMPORT, { communityId: 'no-such-community', records: [record(1)] }, admin))).toBe('NOT_FOUND');
      expect(errorCode(await door().execute(IMPORT, { communityId: jinan, records: [record(1)] }))).toBe('UNAUTHENTICATED');
      expect((await stored(jinan)).incidents).toBe(1);
    });
  });
});

describe('importIncidents when DynamoDB fails half-way', () => {
  it('deletes what the call created before answering the error, and a re-sent call then creates everything', { timeout: 60_000 }, async () => {
    // Prepare: 200 records take several transactions; the third TransactWriteItems fails (HTTP door's clients)
    const http = app.doors[1]!;
    const created = await http.execute(CREATE_COMMUNITY, { input: { name: '故障注入社区', kind: 'STREET', regionCode: '370102001' } }, admin);
    const communityId = created.body.data.createCommunity.id;
    const records = Array.from({ length: 200 }, (_, n) => record(n));
    let transactions = 0;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    app.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          transactions += 1;
          if (transactions === 3) throw new Error('ProvisionedThroughputExceededException (injected)');
        }
        return next(args);
      },
      { step: 'initialize', name: 'failThirdTransaction' },
    );
    let failed: GraphQLResponse;
    try {
      // Act
      failed = await http.execute(IMPORT, { communityId, records }, admin);
    } finally {
      app.clients.dynamodb.middlewareStack.remove('failThirdTransaction');
      logged.mockRestore();
    }
    // Assess: an error, and nothing of the call is left
    expect(errorCode(failed)).toBe('INTERNAL_SERVER_ERROR');
    expect(transactions).toBeGreaterThan(3);
    const listed = await http.execute(LIST, { communityId }, admin);
    expect(listed.body.data.incidents.totalCount).toBe(0);
    const recent = await http.execute(RECENT, { id: communityId }, admin);
    expect(recent.body.data.community.recentIncidents).toEqual([]);
    const guard = await app.table.client.send(
      new GetCommand({ TableName: app.table.name, Key: guardKeys.incidentExternalId(communityId, record(0).externalId) }),
    );
    expect(guard.Item).toBeUndefined();
    // Act: the client sends the call again
    const again = await http.execute(IMPORT, { communityId, records }, admin);
    // Assess
    expect(again.body.data.importIncidents).toMatchObject({ outcome: 'COMPLETED', created: 200, duplicates: 0 });
  });

  it('creates each row once when the same rows are imported twice at the same time', { timeout: 60_000 }, async () => {
    const http = app.doors[1]!;
    const created = await http.execute(CREATE_COMMUNITY, { input: { name: '并发导入社区', kind: 'STREET', regionCode: '370102001' } }, admin);
    const communityId = created.body.data.createCommunity.id;
    const records = Array.from({ length: 120 }, (_, n) => record(n));
    const [a, b] = await Promise.all([http.execute(IMPORT, { communityId, records }, admin), http.execute(IMPORT, { communityId, records }, admin)]);
    for (const response of [a, b]) expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    const reports = [a, b].map((response) => response.body.data.importIncidents);
    expect(reports[0].created + reports[1].created).toBe(120);
    expect(reports[0].duplicates + reports[1].duplicates).toBe(120);
    const listed = await http.execute(LIST, { communityId }, admin);
    expect(listed.body.data.incidents.totalCount).toBe(120);
    const count = await app.table.client.send(
      new QueryCommand({
        TableName: app.table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': listingKeys.incidents(communityId) },
        Select: 'COUNT',
      }),
    );
    expect(count.Count).toBe(120);
  });

  it('lets one of two concurrent imports of the same externalIds with other content win, and writes nothing of the other', { timeout: 60_000 }, async () => {
    const http = app.doors[1]!;
    const created = await http.execute(CREATE_COMMUNITY, { input: { name: '并发冲突社区', kind: 'STREET', regionCode: '370102001' } }, admin);
    const communityId = created.body.data.createCommunity.id;
    const mild = Array.from({ length: 120 }, (_, n) => record(n));
    const worse = Array.from({ length: 120 }, (_, n) => record(n, { injured: 2 }));
    const [a, b] = await Promise.all([http.execute(IMPORT, { communityId, records: mild }, admin), http.execute(IMPORT, { communityId, records: worse }, admin)]);
    for (const response of [a, b]) expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    const reports = [a, b].map((response) => response.body.data.importIncidents);
    expect(reports.map((report) => report.outcome).sort()).toEqual(['COMPLETED', 'REJECTED']);
    const winner = reports.find((report) => report.outcome === 'COMPLETED');
    const loser = reports.find((report) => report.outcome === 'REJECTED');
    expect(winner.created).toBe(120);
    expect(loser.created).toBe(0);
    expect(loser.rows.some((row: { errors: { field: string }[] }) => row.errors.some((error) => error.field === 'externalId'))).toBe(true);
    const listed = await http.execute(
      `query($communityId: ID!) { incidents(communityId: $communityId, first: 100) { totalCount edges { node { injured } } } }`,
      { communityId },
      admin,
    );
    expect(listed.body.data.incidents.totalCount).toBe(120);
    const injured = new Set(listed.body.data.incidents.edges.map((edge: { node: { injured: number } }) => edge.node.injured));
    expect(injured.size).toBe(1);
  });
});
