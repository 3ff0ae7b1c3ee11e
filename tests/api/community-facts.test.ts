import { randomUUID } from 'node:crypto';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figuresOfItem, recountFigures } from '#analytics/community-figures.ts';
import type { Community } from '#community/model.ts';
import { auditKeys, communityFigureKeys, listingKeys } from '#core/db/keys.ts';
import { queryAll } from '#core/db/table.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { AQT_ELEMENTS, type AqtElement, type Evidence } from '#evidence/model.ts';
import { latestBundledSheet } from '#review/bundled-sheets.ts';
import { CommunityFactsReader } from '#review/facts.ts';
import { suggest } from '#review/suggestions.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { evidenceFixture, FALL_AT_HOME, writeEvidenceFixtures } from '#tests/support/fixtures.ts';

/**
 * The facts a review's suggestions read (functions/review/facts.ts) against DynamoDB Local: the
 * same fixed number of DynamoDB calls for a community with 3 records and one with hundreds
 * (counted with SDK middleware on the client), figures that equal a recount of the records after
 * creations, corrections and deletions through the API, and facts that say what the records say.
 */
const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id name regionCode launchedOn committee { chairUnit members { sector } workingGroups { name } } } }`;
const COMMUNITY = `query($id: ID!) { community(id: $id) { id launchedOn committee { members { organisation sector role } workingGroups { name leadOrganisation } } } }`;
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created } }`;
const CREATE_INCIDENT = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version occurredAt } }`;
const CORRECT = `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { id version } }`;
const DELETE_INCIDENT = `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }`;
const CREATE_ACTIVITY = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version kind heldOn } }`;
const UPDATE_ACTIVITY = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id version kind heldOn } }`;
const DELETE_ACTIVITY = `mutation($input: DeleteActivityInput!) { deleteActivity(input: $input) { id } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id version } }`;
const UPDATE_PROJECT = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id version } }`;
const CREATE_INTERVENTION = `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id version } }`;
const UPDATE_INTERVENTION = `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id version status } }`;
const RECOMPUTE = `mutation($regionCode: String!) { recomputeAggregates(regionCode: $regionCode) { itemsChecked itemsFixed differences { family regionCode communityId period shard attribute stored recounted } } }`;
const RECORD_SURVEY = `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id year } }`;

let app: TestApp;
let admin: string;
const today = chinaToday();
const year = Number(today.slice(0, 4));
let small: Community;
let large: Community;
let largeIncidents: { id: string; version: number; occurredAt: string }[] = [];
const largeActivities: { id: string; version: number; kind: string; heldOn: string }[] = [];
let project: { id: string; version: number };
let intervention: { id: string; version: number };

const execute = async (query: string, variables: Record<string, unknown>, door = 1) => ok(await app.doors[door]!.execute(query, variables, admin));

