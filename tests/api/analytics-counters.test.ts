import { createWritePipeline } from '#graphql/pipeline.ts';
import { systemOrigin } from '#core/origin.ts';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { counterKey, counterKeys, periodsOf, shardOf } from '#analytics/counters.ts';
import { incidentsUnder, recomputeAggregates } from '#analytics/recompute.ts';
import { createTestApp, type Door, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';

/**
 * The incident counters are written in the transaction of the incident write that changes them:
 * creations, corrections that move an incident between buckets, deletions, imports (and their
 * rollback). After 200 concurrent writes through both doors, every counter equals a recount.
 */
const CREATE = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version occurredAt cause } }`;
const CORRECT = `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { id version } }`;
const DELETE = `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }`;
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created } }`;
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id regionCode } }`;
const RECOMPUTE = `mutation($regionCode: String!) {
  recomputeAggregates(regionCode: $regionCode) { regionCode incidents itemsChecked itemsFixed differences { regionCode period shard attribute stored recounted } }
}`;

let app: TestApp;
let admin: string;
let analyst37: string;
const communities: { id: string; regionCode: string }[] = [];

beforeAll(async () => {
  app = await createTestApp();
  [admin, analyst37] = await Promise.all([app.token({ role: 'ADMIN' }), app.token({ role: 'PROVINCIAL_ANALYST', region: '37' })]);
  // Six communities: towns of 牡丹区, one under the development zone 371771, and 济南's.
  for (const [name, regionCode] of [
    ['计数西城社区', '371702002'],
    ['计数南城社区', '371702003'],
    ['计数吴店社区', '371702101'],
    ['计数岳程社区', '371771002'],
    ['计数解放路社区', '370102001'],
    ['计数千佛山社区', '370102002'],
  ] as const) {
    const response = await app.doors[1]!.execute(CREATE_COMMUNITY, { input: { name, kind: 'STREET', regionCode } }, admin);
    communities.push(response.body.data.createCommunity);
  }
});
afterAll(() => app.close());

/** An incident in one of the three communities, in one of a few months of 2023 (some at a month's edge in Beijing time). */
function incidentInput(n: number) {
  const community = communities[n % communities.length]!;
  const months = ['2023-01-31T16:30:00.000Z', '2023-02-14T08:00:00.000Z', '2023-03-31T23:59:00+08:00', '2022-12-31T17:00:00.000Z'];
  const deaths = n % 11 === 0 ? 1 : 0;
  return {
    communityId: community.id,
    occurredAt: months[n % months.length],
    cause: ['FALL', 'ROAD_TRAFFIC', 'CUT', 'BURN', 'DROWNING'][n % 5],
    intent: n % 7 === 0 ? 'ASSAULT' : 'UNINTENTIONAL',
    place: ['HOME', 'ROAD', 'PUBLIC_PLACE'][n % 3],
    activity: 'LEISURE',
    severity: deaths ? 'FATAL' : 'MINOR',
    deaths,
    injured: 1 + (n % 3),
    economicLoss: `${100 + n}.${String(n % 100).padStart(2, '0')}`,
  };
}

/**
 * What a client does when the API answers "receiving many writes at once; try again" (CONFLICT
 * after the server's own retries): it tries again. Such a refused write wrote nothing.
 */
let clientRetries = 0;
async function persistently(send: () => Promise<GraphQLResponse>): Promise<GraphQLResponse> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    const busy = errorCode(response) === 'CONFLICT' && /many writes at once/.test(response.body.errors?.[0]?.message ?? '');
    if (!busy || attempt >= 8) return response;
    clientRetries += 1;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt * Math.random()));
  }
}

async function recountDifferences(regionCode = '37') {
  const report = await recomputeAggregates(app.table, regionCode, { pipeline: createWritePipeline(app.table), origin: systemOrigin('test', 'recount') });
  return report;
}

describe('incident counters', () => {
  it('buckets by the month and year in Beijing time', () => {
    expect(periodsOf('2023-01-31T16:30:00.000Z')).toEqual(['Y2023', 'M2023-02']);
    expect(periodsOf('2022-12-31T17:00:00.000Z')).toEqual(['Y2023', 'M2023-01']);
    expect(periodsOf('2023-03-31T15:59:00.000Z')).toEqual(['Y2023', 'M2023-03']);
  });

  it('equal a recount after 200 concurrent creates, corrections and deletes through both doors', { timeout: 240_000 }, async () => {
    // Prepare: 80 incidents to correct and delete later
    const existing = await Promise.all(
      Array.from({ length: 80 }, async (_, n) => ok(await persistently(() => app.doors[n % 2]!.execute(CREATE, { input: incidentInput(n) }, admin))).createIncident),
    );
    // Act: 100 creations, 60 corrections (moving month, cause, place, deaths), 40 deletions, all at once
    const writes: Promise<GraphQLResponse>[] = [];
    for (let n = 0; n < 100; n += 1) writes.push(persistently(() => app.doors[n % 2]!.execute(CREATE, { input: incidentInput(1000 + n) }, admin)));
    existing.slice(0, 60).forEach((incident, n) => {
      const moved = incidentInput(n + 1);
      writes.push(
        persistently(() => app.doors[n % 2]!.execute(
          CORRECT,
          {
            input: {
              id: incident.id,
              version: incident.version,
              reason: '核对后更正日期与原因',
              occurredAt: moved.occurredAt,
              cause: moved.cause,
              place: moved.place,
              economicLoss: n % 4 === 0 ? null : '77.70',
            },
          },
          admin,
        )),
      );
    });
    existing.slice(60).forEach((incident, n) => {
      writes.push(persistently(() => app.doors[n % 2]!.execute(DELETE, { input: { id: incident.id, version: incident.version, reason: '重复录入' } }, admin)));
    });
    const responses = await Promise.all(writes);
    // Assess: every write succeeded, and the counters of every region and period equal the recount
    for (const response of responses) ok(response);
    console.info(`200 concurrent writes: ${clientRetries} client retries after CONFLICT (many writes at once)`);
    const report = await recountDifferences('37');
    expect(report.incidents).toBe(80 - 20 + 100);
    expect(report.differences).toEqual([]);
    expect(report.itemsFixed).toBe(0);
    // The province-year item holds the same totals as the records
    const incidents = await incidentsUnder(app.table, '37');
    const inBeijing2023 = incidents.filter((incident) => periodsOf(incident.occurredAt)[0] === 'Y2023');
    const sum = async (regionCode: string, attribute: string) => {
      let total = 0;
      for (const key of counterKeys(regionCode, 'Y2023')) {
        const item = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: key, ConsistentRead: true }));
        total += (item.Item?.[attribute] as number | undefined) ?? 0;
      }
      return total;
    };
    expect({ c_total: await sum('37', 'c_total'), d_total: await sum('37', 'd_total'), i_total: await sum('37', 'i_total'), l_total: await sum('37', 'l_total') }).toEqual({
      c_total: inBeijing2023.length,
      d_total: inBeijing2023.reduce((sum, incident) => sum + incident.deaths, 0),
      i_total: inBeijing2023.reduce((sum, incident) => sum + incident.injured, 0),
      l_total: inBeijing2023.reduce((sum, incident) => sum + (incident.economicLoss ?? 0), 0),
    });
    // The development zone's town rolls up into the zone (371771), not into a 6-digit prefix of its own
    expect(await sum('371771', 'c_total')).toBe(inBeijing2023.filter((incident) => incident.regionCode === '371771002').length);
  });

  it('follow imports, and the rollback of an import that failed half-way', { timeout: 120_000 }, async () => {
    const http = app.doors[1]!;
    const community = communities[0]!;
    const records = Array.from({ length: 150 }, (_, n) => {
      const { communityId: _c, ...facts } = incidentInput(n);
      // One month per row across two years: the packer takes fewer rows per transaction.
      return { externalId: `CNT-${n}`, ...facts, occurredAt: new Date(Date.UTC(2020, n % 24, 10)).toISOString() };
    });
    let transactions = 0;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    app.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && ++transactions === 4) throw new Error('injected failure');
        return next(args);
      },
      { step: 'initialize', name: 'failFourthTransaction' },
    );
    try {
      const failed = await http.execute(IMPORT, { communityId: community.id, records }, admin);
      expect(errorCode(failed)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      app.clients.dynamodb.middlewareStack.remove('failFourthTransaction');
      logged.mockRestore();
    }
    expect((await recountDifferences('37')).differences).toEqual([]);
    const imported = ok(await http.execute(IMPORT, { communityId: community.id, records }, admin));
    expect(imported.importIncidents).toMatchObject({ outcome: 'COMPLETED', created: 150 });
    expect((await recountDifferences('37')).differences).toEqual([]);
  });

  it('recomputeAggregates (ADMIN) reports what differed and fixes the region, its children and its ancestors', { timeout: 60_000 }, async () => {
    // Prepare: a counter of a town is off by 2 (as if a write had been lost)
    await app.table.client.send(
      new UpdateCommand({ TableName: app.table.name, Key: counterKey('371702002', 'M2023-02', shardOf(communities[0]!.id)), UpdateExpression: 'ADD c_total :two', ExpressionAttributeValues: { ':two': 2 } }),
    );
    const [door0, door1] = app.doors as [Door, Door];
    // Act
    const first = ok(await door0.execute(RECOMPUTE, { regionCode: '371702' }, admin)).recomputeAggregates;
    const second = ok(await door1.execute(RECOMPUTE, { regionCode: '37' }, admin)).recomputeAggregates;
    // Assess
    expect(first.differences).toEqual([{ regionCode: '371702002', period: 'M2023-02', shard: shardOf(communities[0]!.id), attribute: 'c_total', stored: expect.any(Number), recounted: expect.any(Number) }]);
    expect(first.differences[0].stored - first.differences[0].recounted).toBe(2);
    expect(first.itemsFixed).toBe(1);
    expect(second.differences).toEqual([]);
    expect(errorCode(await door0.execute(RECOMPUTE, { regionCode: '37' }, analyst37))).toBe('FORBIDDEN');
    expect(errorCode(await door1.execute(RECOMPUTE, { regionCode: '3x' }, admin))).toBe('BAD_USER_INPUT');
  });
});
