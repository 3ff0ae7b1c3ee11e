import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommunityRepository } from '#community/repository.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { bundledChecklist } from '#hazard/checklist.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { createTestApp, type Door, type GraphQLResponse, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { seedDesignation, seedSubmittedSelfAssessment } from '#tests/support/review.ts';

/**
 * Global object identification (issue 13): every entity implements Node, `node(id)` answers what
 * the type's own query answers, under its authorization, and `nodes(ids)` reads up to 100 ids,
 * batched per kind. Ids are born tagged (`inc_<uuid>`): opaque to clients, stable across reads.
 */
const TAGGED = (tag: string) => new RegExp(`^${tag}_[0-9a-f]{8}-[0-9a-f]{4}-[48][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`);
const OFFICE = { organisation: '吴店镇安全生产办公室', post: '网格长' };
const INCIDENT = { cause: 'FALL', intent: 'UNINTENTIONAL', place: 'HOME', activity: 'HOUSEWORK', severity: 'MINOR', deaths: 0, injured: 1, victimAgeGroup: 'AGE_75_PLUS', victimSex: 'FEMALE' };
/** An id of the incident tag that no incident has. */
const UNKNOWN_INCIDENT = 'inc_00000000-0000-4000-8000-000000000000';

let app: TestApp;
let admin: string;
let editor: string;
/** An editor of another community only (菏泽 牡丹区). */
let otherEditor: string;
/** Ids made through the API (and the fixtures), by kind. */
const ids: Record<string, string> = {};