/** A date `days` before today in China, as YYYY-MM-DD. */
const daysAgo = (days: number) => new Date(Date.parse(`${today}T12:00:00+08:00`) - days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

function incidentRow(n: number, occurredAt: string) {
  return { externalId: `facts-${n}`, occurredAt, ...FALL_AT_HOME, injured: 1 + (n % 2) };
}

/** Incidents per year of the large community: 10 years, falling (40 in the last full year against 45 the year before). */
const LARGE_YEARS = Array.from({ length: 10 }, (_, index) => year - 9 + index);
const perYear = (y: number) => (y === year ? 12 : y === year - 1 ? 40 : y === year - 2 ? 45 : 20 + (y % 7));

async function writeEvidence(community: Community, perElement: Partial<Record<AqtElement, number>>, others: { pending?: number; unassigned?: number } = {}) {
  const evidence: Evidence[] = [];
  const add = (element: AqtElement | undefined, status: Evidence['status'], n: number) =>
    evidence.push(evidenceFixture(community, { element, status, at: new Date(Date.UTC(year - 1, 0, 1) + n * 60_000).toISOString(), fileName: `档案-${n}.pdf`, size: 1000, uploadedBy: 'test' }));
  let n = 0;
  for (const [element, count] of Object.entries(perElement) as [AqtElement, number][]) {
    for (let index = 0; index < count; index += 1) add(element, 'AVAILABLE', n++);
  }
  // Not in the archive: evidence still waiting for its upload; and available evidence filed under no element.
  for (let index = 0; index < (others.pending ?? 0); index += 1) add('EMERGENCY_RESPONSE', 'PENDING_UPLOAD', n++);
  for (let index = 0; index < (others.unassigned ?? 0); index += 1) add(undefined, 'AVAILABLE', n++);
  await writeEvidenceFixtures(app.table, evidence);
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  const committee = (sectors: string[], groups: number) => ({
    chairUnit: '街道办事处',
    members: sectors.map((sector, index) => ({ organisation: `成员单位${index}`, sector, role: index === 0 ? 'CHAIR' : 'MEMBER' })),
    workingGroups: Array.from({ length: groups }, (_, index) => ({ name: `项目组${index}`, leadOrganisation: `牵头单位${index}` })),
  });
  small = (
    await execute(CREATE_COMMUNITY, {
      input: { name: '事实小社区', kind: 'STREET', regionCode: '371702002', launchedOn: `${year - 1}-03-01`, committee: committee(['GOVERNMENT', 'POLICE', 'FIRE'], 1) },
    })
  ).createCommunity;
  large = (
    await execute(CREATE_COMMUNITY, {
      input: {
        name: '事实大社区',
        kind: 'TOWN',
        regionCode: '371702101',
        launchedOn: `${year - 10}-01-15`,
        committee: committee(['GOVERNMENT', 'SAFETY_SUPERVISION', 'POLICE', 'FIRE', 'HEALTH', 'EDUCATION', 'RESIDENTS'], 6),
      },
    })
  ).createCommunity;

  // The small community: 3 records (an incident last year, a drill, a project) and one file.
  await execute(CREATE_INCIDENT, { input: { ...incidentRow(0, `${year - 1}-05-10T02:00:00.000Z`), externalId: undefined, communityId: small.id } });
  await execute(CREATE_ACTIVITY, { input: { communityId: small.id, kind: 'DRILL', topic: '消防演练', heldOn: daysAgo(30), attendeeCount: 40 } });
  await execute(CREATE_PROJECT, { input: { communityId: small.id, name: '居家安全项目', category: 'HOME', leadAgency: '街道办事处', startOn: `${year - 1}-04-01` } });
  await writeEvidence(small, { ORGANISATION: 1 });

  // The large community: 10 years of incidents (one import per year), 40 activities, 5 projects, surveys, 300 files.
  // One import of every year's rows: a transaction's rows span several year items, which the packer counts.
  const rows = LARGE_YEARS.flatMap((y) =>
    Array.from({ length: perYear(y) }, (_, index) => {
      const latest = y === year ? Date.parse(`${today}T00:00:00+08:00`) - 86_400_000 : Date.UTC(y, 11, 31);
      const at = new Date(Math.min(latest, Date.UTC(y, 0, 1, 4) + index * 5 * 86_400_000)).toISOString();
      return incidentRow(y * 1000 + index, at);
    }),
  );
  expect((await execute(IMPORT, { communityId: large.id, records: rows })).importIncidents).toMatchObject({ outcome: 'COMPLETED', created: rows.length });
  const kinds = ['TRAINING', 'LECTURE', 'PUBLICITY_CAMPAIGN', 'DRILL', 'INSPECTION'];
  for (let index = 0; index < 40; index += 1) {
    const created = await execute(CREATE_ACTIVITY, {
      input: { communityId: large.id, kind: kinds[index % kinds.length], topic: `活动${index}`, heldOn: daysAgo(index * 20), attendeeCount: 10 + index },
    });
    largeActivities.push(created.createActivity);
  }
  for (let index = 0; index < 5; index += 1) {
    const created = await execute(CREATE_PROJECT, {
      input: {
        communityId: large.id,
        name: `促进项目${index}`,
        category: 'ROAD_TRAFFIC',
        leadAgency: '镇安办',
        startOn: `${year - 5}-03-01`,
        ...(index < 3 ? { goals: [{ indicator: '道路交通伤害', target: 10 }] } : {}),
        ...(index < 2 ? { budget: '50000.00' } : {}),
      },
    });
    project = created.createProject;
    intervention = (await execute(CREATE_INTERVENTION, { input: { projectId: project.id, kind: 'PUBLICITY', description: '入户宣传', responsibleUnit: '镇卫生院', status: index < 2 ? 'DONE' : 'IN_PROGRESS' } })).createIntervention;
  }
  await execute(RECORD_SURVEY, { input: { communityId: large.id, year: year - 1, awarenessRate: 88, participationRate: 75.5, sampleSize: 500 } });
  await writeEvidence(large, { ORGANISATION: 120, COMMUNICATION_AND_PARTICIPATION: 100, EMERGENCY_RESPONSE: 2, INJURY_RECORDS: 60, ARCHIVES: 1 }, { pending: 5, unassigned: 12 });
}, 300_000);
afterAll(() => app.close());

