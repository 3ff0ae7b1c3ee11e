import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentKeys } from '#core/db/keys.ts';
import { createTestApp, type Door, errorCode, ok, type GraphQLResponse, type TestApp } from '#tests/support/app.ts';
import { fallAtHome } from '#tests/support/records.ts';

/**
 * Date-times through both doors: shown in China Standard Time (+08:00) as users read them,
 * accepted with any offset, refused without a time or an offset (BAD_USER_INPUT naming the field,
 * with the format expected and an example), stored in UTC as before.
 */
const CREATE_COMMUNITY = 'mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id createdAt updatedAt } }';
const CREATE = 'mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id occurredAt createdAt updatedAt } }';
const LIST = `query($communityId: ID!, $from: DateTime, $to: DateTime) {
  incidents(communityId: $communityId, from: $from, to: $to, first: 50) { totalCount edges { node { id occurredAt } } }
}`;
const CHINA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
});
afterAll(() => app.close());

/** The HTTP door's DynamoDB writes while `act` runs (SDK middleware: no mock of the table). */
async function writesDuring(act: () => Promise<GraphQLResponse>): Promise<{ response: GraphQLResponse; writes: string[] }> {
  const writes: string[] = [];
  const name = `writes-${randomUUID()}`;
  app.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      if (/Put|Update|Delete|TransactWrite|BatchWrite/.test(String(context.commandName))) writes.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { response: await act(), writes };
  } finally {
    app.clients.dynamodb.middlewareStack.remove(name);
  }
}

function expectFormatError(response: GraphQLResponse, field: string, reason: RegExp): void {
  const error = response.body.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(response.body)).toBe('BAD_USER_INPUT');
  expect(error?.extensions?.field).toBe(field);
  expect(error?.message).toMatch(reason);
  expect(error?.message).toContain('"2024-04-30T20:00:00+08:00"');
  expect(response.body.data ?? null).toBeNull();
}

describe.each([0, 1])('date-times through door %i', (doorIndex) => {
  const door = (): Door => app.doors[doorIndex]!;
  let communityId: string;

  beforeAll(async () => {
    const community = ok(await door().execute(CREATE_COMMUNITY, { input: { name: `时间测试社区${doorIndex}`, kind: 'STREET', regionCode: '370102001' } }, admin));
    communityId = community.createCommunity.id;
    expect(community.createCommunity.createdAt).toMatch(CHINA);
  });

  it('shows an instant in China Standard Time, whichever offset it was sent with, and stores it in UTC', async () => {
    // Prepare: the same instant, 2024-04-30 20:00 in Beijing, in three offsets
    const sent = ['2024-04-30T12:00:00Z', '2024-04-30T20:00:00+08:00', '2024-04-30T07:00:00.000-05:00'];
    // Act
    const created = await Promise.all(sent.map(async (occurredAt) => ok(await door().execute(CREATE, { input: fallAtHome(communityId, { occurredAt }) }, admin)).createIncident));
    // Assess: one text for one instant, as users read it; the record's own times at +08:00 too
    for (const incident of created) {
      expect(incident.occurredAt).toBe('2024-04-30T20:00:00.000+08:00');
      expect(incident.createdAt).toMatch(CHINA);
      expect(incident.updatedAt).toMatch(CHINA);
      expect(Math.abs(Date.parse(incident.createdAt) - Date.now())).toBeLessThan(60_000);
    }
    const stored = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: incidentKeys.key(created[1].id) }));
    expect(stored.Item?.occurredAt).toBe('2024-04-30T12:00:00.000Z');
    expect(stored.Item?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const read = ok(await door().execute('query($id: ID!) { incident(id: $id) { occurredAt } }', { id: created[2].id }, admin));
    expect(read.incident.occurredAt).toBe('2024-04-30T20:00:00.000+08:00');
  });

  it('filters by a China day given in any offset: 00:30 on 1 May in Beijing is in May, not April', async () => {
    // Prepare: 2024-05-01 00:30 Beijing (30 April 16:30 UTC) and 2024-04-30 23:30 Beijing
    const community = ok(await door().execute(CREATE_COMMUNITY, { input: { name: `时间筛选社区${doorIndex}`, kind: 'STREET', regionCode: '370102001' } }, admin)).createCommunity.id;
    const may = ok(await door().execute(CREATE, { input: fallAtHome(community, { occurredAt: '2024-04-30T16:30:00Z' }) }, admin)).createIncident;
    const april = ok(await door().execute(CREATE, { input: fallAtHome(community, { occurredAt: '2024-04-30T23:30:00+08:00' }) }, admin)).createIncident;
    expect([may.occurredAt, april.occurredAt]).toEqual(['2024-05-01T00:30:00.000+08:00', '2024-04-30T23:30:00.000+08:00']);
    // Act: May in Beijing, given in +08:00 and the same bounds in UTC
    const inChina = ok(await door().execute(LIST, { communityId: community, from: '2024-05-01T00:00:00+08:00', to: '2024-06-01T00:00:00+08:00' }, admin));
    const inUtc = ok(await door().execute(LIST, { communityId: community, from: '2024-04-30T16:00:00Z', to: '2024-05-31T16:00:00Z' }, admin));
    // Assess
    expect(inChina.incidents.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([may.id]);
    expect(inUtc.incidents).toEqual(inChina.incidents);
  });

  it.each([
    ['a date without a time', '2024-04-30', /not a date alone/],
    ['a time without an offset', '2024-04-30T20:00', /needs an offset/],
    ['seconds without an offset', '2024-04-30T20:00:00', /needs an offset/],
    ['a day the calendar lacks', '2024-02-30T10:00:00+08:00', /day of the calendar/],
    ['a number', 1714478400000, /is a string/],
  ])('refuses %s in an argument: BAD_USER_INPUT naming it, with the format expected', async (_label, from, reason) => {
    expectFormatError(await door().execute(LIST, { communityId, from }, admin), 'from', reason);
  });

  it.each([
    ['a date without a time', '2024-04-30', /not a date alone/],
    ['a time without an offset', '2024-04-30T20:00', /needs an offset/],
  ])('refuses %s in an input field: BAD_USER_INPUT naming it, and writes nothing', async (_label, occurredAt, reason) => {
    const { response, writes } = await writesDuring(() => door().execute(CREATE, { input: fallAtHome(communityId, { occurredAt }) }, admin));
    expectFormatError(response, 'input.occurredAt', reason);
    if (doorIndex === 1) expect(writes).toEqual([]);
  });

  it('refuses a literal without an offset in the query text as a validation error that quotes it and names the format', async () => {
    const response = await door().execute(`{ incidents(communityId: "${communityId}", from: "2024-04-30T20:00") { totalCount } }`, {}, admin);
    const error = response.body.errors?.[0];
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error?.message).toContain('Expected value of type "DateTime", found "2024-04-30T20:00"');
    expect(error?.message).toContain('"2024-04-30T20:00:00+08:00"');
    expect(error).toHaveProperty('locations');
  });
});