async function data(door: Door, query: string, variables: Record<string, unknown>, token: string) {
  return ok(await door.execute(query, variables, token));
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.token({ role: 'ADMIN' });
  const http = app.doors[1]!;
  const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id } }`;
  ids.community = (await data(http, CREATE_COMMUNITY, { input: { name: '吴店镇', kind: 'TOWN', regionCode: '371702101', stage: 'LAUNCHED', launchedOn: '2007-10-15', population: 52000 } }, admin)).createCommunity.id;
  ids.otherCommunity = (await data(http, CREATE_COMMUNITY, { input: { name: '沙土镇', kind: 'TOWN', regionCode: '371702102', stage: 'LAUNCHED', launchedOn: '2008-03-01', population: 41000 } }, admin)).createCommunity.id;
  const communityId = ids.community as string;
  // A decided certification and the community it designated (written by the fixture, tagged as the API tags).
  const designation = await seedDesignation(app.table, { regionCode: '371702', level: 'CITY', designatedOn: '2021-06-01', name: '何楼街道' });
  ids.designated = designation.community.id;
  ids.certification = designation.certification.id;
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [communityId, designation.community.id] });
  otherEditor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [ids.otherCommunity as string] });

  ids.project = (
    await data(http, `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`, { input: { communityId, name: '农药中毒预防', category: 'PESTICIDE_POISONING', leadAgency: '吴店镇安全生产办公室', startOn: '2008-03-01' } }, editor)
  ).createProject.id;
  ids.intervention = (
    await data(http, `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id } }`, { input: { projectId: ids.project, kind: 'PRODUCTS', description: '免费发放农药存放箱', responsibleUnit: '吴店镇农业站' } }, editor)
  ).createIntervention.id;
  ids.activity = (
    await data(http, `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, { input: { communityId, kind: 'DRILL', topic: '消防疏散演练', heldOn: '2009-06-15', audienceGroups: ['ALL_RESIDENTS'], attendeeCount: 230 } }, editor)
  ).createActivity.id;
  ids.survey = (await data(http, `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id } }`, { input: { communityId, year: 2010, awarenessRate: 86.5, participationRate: 81, sampleSize: 400 } }, editor)).recordSurvey.id;
  const CREATE_INCIDENT = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version } }`;
  ids.incident = (await data(http, CREATE_INCIDENT, { input: { communityId, occurredAt: '2009-05-01T14:30:00+08:00', ...INCIDENT } }, editor)).createIncident.id;
  ids.otherIncident = (await data(http, CREATE_INCIDENT, { input: { communityId: ids.otherCommunity, occurredAt: '2009-05-02T09:00:00+08:00', ...INCIDENT } }, admin)).createIncident.id;
  const doomed = (await data(http, CREATE_INCIDENT, { input: { communityId, occurredAt: '2009-05-03T09:00:00+08:00', ...INCIDENT } }, editor)).createIncident;
  await data(http, `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }`, { input: { id: doomed.id, version: doomed.version, reason: '重复录入' } }, editor);
  ids.deletedIncident = doomed.id;
  const stored = await new CommunityRepository(app.table, createWritePipeline(app.table)).get(communityId);
  if (!stored) throw new Error('the community just created is not stored');
  ids.assessment = (await seedSubmittedSelfAssessment(app.table, stored, 'CITY')).id;
  ids.evidence = (
    await data(
      http,
      `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }`,
      { input: { ownerType: 'COMMUNITY', ownerId: communityId, fileName: '促进委员会文件.pdf', contentType: 'application/pdf', size: 2048, sha256: 'a'.repeat(64), element: 'ORGANISATION' } },
      editor,
    )
  ).requestEvidenceUpload.evidence.id;
  ids.reviewPack = (await data(http, 'mutation($c: ID!) { requestReviewPack(communityId: $c) { id } }', { c: communityId }, editor)).requestReviewPack.id;
  ids.importJob = (
    await data(
      http,
      'mutation($c: ID!, $f: String!, $size: Int!, $sha: String!) { requestIncidentImport(communityId: $c, fileName: $f, size: $size, sha256: $sha) { job { id } } }',
      { c: communityId, f: '事故登记.csv', size: 1024, sha: 'c'.repeat(64) },
      editor,
    )
  ).requestIncidentImport.job.id;

  const CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }`;
  ids.gridCell = (await data(http, CELL, { input: { communityId, name: '吴店村', kind: 'VILLAGE_COMMITTEE', villageCode: '371702101201', responsibleUnit: OFFICE } }, editor)).createGridCell.id;
  ids.hazardSource = (
    await data(
      http,
      `mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id } }`,
      { input: { cellId: ids.gridCell, kind: 'SEPTIC_TANK', location: { address: '吴店村东头' }, riskLevel: 'ORANGE', controls: ['加盖上锁'], responsibleUnit: OFFICE } },
      editor,
    )
  ).createHazardSource.id;
  ids.supervisedUnit = (
    await data(
      http,
      `mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id } }`,
      { input: { cellId: ids.gridCell, kind: 'RESTAURANT', name: '吴店饭庄', grade: 'D', responsibleUnit: { organisation: '吴店饭庄', post: '店长' } } },
      editor,
    )
  ).createSupervisedUnit.id;
  const inspection = (
    await data(
      http,
      `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id dangers { id } } }`,
      {
        input: {
          subjectType: 'SUPERVISED_UNIT',
          subjectId: ids.supervisedUnit,
          heldOn: chinaToday(),
          inspector: OFFICE,
          results: bundledChecklist('RESTAURANT')?.items.map((item) => ({ itemId: item.id, outcome: 'PASS' })),
          dangers: [{ severity: 'GENERAL', description: '灭火器过期', deadline: chinaToday() }],
        },
      },
      editor,
    )
  ).recordInspection;
  ids.inspection = inspection.id;
  ids.hiddenDanger = inspection.dangers[0].id;
  const intake = await app.token({ role: 'REPORT_INTAKE', app: 'nodes-app', subject: 'nodes-app' });
  await data(http, `mutation($input: SubmitResidentReportInput!) { submitResidentReport(input: $input) { trackingCode } }`, { input: { communityId, description: '村口桥栏杆松动', location: { address: '吴店镇村口桥' } } }, intake);
  ids.residentReport = (await data(http, `query($c: ID!) { residentReports(communityId: $c, first: 1) { edges { node { id } } } }`, { c: communityId }, editor)).residentReports.edges[0].node.id;
  // The reminders job years ahead: the upload requested above has long expired, the designation's re-review is overdue.
  await createRemindersJob(app.table.name, app.table.client).run(runFor('2031-01-01'));
  ids.notification = (await data(http, '{ notifications(first: 1) { edges { node { id } } } }', {}, editor)).notifications.edges[0].node.id;
  const HISTORY = `query($id: ID!) { community(id: $id) { history(first: 1) { edges { node { id } } } } }`;
  ids.auditEntry = (await data(http, HISTORY, { id: communityId }, editor)).community.history.edges[0].node.id;
  ids.otherAuditEntry = (await data(http, HISTORY, { id: ids.otherCommunity }, admin)).community.history.edges[0].node.id;
}, 120_000);
afterAll(() => app.close());