/** Reads a community's facts with a DynamoDB call counter on the client (SDK middleware). */
async function readCounted(community: Community) {
  const calls: Record<string, number> = {};
  const name = `countFactCalls-${randomUUID()}`;
  app.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      calls[command] = (calls[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    const stored = (await execute(COMMUNITY, { id: community.id })).community;
    for (const key of Object.keys(calls)) delete calls[key];
    const facts = await new CommunityFactsReader(app.table).read({ id: community.id, launchedOn: stored.launchedOn, committee: stored.committee }, today);
    return { facts, calls: { ...calls } };
  } finally {
    app.clients.dynamodb.middlewareStack.remove(name);
  }
}

/** The stored figures of a community against a recount of its records (zeros are absent). */
async function figuresAgainstRecount(community: Community) {
  const listing = (partition: string) => queryAll(app.table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition } });
  const projects = await listing(listingKeys.projects(community.id));
  const records = [
    ...(await listing(listingKeys.incidents(community.id))).map((record) => ({ type: 'Incident', record })),
    ...(await listing(listingKeys.activities(community.id))).map((record) => ({ type: 'Activity', record })),
    ...projects.map((record) => ({ type: 'Project', record })),
  ];
  for (const project of projects) records.push(...(await listing(listingKeys.interventions(String(project.id)))).map((record) => ({ type: 'Intervention', record })));
  const expected = Object.fromEntries([...recountFigures(records)].map(([id, entry]) => [id, Object.fromEntries(entry.deltas)]));
  const stored = await queryAll(app.table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': communityFigureKeys.year(community.id, 0).pk } });
  const actual = Object.fromEntries(
    stored
      .map((item) => [`${item.pk}|${item.sk}`, Object.fromEntries([...figuresOfItem(item)].filter(([, value]) => value !== 0))] as const)
      .filter(([, values]) => Object.keys(values).length > 0),
  );
  return { expected, actual, records: records.length };
}

