import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Incident, incidentPosition } from '#incident/model.ts';
import { RECENT_INCIDENTS, recentIndexKey } from '#incident/recent-index.ts';
import { createTestApp, type Door, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';

/**
 * Issue 9, "Many writers at once": independent writes of one community all succeed when they
 * arrive together (100 creations; 75 corrections and deletions of distinct incidents), through the
 * Lambda handler with API Gateway v2 events; afterwards the community's recent-incidents item
 * shows exactly its newest ten as stored, holds nothing deleted or outdated above its floor, and
 * every counter equals a recount. Before the recent index lost its revision, 29 of 100 creations
 * and 16 of 71 corrections and deletions answered CONFLICT.
 */
const CREATE = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version occurredAt } }`;
const CORRECT = `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { id version occurredAt } }`;
const DELETE = `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }`;
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created } }`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`;
const LIST = `query($communityId: ID!, $after: String) {
  incidents(communityId: $communityId, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id version occurredAt cause } } }
}`;
const RECENT = `query($id: ID!) { community(id: $id) { recentIncidents { id version occurredAt cause } } }`;
const RECOMPUTE = `mutation($regionCode: String!) { recomputeAggregates(regionCode: $regionCode) { incidents itemsFixed differences { regionCode period attribute stored recounted } } }`;

const REGION = '371702002';

let app: TestApp;
let admin: string;
let lambda: Door;
let http: Door;
let communityCount = 0;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  [lambda, http] = app.doors as [Door, Door];
});
afterAll(() => app.close());

async function createCommunity(): Promise<string> {
  communityCount += 1;
  const data = ok(await http.execute(CREATE_COMMUNITY, { input: { name: `并发社区${communityCount}`, kind: 'STREET', regionCode: REGION } }, admin));
  return data.createCommunity.id;
}

/** Incident facts at hour `n` of 2024 (Beijing and UTC months differ at the edges), varied per n. */
function facts(n: number) {
  const deaths = n % 13 === 0 ? 1 : 0;
  return {
    occurredAt: new Date(Date.UTC(2024, 0, 1) + n * 3_600_000 * 7).toISOString(),
    cause: ['FALL', 'ROAD_TRAFFIC', 'CUT', 'BURN'][n % 4],
    intent: 'UNINTENTIONAL',
    place: ['HOME', 'ROAD', 'PUBLIC_PLACE'][n % 3],
    activity: 'LEISURE',
    severity: deaths ? 'FATAL' : 'MINOR',
    deaths,
    injured: 1 + (n % 2),
    economicLoss: `${200 + n}.50`,
  };
}

/** A fixed shuffle, so positions arrive in no particular order. */
function shuffled<T>(values: readonly T[]): T[] {
  const result = [...values];
  let seed = 20_240_901;
  for (let index = result.length - 1; index > 0; index -= 1) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = seed % (index + 1);
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

/** Every incident of the community as stored, newest first (the listing, page by page). */
async function stored(communityId: string): Promise<Pick<Incident, 'id' | 'version' | 'occurredAt' | 'cause'>[]> {
  const all: Pick<Incident, 'id' | 'version' | 'occurredAt' | 'cause'>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = ok(await http.execute(LIST, { communityId, after }, admin)).incidents;
    all.push(...page.edges.map((edge: { node: Pick<Incident, 'id' | 'version' | 'occurredAt' | 'cause'> }) => edge.node));
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor;
  }
}

/**
 * The recent-incidents item as DynamoDB holds it: every incident at or above its floor is in its
 * map at the version stored, nothing above its floor is deleted or outdated, and its newest ten
 * are the community's newest ten. Returns the item's newest ten ids.
 */
async function expectIndexExact(communityId: string): Promise<void> {
  const incidents = await stored(communityId);
  const response = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recentIndexKey(communityId), ConsistentRead: true }));
  const item = response.Item as { byId: Record<string, Incident>; floor?: string; incidents?: unknown; rev?: unknown };
  expect(item.incidents).toBeUndefined();
  expect(item.rev).toBeUndefined();
  const floor = item.floor ?? '';
  const held = Object.values(item.byId).filter((entry) => incidentPosition(entry) >= floor);
  // The API answers at +08:00; the item holds the stored (UTC) form its floor is written in.
  const expected = incidents.filter((incident) => incidentPosition({ id: incident.id, occurredAt: new Date(incident.occurredAt).toISOString() }) >= floor);
  const versions = (list: readonly Pick<Incident, 'id' | 'version'>[]) => Object.fromEntries(list.map((incident) => [incident.id, incident.version]));
  expect(versions(held)).toEqual(versions(expected));
  expect(held.length).toBeGreaterThanOrEqual(Math.min(RECENT_INCIDENTS, incidents.length));
  const newestTen = incidents.slice(0, RECENT_INCIDENTS).map((incident) => incident.id);
  const itemTen = held.sort((a, b) => (incidentPosition(a) < incidentPosition(b) ? 1 : -1)).slice(0, RECENT_INCIDENTS).map((incident) => incident.id);
  expect(itemTen).toEqual(newestTen);
  const answered = ok(await lambda.execute(RECENT, { id: communityId }, admin)).community.recentIncidents;
  expect(answered).toEqual(incidents.slice(0, RECENT_INCIDENTS));
}

async function expectCountersEqualRecount(): Promise<void> {
  const report = ok(await http.execute(RECOMPUTE, { regionCode: REGION.slice(0, 6) }, admin)).recomputeAggregates;
  expect(report.differences).toEqual([]);
  expect(report.itemsFixed).toBe(0);
}

function errorsOf(responses: readonly GraphQLResponse[]): string[] {
  return responses.flatMap((response) => (response.body.errors ?? []).map((error) => `${error.extensions?.code}: ${error.message}`));
}

describe('many writers of one community at once', () => {
  it('answers 100 concurrent creations all with success', { timeout: 120_000 }, async () => {
    // Prepare: a new community; 100 incidents over 4 weeks, sent in shuffled order
    const communityId = await createCommunity();
    const inputs = shuffled(Array.from({ length: 100 }, (_, n) => ({ communityId, ...facts(n) })));
    // Act
    const started = performance.now();
    const responses = await Promise.all(inputs.map((input) => lambda.execute(CREATE, { input }, admin)));
    const elapsed = performance.now() - started;
    // Assess
    console.info(`100 concurrent creations in one community: ${Math.round(elapsed)} ms`);
    expect(errorsOf(responses)).toEqual([]);
    const incidents = await stored(communityId);
    expect(incidents).toHaveLength(100);
    await expectIndexExact(communityId);
    await expectCountersEqualRecount();
  });

  it('answers 75 concurrent corrections and deletions of distinct incidents all with success', { timeout: 120_000 }, async () => {
    // Prepare: 120 incidents (one import); the 75 newest are changed, so every write touches the index
    const communityId = await createCommunity();
    const records = Array.from({ length: 120 }, (_, n) => ({ externalId: `C-${n}`, ...facts(n) }));
    expect(ok(await http.execute(IMPORT, { communityId, records }, admin)).importIncidents).toMatchObject({ outcome: 'COMPLETED', created: 120 });
    const newest = (await stored(communityId)).slice(0, 75);
    const writes = newest.map((incident, n) => {
      if (n % 2 === 0) return { query: DELETE, input: { id: incident.id, version: incident.version, reason: '重复录入' } };
      // Corrections: out of the top (years back), into the very top, and in place
      const move = n % 3;
      const occurredAt = move === 0 ? `2019-0${1 + (n % 9)}-15T00:00:00.000Z` : move === 1 ? `2025-0${1 + (n % 9)}-15T00:00:00.000Z` : undefined;
      return {
        query: CORRECT,
        input: { id: incident.id, version: incident.version, reason: '核对后更正', ...(occurredAt ? { occurredAt } : { cause: 'DROWNING' }) },
      };
    });
    // Act
    const started = performance.now();
    const responses = await Promise.all(shuffled(writes).map((write) => lambda.execute(write.query, { input: write.input }, admin)));
    const elapsed = performance.now() - started;
    // Assess
    console.info(`75 concurrent corrections and deletions in one community: ${Math.round(elapsed)} ms`);
    expect(errorsOf(responses)).toEqual([]);
    expect(await stored(communityId)).toHaveLength(120 - 38);
    await expectIndexExact(communityId);
    await expectCountersEqualRecount();
  });

  it('keeps a refill from bringing back an incident corrected or deleted while it ran', { timeout: 60_000 }, async () => {
    // Prepare: 40 incidents; deleting the newest one by one empties the buffer until a refill runs
    const communityId = await createCommunity();
    const records = Array.from({ length: 40 }, (_, n) => ({ externalId: `R-${n}`, ...facts(n) }));
    ok(await http.execute(IMPORT, { communityId, records }, admin));
    let raced: { corrected: string; deleted: string } | undefined;
    let cancelled = 0;
    // The refill's transaction (it checks incidents' versions) waits for a correction and a
    // deletion of two of the incidents it copies, sent through the other door.
    app.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        // The document client's input, before or after marshalling.
        const items = (args.input as { TransactItems?: { ConditionCheck?: { Key?: { pk?: string | { S?: string } } } }[] }).TransactItems ?? [];
        const copied = items.flatMap((step) => {
          const pk = step.ConditionCheck?.Key?.pk;
          const value = typeof pk === 'string' ? pk : pk?.S;
          return value?.startsWith('INCIDENT#') ? [value.slice('INCIDENT#'.length)] : [];
        });
        if (context.commandName !== 'TransactWriteItemsCommand' || copied.length === 0) return next(args);
        if (copied.length >= 2 && raced === undefined) {
          raced = { corrected: copied[0] as string, deleted: copied[1] as string };
          const current = (await stored(communityId)).filter((incident) => incident.id === raced?.corrected || incident.id === raced?.deleted);
          const version = (id: string) => current.find((incident) => incident.id === id)?.version;
          ok(await lambda.execute(CORRECT, { input: { id: raced.corrected, version: version(raced.corrected), reason: '并发更正', cause: 'FIRE' } }, admin));
          ok(await lambda.execute(DELETE, { input: { id: raced.deleted, version: version(raced.deleted), reason: '并发删除' } }, admin));
          try {
            return await next(args);
          } catch (error) {
            cancelled += 1;
            throw error;
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceTheRefill' },
    );
    try {
      // Act
      while (raced === undefined) {
        const [top] = await stored(communityId);
        if (!top) throw new Error('no refill ran');
        ok(await http.execute(DELETE, { input: { id: top.id, version: top.version, reason: '清理' } }, admin));
      }
    } finally {
      app.clients.dynamodb.middlewareStack.remove('raceTheRefill');
    }
    // Assess: the raced refill was cancelled (and done again, by the racing writes' own settling or
    // by its retry); the item holds the correction, not the deleted incident
    expect(cancelled).toBe(1);
    const item = (await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recentIndexKey(communityId), ConsistentRead: true }))).Item as { byId: Record<string, Incident> };
    expect(item.byId[raced.deleted]).toBeUndefined();
    expect(item.byId[raced.corrected]).toMatchObject({ cause: 'FIRE', version: 2 });
    await expectIndexExact(communityId);
  });

  it('reads an item of the first format as it is and converts it on the next write', { timeout: 60_000 }, async () => {
    // Prepare: 14 incidents, and the item rewritten as the first format held it (the newest ten, rev)
    const communityId = await createCommunity();
    const records = Array.from({ length: 14 }, (_, n) => ({ externalId: `L-${n}`, ...facts(n) }));
    ok(await http.execute(IMPORT, { communityId, records }, admin));
    const before = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recentIndexKey(communityId), ConsistentRead: true }));
    const newestTen = Object.values(before.Item?.byId as Record<string, Incident>)
      .sort((a, b) => (incidentPosition(a) < incidentPosition(b) ? 1 : -1))
      .slice(0, RECENT_INCIDENTS);
    await app.table.client.send(
      new PutCommand({ TableName: app.table.name, Item: { ...recentIndexKey(communityId), entity: 'RecentIncidents', communityId, incidents: newestTen, rev: 3 } }),
    );
    // Act and assess: read as it is
    const read = ok(await lambda.execute(RECENT, { id: communityId }, admin)).community.recentIncidents;
    expect(read.map((incident: { id: string }) => incident.id)).toEqual(newestTen.map((incident) => incident.id));
    // Act and assess: the next write converts it, and the newest ten stay exact
    const created = ok(await lambda.execute(CREATE, { input: { communityId, ...facts(500) } }, admin)).createIncident;
    await expectIndexExact(communityId);
    const converted = ok(await lambda.execute(RECENT, { id: communityId }, admin)).community.recentIncidents;
    expect(converted[0].id).toBe(created.id);
    // A deletion in the converted ten refills it from the listing
    for (const incident of converted.slice(0, 3)) ok(await lambda.execute(DELETE, { input: { id: incident.id, version: incident.version, reason: '误报' } }, admin));
    await expectIndexExact(communityId);
  });
});