/** Each node type: its fields, and the query of its own that `node(id)` must answer alike. */
const CASES: readonly { kind: string; type: string; tag: string; fields: string; own: (id: string) => { query: string; variables: Record<string, unknown>; pick: (data: any) => unknown } }[] = [
  { kind: 'community', type: 'Community', tag: 'com', fields: 'name stage region { code }', own: byId('community') },
  { kind: 'project', type: 'Project', tag: 'prj', fields: 'name category interventions { id }', own: byId('project') },
  { kind: 'intervention', type: 'Intervention', tag: 'itv', fields: 'kind description project { id }', own: byId('intervention') },
  { kind: 'activity', type: 'Activity', tag: 'act', fields: 'kind topic attendeeCount', own: byId('activity') },
  {
    kind: 'survey',
    type: 'Survey',
    tag: 'svy',
    fields: 'year awarenessRate community { id }',
    // No query of its own: its community's `surveys`.
    own: () => ({ query: `query($c: ID!) { community(id: $c) { surveys { ...F } } }`, variables: { c: ids.community }, pick: (data) => data.community.surveys[0] }),
  },
  { kind: 'incident', type: 'Incident', tag: 'inc', fields: 'cause occurredAt description', own: byId('incident') },
  { kind: 'certification', type: 'Certification', tag: 'cer', fields: 'level decision designatedOn', own: byId('certification') },
  { kind: 'assessment', type: 'Assessment', tag: 'asm', fields: 'kind status level total', own: byId('assessment') },
  { kind: 'evidence', type: 'Evidence', tag: 'evd', fields: 'status fileName ownerType', own: byId('evidence') },
  {
    kind: 'notification',
    type: 'Notification',
    tag: 'ntf',
    fields: 'rule threshold message read',
    // No query of its own: the caller's `notifications`.
    own: () => ({ query: `{ notifications(first: 1) { edges { node { ...F } } } }`, variables: {}, pick: (data) => data.notifications.edges[0].node }),
  },
  { kind: 'gridCell', type: 'GridCell', tag: 'grd', fields: 'name kind depth', own: byId('gridCell') },
  { kind: 'hazardSource', type: 'HazardSource', tag: 'hzs', fields: 'kind riskLevel controls', own: byId('hazardSource') },
  { kind: 'supervisedUnit', type: 'SupervisedUnit', tag: 'unt', fields: 'name grade inspectionFrequency', own: byId('supervisedUnit') },
  { kind: 'inspection', type: 'Inspection', tag: 'ins', fields: 'heldOn subjectId results { outcome }', own: byId('inspection') },
  { kind: 'hiddenDanger', type: 'HiddenDanger', tag: 'hdg', fields: 'severity state description', own: byId('hiddenDanger') },
  { kind: 'residentReport', type: 'ResidentReport', tag: 'rpt', fields: 'description status phoneGiven', own: byId('residentReport') },
  { kind: 'reviewPack', type: 'ReviewPack', tag: 'pck', fields: 'fileName requestedAt community { id }', own: byId('reviewPack') },
  { kind: 'importJob', type: 'IncidentImportJob', tag: 'imj', fields: 'status fileName processed community { id }', own: byId('importJob') },
  {
    kind: 'auditEntry',
    type: 'AuditEntry',
    tag: 'aud',
    fields: 'at operation recordType recordId communityId regionCode redacted changes { field }',
    // No query of its own: its community's log (and its record's history).
    own: () => ({ query: `query($c: ID!) { auditLog(communityId: $c, first: 100) { edges { node { ...F } } } }`, variables: { c: ids.community }, pick: (data) => data.auditLog.edges.find((edge: any) => edge.node.id === ids.auditEntry)?.node }),
  },
];

/** Ids with more than a UUID under their tag: a survey's is derived, an audit entry's says where it is listed (its province's log, when). */
const ID_FORMS: Readonly<Record<string, RegExp>> = { survey: /^svy_com_[0-9a-f-]{36}:2010$/, auditEntry: /^aud_37\.\d{17}\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ };

