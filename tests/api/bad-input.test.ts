import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { CLAIMS } from '#core/auth/principal.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#local/auth.ts';
import { createTestApp, errorCode, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';

/**
 * Bad input is a clear error, never an internal one (issue 9, from the security review): ids and
 * cursors that cannot exist, numbers beyond any plausible range, text with control characters,
 * direction overrides or nothing visible, dates in year 0 or 9999, 1 MB values echoed in messages,
 * tokens that never expire. Each answer is BAD_USER_INPUT (UNAUTHENTICATED for tokens) naming the
 * field, through both doors, with nothing written; ids and cursors are refused before any
 * DynamoDB call.
 */
let app: TestApp;
let admin: string;
let community: Community;
let selfAssessed: Community;

const LONG_IDS = [3_000, 100_000] as const;
const longId = (length: number) => 'x'.repeat(length);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** "1 MB" values, as large as a request body may be (1,000,000 bytes, with room for the query). */
const ONE_MB = 990_000;

const incidentInput = (communityId: string) => fallAtHome(communityId, { occurredAt: '2024-05-01T14:30:00+08:00' });
const projectInput = (communityId: string, overrides: Record<string, unknown> = {}) => ({
  communityId,
  name: '农药中毒预防',
  category: 'PESTICIDE_POISONING',
  leadAgency: '吴店镇安全生产办公室',
  startOn: '2008-03-01',
  ...overrides,
});
const activityInput = (communityId: string, overrides: Record<string, unknown> = {}) => ({
  communityId,
  kind: 'PUBLICITY_CAMPAIGN',
  topic: '安全社区宣传周',
  heldOn: '2009-06-15',
  attendeeCount: 2300,
  ...overrides,
});
const communityInput = (overrides: Record<string, unknown> = {}) => ({ name: `何楼街道-${randomUUID().slice(0, 8)}`, kind: 'STREET', regionCode: '371702009', ...overrides });
const evidenceInput = (ownerId: string, overrides: Record<string, unknown> = {}) => ({
  ownerType: 'COMMUNITY',
  ownerId,
  fileName: '促进委员会工作制度.pdf',
  contentType: 'application/pdf',
  size: 1024,
  sha256: 'a'.repeat(64),
  ...overrides,
});

const CREATE_COMMUNITY = 'mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id name } }';
const CREATE_PROJECT = 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }';
const CREATE_ACTIVITY = 'mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }';
const CREATE_INCIDENT = 'mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id description } }';
const REQUEST_UPLOAD = 'mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }';
const RECORD_SURVEY = 'mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id } }';
const APPLY = 'mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id } }';
const REVIEW = 'mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { id } }';
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) {
  importIncidents(communityId: $communityId, records: $records) { outcome created rows { row status errors { field message } } }
}`;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  selfAssessed = await seedCommunity(app.table, {
    regionCode: '371702002',
    stage: 'SELF_ASSESSED',
    stageHistory: [
      { stage: 'LAUNCHED', on: '2007-10-15' },
      { stage: 'SELF_ASSESSED', on: '2008-10-01' },
    ],
  });
});
afterAll(() => app.close());

/** The DynamoDB commands the HTTP door's clients send while `act` runs. */
async function dynamoCommands<T>(act: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const commands: string[] = [];
  const name = `record-${randomUUID()}`;
  app.clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await act(), commands };
  } finally {
    app.clients.dynamodb.middlewareStack.remove(name);
  }
}
const isWrite = (command: string) => /Put|Update|Delete|TransactWrite|BatchWrite/.test(command);

/** A BAD_USER_INPUT naming `field`, with a message that quotes no long run of what was sent. */
function expectBadInput(response: GraphQLResponse, field: string): void {
  const error = response.body.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(response.body).slice(0, 600)).toBe('BAD_USER_INPUT');
  expect(error?.extensions?.field).toBe(field);
  expect(JSON.stringify(response.body).length).toBeLessThan(2_000);
}

const doors = () => app.doors.map((door, index) => [index, door] as const);

describe('ids and cursors that cannot exist', () => {
  const QUERIES: readonly (readonly [string, string, string])[] = [
    ['activities', 'query($id: ID!) { activities(communityId: $id) { totalCount } }', 'communityId'],
    ['activity', 'query($id: ID!) { activity(id: $id) { id } }', 'id'],
    ['certification', 'query($id: ID!) { certification(id: $id) { id } }', 'id'],
    ['community', 'query($id: ID!) { community(id: $id) { id } }', 'id'],
    ['evidence', 'query($id: ID!) { evidence(id: $id) { id } }', 'id'],
    ['incident', 'query($id: ID!) { incident(id: $id) { id } }', 'id'],
    ['incidentChanges', 'query($id: ID!) { incidentChanges(incidentId: $id) { kind } }', 'incidentId'],
    ['incidents', 'query($id: ID!) { incidents(communityId: $id) { totalCount } }', 'communityId'],
    ['intervention', 'query($id: ID!) { intervention(id: $id) { id } }', 'id'],
    ['project', 'query($id: ID!) { project(id: $id) { id } }', 'id'],
    ['projects', 'query($id: ID!) { projects(communityId: $id) { totalCount } }', 'communityId'],
  ];

  it.each(QUERIES)('%s: an id of 3,000 or 100,000 characters is BAD_USER_INPUT naming it, before any DynamoDB call', async (_name, query, field) => {
    for (const length of LONG_IDS) {
      for (const [index, door] of doors()) {
        const { result, commands } = await dynamoCommands(() => door.execute(query, { id: longId(length) }, admin));
        expectBadInput(result, field);
        if (index === 1) expect(commands).toEqual([]);
      }
    }
  });

  it('importIncidents(communityId) with a 100,000-character id, and an id written into the query text, too', async () => {
    for (const [, door] of doors()) {
      const { result, commands } = await dynamoCommands(() =>
        door.execute(IMPORT, { communityId: longId(100_000), records: [{ ...incidentInput('x'), communityId: undefined, externalId: 'A-1' }] }, admin),
      );
      expectBadInput(result, 'communityId');
      expect(commands.filter(isWrite)).toEqual([]);
      expectBadInput(await door.execute(`{ community(id: "${longId(3_000)}") { id } }`, {}, admin), 'id');
    }
  });

  it('an id of the right form that names nothing stays NOT_FOUND', async () => {
    for (const [name, query] of QUERIES) {
      if (name === 'incidentChanges') continue;
      expect(errorCode(await app.doors[0]!.execute(query, { id: UNKNOWN_ID }, admin)), name).toBe('NOT_FOUND');
    }
    expect(errorCode(await app.doors[0]!.execute(QUERIES[3]![1], { id: 'no-such-community' }, admin))).toBe('NOT_FOUND');
  });

  it.each([
    ['communities', 'query($after: String) { communities(after: $after) { totalCount } }', {}],
    ['incidents', 'query($id: ID!, $after: String) { incidents(communityId: $id, after: $after) { totalCount } }', { id: 'c' }],
    ['projects', 'query($id: ID!, $after: String) { projects(communityId: $id, after: $after) { totalCount } }', { id: 'c' }],
    ['activities', 'query($id: ID!, $after: String) { activities(communityId: $id, after: $after) { totalCount } }', { id: 'c' }],
  ])('%s: a 1 MB after cursor is BAD_USER_INPUT naming after, before any DynamoDB call', async (_name, query, variables) => {
    const ids = 'id' in variables ? { id: community.id } : {};
    for (const after of ['A'.repeat(ONE_MB), 'not a cursor!']) {
      for (const [index, door] of doors()) {
        const { result, commands } = await dynamoCommands(() => door.execute(query, { ...ids, after }, admin));
        expectBadInput(result, 'after');
        if (index === 1) expect(commands).toEqual([]);
      }
    }
  });

  it('a 1 MB cursor on a nested listing (a community\'s evidence, projects, incidents) is BAD_USER_INPUT too', async () => {
    for (const field of ['evidence', 'projects', 'incidents', 'activities']) {
      const response = await app.doors[1]!.execute(
        `query($id: ID!, $after: String) { community(id: $id) { ${field}(after: $after) { totalCount } } }`,
        { id: community.id, after: 'A'.repeat(ONE_MB) },
        admin,
      );
      expectBadInput(response, 'after');
    }
  });

  it.each([
    ['createIncident', CREATE_INCIDENT, () => ({ input: incidentInput(longId(3_000)) }), 'input.communityId'],
    ['updateCommunity', 'mutation($input: UpdateCommunityInput!) { updateCommunity(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, population: 1 } }), 'input.id'],
    ['createProject', CREATE_PROJECT, () => ({ input: projectInput(longId(100_000)) }), 'input.communityId'],
    ['updateProject', 'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, name: 'x' } }), 'input.id'],
    ['closeProject', 'mutation($input: CloseProjectInput!) { closeProject(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, closedOn: '2010-01-01', outcome: 'x' } }), 'input.id'],
    ['createIntervention', 'mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }', () => ({ input: { projectId: longId(3_000), kind: 'PRODUCTS', description: '发放存放箱', responsibleUnit: '农业站' } }), 'input.projectId'],
    ['updateIntervention', 'mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, status: 'DONE' } }), 'input.id'],
    ['createActivity (projectId)', CREATE_ACTIVITY, () => ({ input: activityInput(community.id, { projectId: longId(3_000) }) }), 'input.projectId'],
    ['updateActivity', 'mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, topic: 'x' } }), 'input.id'],
    ['deleteActivity', 'mutation($input: DeleteActivityInput!) { deleteActivity(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1 } }), 'input.id'],
    ['recordSurvey', RECORD_SURVEY, () => ({ input: { communityId: longId(3_000), year: 2010, awarenessRate: 80, participationRate: 80, sampleSize: 100 } }), 'input.communityId'],
    ['applyForCertification', APPLY, () => ({ input: { communityId: longId(3_000), level: 'CITY', appliedOn: '2020-01-01' } }), 'input.communityId'],
    ['applyForCertification (selfAssessmentId)', APPLY, () => ({ input: { communityId: community.id, level: 'CITY', appliedOn: '2020-01-01', selfAssessmentId: longId(3_000) } }), 'input.selfAssessmentId'],
    ['endorseCertification', 'mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, action: 'ENDORSE' } }), 'input.id'],
    ['resubmitCertification', 'mutation($input: ResubmitCertificationInput!) { resubmitCertification(input: $input) { id } }', () => ({ input: { id: longId(100_000), version: 1 } }), 'input.id'],
    ['resubmitCertification (selfAssessmentId)', 'mutation($input: ResubmitCertificationInput!) { resubmitCertification(input: $input) { id } }', () => ({ input: { id: '00000000-0000-4000-8000-000000000000', version: 1, selfAssessmentId: longId(3_000) } }), 'input.selfAssessmentId'],
    ['scoreCertificationOnSite', 'mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, onSiteReviewOn: '2020-01-01', items: [] } }), 'input.id'],
    ['recordCertificationReview', REVIEW, () => ({ input: { id: longId(3_000), version: 1, onSiteReviewOn: '2020-01-01' } }), 'input.id'],
    ['decideCertification', 'mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, decision: 'REJECTED', decidedOn: '2020-01-01' } }), 'input.id'],
    ['correctIncident', 'mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, reason: '核对', injured: 2 } }), 'input.id'],
    ['deleteIncident', 'mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, reason: '重复录入' } }), 'input.id'],
    ['requestEvidenceUpload', REQUEST_UPLOAD, () => ({ input: evidenceInput(longId(3_000), { ownerType: 'PROJECT' }) }), 'input.ownerId'],
    ['withdrawEvidence', 'mutation($input: WithdrawEvidenceInput!) { withdrawEvidence(input: $input) { id } }', () => ({ input: { id: longId(3_000), version: 1, reason: '旧版本' } }), 'input.id'],
  ])('%s: an input id that cannot exist is BAD_USER_INPUT naming it, before any DynamoDB call', async (_name, mutation, variables, field) => {
    for (const [index, door] of doors()) {
      const { result, commands } = await dynamoCommands(() => door.execute(mutation, variables(), admin));
      expectBadInput(result, field);
      if (index === 1) expect(commands).toEqual([]);
    }
  });
});

describe('every number has a plausible range', () => {
  it.each([
    ['a goal baseline of 1e16', { goals: [{ indicator: '农药中毒发生数', baseline: 1e16, target: 6 }] }, 'input.goals.0.baseline'],
    ['a goal target of 1e16', { goals: [{ indicator: '农药中毒发生数', baseline: 12, target: 1e16 }] }, 'input.goals.0.target'],
    ['a goal target of -1e16', { goals: [{ indicator: '农药中毒发生数', target: -1e16 }] }, 'input.goals.0.target'],
    ['a budget of ten trillion yuan', { budget: '9999999999999.99' }, 'input.budget'],
  ])('createProject with %s is BAD_USER_INPUT naming it, and writes nothing', async (_label, overrides, field) => {
    for (const [index, door] of doors()) {
      const { result, commands } = await dynamoCommands(() => door.execute(CREATE_PROJECT, { input: projectInput(community.id, overrides) }, admin));
      expectBadInput(result, field);
      if (index === 1) expect(commands.filter(isWrite)).toEqual([]);
    }
  });

  it("a review's maxScore or score of 1e308 is BAD_USER_INPUT naming it", async () => {
    // ISCCC's reviews are the ones with a typed score (CITY and NATIONAL are scored on their sheets).
    const applied = ok(await app.doors[0]!.execute(APPLY, { input: { communityId: selfAssessed.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } }, admin));
    const id = applied.applyForCertification.id as string;
    for (const [index, door] of doors()) {
      for (const [values, field] of [
        [{ maxScore: 1e308 }, 'input.maxScore'],
        [{ score: 1e308, maxScore: 150 }, 'input.score'],
        [{ score: 1e308 }, 'input.score'],
      ] as const) {
        const { result, commands } = await dynamoCommands(() => door.execute(REVIEW, { input: { id, version: 1, onSiteReviewOn: '2008-12-20', ...values } }, admin));
        expectBadInput(result, field);
        if (index === 1) expect(commands.filter(isWrite)).toEqual([]);
      }
    }
    // A plausible review still goes through.
    ok(await app.doors[0]!.execute(REVIEW, { input: { id, version: 1, onSiteReviewOn: '2008-12-20', score: 118.5, maxScore: 150 } }, admin));
  });

  it.each([
    ['population', CREATE_COMMUNITY, () => ({ input: communityInput({ population: 2_147_483_647 }) }), 'input.population'],
    ['area', CREATE_COMMUNITY, () => ({ input: communityInput({ areaKm2: 1e308 }) }), 'input.areaKm2'],
    ['villages', CREATE_COMMUNITY, () => ({ input: communityInput({ administrativeVillages: 2_147_483_647 }) }), 'input.administrativeVillages'],
    ['residents\' committees', CREATE_COMMUNITY, () => ({ input: communityInput({ residentialCommittees: 2_147_483_647 }) }), 'input.residentialCommittees'],
    ['attendees', CREATE_ACTIVITY, () => ({ input: activityInput(community.id, { attendeeCount: 2_147_483_647 }) }), 'input.attendeeCount'],
    ['material quantity', CREATE_ACTIVITY, () => ({ input: activityInput(community.id, { materials: [{ kind: 'LEAFLET', quantity: 2_147_483_647 }] }) }), 'input.materials.0.quantity'],
    ['survey sample', RECORD_SURVEY, () => ({ input: { communityId: community.id, year: 2010, awarenessRate: 80, participationRate: 80, sampleSize: 2_147_483_647 } }), 'input.sampleSize'],
    ['survey rate', RECORD_SURVEY, () => ({ input: { communityId: community.id, year: 2010, awarenessRate: 1e308, participationRate: 80, sampleSize: 400 } }), 'input.awarenessRate'],
    ['economic loss', CREATE_INCIDENT, () => ({ input: { ...incidentInput(community.id), economicLoss: '9999999999999.99' } }), 'input.economicLoss'],
    ['file size', REQUEST_UPLOAD, () => ({ input: evidenceInput(community.id, { size: 2_147_483_647 }) }), 'input.size'],
  ])('%s beyond its range is BAD_USER_INPUT naming it, and writes nothing', async (_label, mutation, variables, field) => {
    for (const [index, door] of doors()) {
      const { result, commands } = await dynamoCommands(() => door.execute(mutation, variables(), admin));
      expectBadInput(result, field);
      if (index === 1) expect(commands.filter(isWrite)).toEqual([]);
    }
  });
});

describe('free text: one rule for every string field', () => {
  const HOSTILE = [
    ['NUL', '西城\u0000街道'],
    ['a terminal escape sequence', '\u001b[2J\u001b[31m西城街道'],
    ['a lone surrogate', '西城\ud800街道'],
    ['a right-to-left override', 'report\u202efdp.exe'],
    ['only zero-width characters', '\u200b\u200c\u200d\ufeff'],
  ] as const;
  const FIELDS: readonly (readonly [string, string, (value: string) => Record<string, unknown>, string])[] = [
    ['a community name', CREATE_COMMUNITY, (value) => ({ input: communityInput({ name: value }) }), 'input.name'],
    [
      'a committee member organisation',
      CREATE_COMMUNITY,
      (value) => ({ input: communityInput({ committee: { chairUnit: '何楼街道办事处', members: [{ organisation: value, sector: 'GOVERNMENT', role: 'CHAIR' }] } }) }),
      'input.committee.members.0.organisation',
    ],
    ['a partner agency', CREATE_PROJECT, (value) => ({ input: projectInput(community.id, { partnerAgencies: ['吴店镇卫生院', value] }) }), 'input.partnerAgencies.1'],
    ['an activity topic', CREATE_ACTIVITY, (value) => ({ input: activityInput(community.id, { topic: value }) }), 'input.topic'],
    ['an incident description', CREATE_INCIDENT, (value) => ({ input: { ...incidentInput(community.id), description: value } }), 'input.description'],
    ['an external id', CREATE_INCIDENT, (value) => ({ input: { ...incidentInput(community.id), externalId: value } }), 'input.externalId'],
    ['a file name', REQUEST_UPLOAD, (value) => ({ input: evidenceInput(community.id, { fileName: value }) }), 'input.fileName'],
  ];

  it.each(HOSTILE.flatMap(([label, value]) => FIELDS.map(([fieldLabel, mutation, variables, field]) => [`${label} in ${fieldLabel}`, mutation, variables, field, value] as const)))(
    '%s is BAD_USER_INPUT naming the field, and writes nothing',
    async (_label, mutation, variables, field, value) => {
      for (const [index, door] of doors()) {
        const { result, commands } = await dynamoCommands(() => door.execute(mutation, variables(value), admin));
        expectBadInput(result, field);
        if (index === 1) expect(commands.filter(isWrite)).toEqual([]);
      }
    },
  );

  it('a row of importIncidents with such an externalId or description is REJECTED naming the field', async () => {
    const records = HOSTILE.flatMap(([, value], n) => [
      { ...incidentInput('x'), communityId: undefined, externalId: value },
      { ...incidentInput('x'), communityId: undefined, externalId: `T-${n}`, description: value },
    ]);
    const report = ok(await app.doors[0]!.execute(IMPORT, { communityId: community.id, records }, admin)).importIncidents;
    expect(report.outcome).toBe('REJECTED');
    expect(report.created).toBe(0);
    const fields = report.rows.map((row: { errors: { field: string }[] }) => row.errors[0]?.field);
    expect(fields).toEqual(HOSTILE.flatMap(() => ['externalId', 'description']));
  });

  it('a long text keeps its line breaks and tabs; a name takes neither', async () => {
    const created = ok(
      await app.doors[0]!.execute('mutation($input: CreateProjectInput!) { createProject(input: $input) { background } }', { input: projectInput(community.id, { background: '农药存放不规范\r\n\t误服中毒时有发生' }) }, admin),
    );
    expect(created.createProject.background).toBe('农药存放不规范\n\t误服中毒时有发生');
    for (const name of ['何楼\n街道', '何楼\t街道']) {
      expectBadInput(await app.doors[1]!.execute(CREATE_COMMUNITY, { input: communityInput({ name }) }, admin), 'input.name');
    }
    const emoji = ok(await app.doors[1]!.execute(CREATE_COMMUNITY, { input: communityInput({ name: `何楼街道👨‍👩‍👧-${randomUUID().slice(0, 4)}` }) }, admin));
    expect(emoji.createCommunity.name).toContain('👨‍👩‍👧');
  });
});

describe('every date has a plausible range', () => {
  it.each([
    ['a project start in year 0', CREATE_PROJECT, () => ({ input: projectInput(community.id, { startOn: '0000-01-01' }) }), 'input.startOn'],
    ['a project end in 9999', CREATE_PROJECT, () => ({ input: projectInput(community.id, { endOn: '9999-12-31' }) }), 'input.endOn'],
    ['a goal due in 9999', CREATE_PROJECT, () => ({ input: projectInput(community.id, { goals: [{ indicator: '发生数', target: 6, dueOn: '9999-12-31' }] }) }), 'input.goals.0.dueOn'],
    ['an activity in year 0', CREATE_ACTIVITY, () => ({ input: activityInput(community.id, { heldOn: '0000-01-01' }) }), 'input.heldOn'],
    ['a launch in year 0', CREATE_COMMUNITY, () => ({ input: communityInput({ launchedOn: '0000-01-01' }) }), 'input.launchedOn'],
    ['a committee established in 9999', CREATE_COMMUNITY, () => ({ input: communityInput({ committee: { chairUnit: '何楼街道办事处', establishedOn: '9999-12-31', members: [] } }) }), 'input.committee.establishedOn'],
    ['an application in year 0', APPLY, () => ({ input: { communityId: community.id, level: 'CITY', appliedOn: '0000-01-01' } }), 'input.appliedOn'],
    ['a survey in year 0', RECORD_SURVEY, () => ({ input: { communityId: community.id, year: 2010, awarenessRate: 80, participationRate: 80, sampleSize: 400, surveyedOn: '0000-01-01' } }), 'input.surveyedOn'],
  ])('%s is BAD_USER_INPUT naming the field, and writes nothing', async (_label, mutation, variables, field) => {
    for (const [index, door] of doors()) {
      const { result, commands } = await dynamoCommands(() => door.execute(mutation, variables(), admin));
      expectBadInput(result, field);
      if (index === 1) expect(commands.filter(isWrite)).toEqual([]);
    }
  });

  it('a planned project may end and a goal fall due in some years; an activity may not be tomorrow', async () => {
    const inFiveYears = `${new Date().getUTCFullYear() + 5}-06-30`;
    ok(await app.doors[0]!.execute(CREATE_PROJECT, { input: projectInput(community.id, { endOn: inFiveYears, goals: [{ indicator: '发生数', target: 6, dueOn: inFiveYears }] }) }, admin));
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    expectBadInput(await app.doors[0]!.execute(CREATE_ACTIVITY, { input: activityInput(community.id, { heldOn: tomorrow }) }, admin), 'input.heldOn');
  });
});

describe('messages quote at most a short prefix of a bad value', () => {
  const huge = 'y'.repeat(ONE_MB);
  const noLongRun = (response: GraphQLResponse) => {
    const text = JSON.stringify(response.body);
    expect(text.length).toBeLessThan(2_000);
    expect(text).not.toMatch(/y{100}/);
  };

  it.each([
    ['a 1 MB string for an Int variable', 'query($first: Int) { communities(first: $first) { totalCount } }', { first: huge }, 'first'],
    ['a 1 MB enum value', CREATE_PROJECT, { input: { ...projectInput('c'), category: huge } }, 'input.category'],
    ['a 1 MB date', CREATE_PROJECT, { input: { ...projectInput('c'), startOn: huge } }, 'input.startOn'],
    ['a 1 MB amount', CREATE_PROJECT, { input: { ...projectInput('c'), budget: huge } }, 'input.budget'],
    ['a 1 MB date-time', 'query($id: ID!, $from: DateTime) { incidents(communityId: $id, from: $from) { totalCount } }', { id: 'c', from: huge }, 'from'],
  ])("GraphQL's own coercion message for %s", async (_label, query, variables, field) => {
    for (const [, door] of doors()) {
      const response = await door.execute(query, variables, admin);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
      noLongRun(response);
    }
  });

  it('our own messages: a 1 MB region code, a 1 MB name', async () => {
    for (const [, door] of doors()) {
      const region = await door.execute('query($code: String!) { region(code: $code) { name } }', { code: huge }, admin);
      expectBadInput(region, 'code');
      noLongRun(region);
      const analytics = await door.execute('query($code: String!) { incidentSummary(regionCode: $code, period: { year: 2009 }) { total { current { count } } } }', { code: huge }, admin);
      expectBadInput(analytics, 'regionCode');
      noLongRun(analytics);
      const name = await door.execute(CREATE_COMMUNITY, { input: communityInput({ name: huge }) }, admin);
      expectBadInput(name, 'input.name');
      noLongRun(name);
    }
  });

  it('a 500 KB literal in the query text', async () => {
    for (const [, door] of doors()) {
      const response = await door.execute(`{ communities(first: "${'y'.repeat(500_000)}") { totalCount } }`, {}, admin);
      expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
      noLongRun(response);
    }
  });
});

describe('tokens are valid for a day at most', () => {
  /** A token like the local identity provider's, with the lifetime claims as given. */
  async function tokenWith(times: { iat?: number; exp?: number }): Promise<string> {
    const key = inject('engines').signingKey;
    const jwt = new SignJWT({ [CLAIMS.groups]: ['ADMIN'], token_use: 'id', ...times })
      .setProtectedHeader({ alg: 'RS256', kid: key.privateJwk.kid ?? 'local', typ: 'JWT' })
      .setSubject('lifetime-test')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE);
    return jwt.sign(await importJWK(key.privateJwk, 'RS256'));
  }
  const now = () => Math.floor(Date.now() / 1000);
  const QUERY = '{ communities(first: 1) { totalCount } }';

  it.each([
    ['without exp', () => ({ iat: now() }), 'no expiry'],
    ['without exp or iat', () => ({}), 'no expiry'],
    ['valid 25 h from its issue', () => ({ iat: now(), exp: now() + 25 * 3600 }), 'more than 24 hours'],
    ['issued a day ago, valid 48 h', () => ({ iat: now() - 24 * 3600, exp: now() + 24 * 3600 - 60 }), 'more than 24 hours'],
    ['without iat, expiring in 30 days', () => ({ exp: now() + 30 * 86_400 }), 'more than 24 hours'],
  ])('a token %s is UNAUTHENTICATED', async (_label, times, message) => {
    const token = await tokenWith(times());
    for (const [, door] of doors()) {
      const response = await door.execute(QUERY, {}, token);
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
      expect(response.body.errors?.[0]?.message).toContain(message);
      expect(response.body.data ?? null).toBeNull();
    }
  });

  it('a token valid 24 h, and the 12 h tokens npm run token and npm start issue, are accepted', async () => {
    for (const token of [await tokenWith({ iat: now(), exp: now() + 24 * 3600 }), await app.token({ role: 'ADMIN' })]) {
      for (const [, door] of doors()) ok(await door.execute(QUERY, {}, token));
    }
  });
});