describe('CommunityFactsReader', () => {
  it('reads a community with 3 records and one with hundreds in the same fixed number of DynamoDB calls', async () => {
    // Act
    const few = await readCounted(small);
    const many = await readCounted(large);
    // Assess: one BatchGetItem (figures of three years and the snapshot, two surveys, the project index, the
    // inspection frequencies), one Query per element, and the four listings of the hazards (empty here).
    expect(few.calls).toEqual({ BatchGetItemCommand: 1, QueryCommand: AQT_ELEMENTS.length + 4 });
    expect(many.calls).toEqual(few.calls);
    const { records } = await figuresAgainstRecount(large);
    expect(records).toBeGreaterThan(300);
  });

  it('says what the records say: incidents by year, the last twelve months, projects, the survey, the archive capped at 3', async () => {
    const { facts } = await readCounted(large);
    expect(facts.incidents).toEqual({
      thisYear: { year, count: 12, deaths: 0, injured: expect.any(Number) },
      lastYear: { year: year - 1, count: 40, deaths: 0, injured: 60 },
      yearBefore: { year: year - 2, count: 45, deaths: 0, injured: expect.any(Number) },
    });
    const month = Number(today.slice(5, 7));
    const since = month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`;
    const inWindow = largeActivities.filter((activity) => activity.heldOn.slice(0, 7) >= since);
    expect(facts.lastTwelveMonths).toEqual({
      since,
      activities: inWindow.length,
      drills: inWindow.filter((activity) => activity.kind === 'DRILL').length,
      inspections: inWindow.filter((activity) => activity.kind === 'INSPECTION').length,
    });
    expect(facts.lastTwelveMonths.drills).toBeGreaterThan(0);
    expect(facts.projects).toEqual({ count: 5, withGoals: 3, withBudget: 2, interventions: 5, interventionsDone: 2 });
    expect(facts.survey).toEqual({ year: year - 1, awarenessRate: 88, participationRate: 75.5, sampleSize: 500 });
    expect(facts.committee).toMatchObject({ members: 7, workingGroups: 6 });
    expect(facts.committee!.sectors).toHaveLength(7);
    expect(facts.launchedOn).toBe(`${year - 10}-01-15`);
    expect(facts.evidenceByElement).toEqual({
      ...Object.fromEntries(AQT_ELEMENTS.map((element) => [element, 0])),
      ORGANISATION: 3,
      COMMUNICATION_AND_PARTICIPATION: 3,
      EMERGENCY_RESPONSE: 2,
      INJURY_RECORDS: 3,
      ARCHIVES: 1,
    });

    const smallFacts = (await readCounted(small)).facts;
    expect(smallFacts.committee).toMatchObject({ members: 3, workingGroups: 1 });
    expect(smallFacts.incidents.lastYear.count).toBe(1);
    expect(smallFacts.lastTwelveMonths).toMatchObject({ drills: 1, activities: 1, inspections: 0 });
    expect(smallFacts.projects).toEqual({ count: 1, withGoals: 0, withBudget: 0, interventions: 0, interventionsDone: 0 });
    expect(smallFacts.survey).toBeUndefined();
    expect(smallFacts.evidenceByElement.ORGANISATION).toBe(1);
  });

  it('gives the suggestions the rules draw from these facts', async () => {
    const sheet = latestBundledSheet('national-onsite')!;
    const suggestions = suggest(sheet, (await readCounted(small)).facts);
    expect(suggestions['1.1']!.PRESENCE).toMatchObject({ grade: 'C' }); // 3 sectors
    expect(suggestions['1.1']!.TRACES).toMatchObject({ grade: 'C' }); // one file
    expect(suggestions['7.3']!.PRESENCE).toMatchObject({ grade: 'A' }); // a drill 30 days ago
    expect(suggestions['7.3']!.TRACES).toMatchObject({ grade: 'D' }); // no evidence under element 7
    expect(suggestions['2.1']!.EFFECT).toMatchObject({ grade: 'C' }); // no survey
    const largeSuggestions = suggest(sheet, (await readCounted(large)).facts);
    expect(largeSuggestions['2.1']!.EFFECT).toMatchObject({ grade: 'B' }); // participation 75.5 %
    expect(largeSuggestions['9.1']!.EFFECT).toMatchObject({ grade: 'A' }); // 40 against 45
    expect(largeSuggestions['1.1']!.PRESENCE).toMatchObject({ grade: 'A' });
  });
});

describe('CommunityFactsReader on the hazards', () => {
  it('reads the register by level and what of it was inspected, the subjects overdue today, the dangers found, awaiting and overdue; the suggestions say so', async () => {
    // Prepare: a red and a yellow source (the red one inspected today), a daily (D) restaurant registered 5 days ago and never inspected, two hidden dangers.
    const community = (await execute(CREATE_COMMUNITY, { input: { name: '事实隐患社区', kind: 'STREET', regionCode: '371702003' } })).createCommunity as Community;
    const office = { organisation: '街道安全生产监督管理站', post: '网格员' };
    const cellId = (await execute(`mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`, { input: { communityId: community.id, name: '一网格', kind: 'RESIDENTS_COMMITTEE', responsibleUnit: office } })).createGridCell.id;
    const source = async (riskLevel: string) =>
      (await execute(`mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id } }`, { input: { cellId, kind: 'MANHOLE', location: { address: '一网格3号楼后' }, riskLevel, responsibleUnit: office } })).createHazardSource.id as string;
    const red = await source('RED');
    await source('YELLOW');
    const restaurant = (
      await execute(`mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id } }`, { input: { cellId, kind: 'OTHER', name: '小吃店', grade: 'D', responsibleUnit: { organisation: '小吃店', post: '店长' } } })
    ).createSupervisedUnit.id as string;
    await app.table.client.send(
      new UpdateCommand({ TableName: app.table.name, Key: { pk: `SUPERVISED_UNIT#${restaurant}`, sk: 'SUPERVISED_UNIT' }, UpdateExpression: 'SET createdAt = :at', ExpressionAttributeValues: { ':at': `${daysAgo(5)}T00:00:00.000Z` } }),
    );
    await execute(`mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id } }`, { input: { subjectType: 'HAZARD_SOURCE', subjectId: red, heldOn: today, inspector: office, results: [] } });
    const danger = (overrides: Record<string, unknown>) =>
      execute(`mutation($input: RecordHiddenDangerInput!) { recordHiddenDanger(input: $input) { id } }`, {
        input: { communityId: community.id, severity: 'GENERAL', description: '井盖缺失', responsibleUnit: office, deadline: daysAgo(-7), ...overrides },
      });
    await danger({ severity: 'MAJOR', foundOn: daysAgo(10), deadline: daysAgo(1) });
    await danger({});
    // A resident's report received today, not yet answered (not overdue either).
    const intake = await app.token({ role: 'REPORT_INTAKE', app: 'facts-hotline' });
    ok(
      await app.doors[0]!.execute(
        `mutation($input: SubmitResidentReportInput!) { submitResidentReport(input: $input) { trackingCode } }`,
        { input: { communityId: community.id, description: '井盖缺失', location: { address: '一网格北门' } } },
        intake,
      ),
    );

    // Act
    const { facts, calls } = await readCounted(community);

    // Assess: the hazards read in the listings and one BatchGetItem of the last inspections beside the first.
    expect(facts.hazards).toEqual({
      sources: 2,
      sourcesByLevel: { RED: 1, ORANGE: 0, YELLOW: 1, BLUE: 0 },
      sourcesInspected: 1,
      subjects: 3,
      subjectsOverdue: 1,
      dangersFound: 2,
      dangersVerified: 0,
      dangersAwaiting: 2,
      dangersOverdue: 1,
      dangersOverdueMajor: 1,
      reportsReceived: 1,
      reportsAnsweredInTime: 0,
      reportsOverdue: 0,
    });
    expect(calls).toEqual({ BatchGetItemCommand: 2, QueryCommand: AQT_ELEMENTS.length + 4 });
    const suggestions = suggest(latestBundledSheet('national-onsite')!, facts);
    expect(suggestions['3.2']!.PRESENCE).toMatchObject({ grade: 'B', reason: expect.stringContaining('2 hazard sources in the register (1 red 重大, 1 yellow 一般); 1 of them inspected at least once') });
    expect(suggestions['11.3']!.PRESENCE).toMatchObject({ grade: 'D', reason: expect.stringContaining('1 of them MAJOR') });
    expect(suggestions['8.1']!.PRESENCE!.reason).toContain('1 of 3 supervised units and hazard sources are past their inspection due day today');
    expect(suggestions['8.4']!.PRESENCE!.reason).toContain("0 of 1 residents' report received since");
  });
});