function byId(field: string) {
  return (id: string) => ({ query: `query($id: ID!) { own: ${field}(id: $id) { ...F } }`, variables: { id }, pick: (data: any) => data.own });
}

describe('node(id)', () => {
  it('answers each type as its own query does, for ids born tagged', async () => {
    for (const door of app.doors) {
      for (const { kind, type, tag, fields, own } of CASES) {
        // Prepare
        const id = ids[kind]!;
        const fragment = `fragment F on ${type} { __typename id ${fields} }`;
        const ownRead = own(id);

        // Act
        const viaOwn = ownRead.pick(await data(door, `${ownRead.query} ${fragment}`, ownRead.variables, editor));
        const viaNode = (await data(door, `query($id: ID!) { node(id: $id) { ...F } } ${fragment}`, { id }, editor)).node;

        // Assess
        expect(id, `${door.name}: ${kind}`).toMatch(ID_FORMS[kind] ?? TAGGED(tag));
        expect(viaNode, `${door.name}: ${kind}`).toEqual(viaOwn);
        expect(viaNode).toMatchObject({ __typename: type, id });
      }
    }
  });

  it('answers a region by its tagged code, as region(code:) does', async () => {
    for (const door of app.doors) {
      const fragment = 'fragment F on Region { __typename id code name level parent { id code } }';
      const read = await data(door, `{ own: region(code: "371702") { ...F } node: node(id: "rgn_371702") { ...F } } ${fragment}`, {}, editor);
      expect(read.node).toEqual(read.own);
      expect(read.node).toMatchObject({ __typename: 'Region', id: 'rgn_371702', code: '371702', name: '牡丹区', parent: { id: 'rgn_3717' } });
    }
  });

  it('gives the same id on every read, and the id reads back what returned it', async () => {
    for (const door of app.doors) {
      const first = await data(door, `query($id: ID!) { community(id: $id) { id projects { edges { node { id interventions { id } } } } } }`, { id: ids.community }, editor);
      const second = await data(door, `query($id: ID!) { node(id: $id) { id ... on Community { projects { edges { node { id interventions { id } } } } } } }`, { id: ids.community }, editor);
      expect(second.node).toEqual(first.community);
      const interventionId = first.community.projects.edges[0].node.interventions[0].id;
      expect((await data(door, `query($id: ID!) { node(id: $id) { __typename id } }`, { id: interventionId }, editor)).node).toEqual({ __typename: 'Intervention', id: ids.intervention });
    }
  });

  it('is NOT_FOUND with one message, naming no type, for every id the caller cannot see', async () => {
    // Prepare: an id of no record, an untagged id (of a record that exists), an unknown tag,
    // another community's incident and audit entry, a deleted incident, an audit entry id of the
    // form before tags, one that says a province it is not in, a region code of no division, a bare tag.
    const untagged = await seedCommunity(app.table, { id: randomUUID() });
    const misplaced = ids.auditEntry!.replace(/^aud_37/, 'aud_11');
    const unseen = [UNKNOWN_INCIDENT, untagged.id, `zzz_${randomUUID()}`, ids.otherIncident!, ids.otherAuditEntry!, ids.deletedIncident!, `aud_${randomUUID()}`, misplaced, 'rgn_99', 'inc_'];
    for (const door of app.doors) {
      // The untagged record is there, under its own query.
      expect((await data(door, `query($id: ID!) { community(id: $id) { id } }`, { id: untagged.id }, admin)).community.id).toBe(untagged.id);
      const answers: GraphQLResponse[] = [];
      const query = `query($id: ID!) { node(id: $id) { id __typename } }`;
      // Act
      for (const id of unseen) answers.push(await door.execute(query, { id }, editor));
      // Assess: the same answer for each, as for an id of no record
      for (const [index, answer] of answers.entries()) {
        expect(answer.body.data, `${door.name}: ${unseen[index]}`).toBeNull();
        expect(answer.body.errors, `${door.name}: ${unseen[index]}`).toEqual([
          { message: 'nothing you may see has this id', locations: [{ line: 1, column: query.indexOf('node(') + 1 }], path: ['node'], extensions: { code: 'NOT_FOUND' } },
        ]);
      }
      // The other community's editor sees that incident and entry; this editor's own query is NOT_FOUND too.
      for (const id of [ids.otherIncident, ids.otherAuditEntry]) expect((await data(door, `query($id: ID!) { node(id: $id) { id } }`, { id }, otherEditor)).node.id).toBe(id);
      const own = await door.execute(`query($id: ID!) { incident(id: $id) { id } }`, { id: ids.otherIncident }, editor);
      expect(own.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('is NOT_FOUND where the type itself answers FORBIDDEN: an analyst and the evidence of an incident', async () => {
    // Prepare
    const incidentEvidence = (
      await data(
        app.doors[1]!,
        `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }`,
        { input: { ownerType: 'INCIDENT', ownerId: ids.incident, fileName: '现场照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'b'.repeat(64) } },
        editor,
      )
    ).requestEvidenceUpload.evidence.id;
    const analyst = await app.token({ role: 'PROVINCIAL_ANALYST', region: '37' });
    for (const door of app.doors) {
      // Act
      const own = await door.execute(`query($id: ID!) { evidence(id: $id) { id } }`, { id: incidentEvidence }, analyst);
      const viaNode = await door.execute(`query($id: ID!) { node(id: $id) { id } }`, { id: incidentEvidence }, analyst);
      // Assess
      expect(own.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(viaNode.body.errors).toEqual([expect.objectContaining({ message: 'nothing you may see has this id', extensions: { code: 'NOT_FOUND' } })]);
      // The community's own evidence is the analyst's to read, through node as through evidence(id:).
      expect((await data(door, `query($id: ID!) { node(id: $id) { id } }`, { id: ids.evidence }, analyst)).node.id).toBe(ids.evidence);
    }
  });

  it('reads an audit entry as the region\'s log shows it: to its region\'s analyst, redacted as there, and to no other region', async () => {
    // Prepare: the incident's CREATE entry (its description is personal text)
    const entryId = (await data(app.doors[1]!, `query($id: ID!) { incident(id: $id) { history(first: 1) { edges { node { id } } } } }`, { id: ids.incident }, editor)).incident.history.edges[0].node.id;
    const [inRegion, elsewhere] = await Promise.all([app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }), app.token({ role: 'PROVINCIAL_ANALYST', region: '11' })]);
    const fragment = 'fragment F on AuditEntry { __typename id operation recordType redacted reason changes { field before after } }';
    for (const door of app.doors) {
      // Act
      const log = await data(door, `{ auditLog(regionCode: "3717", first: 100) { edges { node { ...F } } } } ${fragment}`, {}, inRegion);
      const viaNode = (await data(door, `query($id: ID!) { node(id: $id) { ...F } } ${fragment}`, { id: entryId }, inRegion)).node;
      const refused = await door.execute(`query($id: ID!) { node(id: $id) { id } }`, { id: entryId }, elsewhere);
      // Assess
      expect(viaNode).toEqual(log.auditLog.edges.find((edge: { node: { id: string } }) => edge.node.id === entryId).node);
      expect(viaNode).toMatchObject({ recordType: 'Incident', operation: 'CREATE', redacted: true });
      expect(refused.body.errors).toEqual([expect.objectContaining({ message: 'nothing you may see has this id', extensions: { code: 'NOT_FOUND' } })]);
    }
  });

  it('refuses a malformed id as BAD_USER_INPUT naming the argument, and an intake app as FORBIDDEN', async () => {
    const intake = await app.token({ role: 'REPORT_INTAKE', app: 'nodes-app-2' });
    for (const door of app.doors) {
      const malformed = await door.execute(`{ node(id: "inc_#1") { id } }`, {}, editor);
      expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      for (const query of [`query($id: ID!) { node(id: $id) { id } }`, `query($id: ID!) { nodes(ids: [$id]) { id } }`]) {
        const refused = await door.execute(query, { id: ids.residentReport }, intake);
        expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    }
  });
});

describe('nodes(ids)', () => {
  it('answers mixed kinds in the order asked, null with a NOT_FOUND error at its index for each unseen id', async () => {
    // Prepare
    const asked = [ids.incident, ids.community, UNKNOWN_INCIDENT, 'rgn_3717', ids.notification, ids.otherIncident, ids.project, ids.incident, ids.supervisedUnit, ids.survey];
    for (const door of app.doors) {
      // Act
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
      const response = await door.execute(query, { ids: asked }, editor);
      // Assess
      const types = ['Incident', 'Community', null, 'Region', 'Notification', null, 'Project', 'Incident', 'SupervisedUnit', 'Survey'];
      expect(response.body.data?.nodes).toEqual(asked.map((id, index) => (types[index] ? { __typename: types[index], id } : null)));
      expect(response.body.errors).toEqual([2, 5].map((index) => ({ message: 'nothing you may see has this id', locations: [{ line: 1, column: query.indexOf('nodes(') + 1 }], path: ['nodes', index], extensions: { code: 'NOT_FOUND' } })));
    }
  });

  it('refuses more than 100 ids as BAD_USER_INPUT on ids, reading nothing', async () => {
    // Prepare
    const many = Array.from({ length: 101 }, () => ids.incident);
    const calls: string[] = [];
    app.clients.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countNodeCalls' },
    );
    try {
      // Act
      const refused = await app.doors[1]!.execute(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: many }, editor);
      // Assess
      expect(refused.body.data).toBeNull();
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: ['nodes'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'ids' }) })]);
      expect(calls).toEqual([]);
    } finally {
      app.clients.dynamodb.middlewareStack.remove('countNodeCalls');
    }
    const lambda = await app.doors[0]!.execute(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: many }, editor);
    expect(lambda.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    // 100 is allowed: an id may repeat.
    expect((await data(app.doors[0]!, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: many.slice(1) }, editor)).nodes).toHaveLength(100);
  });

  it('reads 100 incidents in one BatchGetItem round, as 10 (with their community), never one GetItem each', async () => {
    // Prepare: 100 incidents of the community through the import
    const records = Array.from({ length: 100 }, (_, index) => ({ externalId: `NODES-${index}`, occurredAt: `2010-0${1 + (index % 9)}-1${index % 10}T08:00:00+08:00`, ...INCIDENT }));
    ok(await app.doors[1]!.execute(`mutation($c: ID!, $r: [IncidentImportRecord!]!) { importIncidents(communityId: $c, records: $r) { created } }`, { c: ids.community, r: records }, editor));
    const listed = (await data(app.doors[1]!, `query($c: ID!) { incidents(communityId: $c, from: "2010-01-01T00:00:00+08:00", first: 100) { edges { node { id } } } }`, { c: ids.community }, editor)).incidents.edges.map(
      (edge: { node: { id: string } }) => edge.node.id,
    );
    expect(listed).toHaveLength(100);
    const count = async (asked: readonly string[]) => {
      const calls: Record<string, number> = {};
      app.clients.dynamodb.middlewareStack.add(
        (next, context) => async (args) => {
          const command = String(context.commandName);
          calls[command] = (calls[command] ?? 0) + 1;
          return next(args);
        },
        { step: 'initialize', name: 'countNodeCalls' },
      );
      try {
        const response = await data(app.doors[1]!, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Incident { cause community { name } } } }`, { ids: asked }, editor);
        expect(response.nodes.map((node: { id: string }) => node.id)).toEqual(asked);
        return calls;
      } finally {
        app.clients.dynamodb.middlewareStack.remove('countNodeCalls');
      }
    };

    // Act
    const ten = await count(listed.slice(0, 10));
    const hundred = await count(listed);

    // Assess: the incidents in one BatchGetItem, their community in another; nothing per incident
    expect(hundred).toEqual(ten);
    expect(hundred).toEqual({ BatchGetItemCommand: 2 });
  });

  it('costs like a list of as many objects as ids', async () => {
    const cost = async (asked: readonly string[]) =>
      ((await app.doors[1]!.execute(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: asked }, editor)).body as { extensions?: { cost?: { requested: number } } }).extensions?.cost?.requested;
    const one = await cost([ids.community!]);
    expect(one).toBeGreaterThan(0);
    expect(await cost(Array.from({ length: 100 }, () => ids.community!))).toBe(100 * one!);
    expect(await cost(Array.from({ length: 101 }, () => ids.community!))).toBe(100 * one!);
  });
});