describe('community figures', () => {
  it('equal a recount after creations (the import among them)', async () => {
    for (const community of [small, large]) {
      const { expected, actual } = await figuresAgainstRecount(community);
      expect(actual).toEqual(expected);
      expect(Object.keys(actual).length).toBeGreaterThan(0);
    }
  });

  it('equal a recount after corrections and deletions, through both doors', async () => {
    // Prepare: the large community's incidents as stored.
    const listed = await queryAll(app.table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': listingKeys.incidents(large.id) } });
    largeIncidents = listed.map((item) => ({ id: String(item.id), version: Number(item.version), occurredAt: String(item.occurredAt) }));
    const lastYear = largeIncidents.filter((incident) => incident.occurredAt.startsWith(String(year - 1)));
    // Act: move two incidents of last year to the year before (the trend no longer falls), correct injured on one, delete one.
    await execute(CORRECT, { input: { id: lastYear[0]!.id, version: lastYear[0]!.version, reason: '日期录入错误', occurredAt: `${year - 2}-07-01T02:00:00.000Z` } }, 0);
    await execute(CORRECT, { input: { id: lastYear[1]!.id, version: lastYear[1]!.version, reason: '日期录入错误', occurredAt: `${year - 2}-07-02T02:00:00.000Z`, injured: 4 } }, 1);
    await execute(DELETE_INCIDENT, { input: { id: lastYear[2]!.id, version: lastYear[2]!.version, reason: '重复录入' } }, 0);
    // An activity becomes a drill on another date, one is deleted; a project gains a budget; an intervention is done.
    const [first, second] = largeActivities.filter((activity) => activity.kind === 'TRAINING');
    await execute(UPDATE_ACTIVITY, { input: { id: first!.id, version: first!.version, kind: 'DRILL', heldOn: daysAgo(400) } }, 1);
    await execute(DELETE_ACTIVITY, { input: { id: second!.id, version: second!.version } }, 0);
    await execute(UPDATE_PROJECT, { input: { id: project.id, version: project.version, budget: '1200.00' } }, 1);
    await execute(UPDATE_INTERVENTION, { input: { id: intervention.id, version: intervention.version, status: 'DONE' } }, 0);
    // Assess
    const { expected, actual } = await figuresAgainstRecount(large);
    expect(actual).toEqual(expected);
    const { facts } = await readCounted(large);
    expect(facts.incidents.lastYear.count).toBe(37);
    expect(facts.incidents.yearBefore.count).toBe(47);
    expect(facts.projects).toMatchObject({ withBudget: 3, interventionsDone: 3 });
  });

  it('recomputeAggregates makes stale figures equal the recount again, with an audit entry per fix', async () => {
    // Prepare: a lost update on last year's item, and the snapshot gone.
    await app.table.client.send(
      new UpdateCommand({
        TableName: app.table.name,
        Key: communityFigureKeys.year(large.id, year - 1),
        UpdateExpression: 'ADD inc :five, drill_m01 :one',
        ExpressionAttributeValues: { ':five': 5, ':one': 1 },
      }),
    );
    await app.table.client.send(new DeleteCommand({ TableName: app.table.name, Key: communityFigureKeys.snapshot(large.id) }));
    const stale = await figuresAgainstRecount(large);
    expect(stale.actual).not.toEqual(stale.expected);
    // Act
    const report = (await execute(RECOMPUTE, { regionCode: '3717' })).recomputeAggregates;
    // Assess
    expect(report.itemsFixed).toBe(2);
    const figureDifferences = report.differences.filter((difference: { family: string }) => difference.family === 'COMMUNITY_FIGURES');
    const lostUpdate = figureDifferences.find((difference: { period: string; attribute: string }) => difference.period === `Y${year - 1}` && difference.attribute === 'inc');
    expect(lostUpdate).toMatchObject({ regionCode: large.regionCode, communityId: large.id, shard: 0 });
    expect(lostUpdate.stored - lostUpdate.recounted).toBe(5);
    expect(figureDifferences.some((difference: { period: string; stored: number }) => difference.period === 'NOW' && difference.stored === 0)).toBe(true);
    expect(report.differences.filter((difference: { family: string }) => difference.family !== 'COMMUNITY_FIGURES').every((difference: { communityId: string | null }) => difference.communityId === null)).toBe(true);
    const { expected, actual } = await figuresAgainstRecount(large);
    expect(actual).toEqual(expected);
    expect((await readCounted(large)).facts.incidents.lastYear.count).toBe(37);
    const entries = await queryAll(app.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': auditKeys.community(large.id) },
    });
    expect(entries.filter((entry) => entry.operation === 'RECOMPUTE_REPAIR' && entry.recordType === 'AggregateCounter')).toHaveLength(2);
    expect((await execute(RECOMPUTE, { regionCode: '3717' })).recomputeAggregates.itemsFixed).toBe(0);
  });
});
