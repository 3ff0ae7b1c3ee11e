import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Community } from '#community/model.ts';
import { auditKeys } from '#core/db/keys.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { COUNTER_PK_PREFIX, shardOf } from '#analytics/counters.ts';
import { createTestApp, errorCode, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { fallAtHome } from '#tests/support/records.ts';
import { itemInputs, seedSubmittedSelfAssessment, sheetOfLevel } from '#tests/support/review.ts';

const ENTRY = 'id at operation actor { subject role scope } recordType recordId communityId regionCode changes { field before after } reason requestId via redacted';
const HISTORY = (type: string) => `query($id: ID!) { ${type}(id: $id) { id history(first: 50) { edges { node { ${ENTRY} } } } } }`;
const LOG = `query($communityId: ID, $regionCode: String, $operation: AuditOperation, $first: Int, $after: String) {
  auditLog(communityId: $communityId, regionCode: $regionCode, operation: $operation, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { ${ENTRY} } }
  }
}`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id version } }`;
const UPDATE_PROJECT = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id version } }`;
const CREATE_INCIDENT = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version } }`;
const CORRECT_INCIDENT = `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { id version } }`;
const DELETE_INCIDENT = `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id } }`;
const IMPORT = `mutation($communityId: ID!, $records: [IncidentImportRecord!]!) { importIncidents(communityId: $communityId, records: $records) { outcome created rows { incidentId } } }`;
const UPDATE_COMMUNITY = `mutation($input: UpdateCommunityInput!) { updateCommunity(input: $input) { id version regionCode } }`;

interface Entry {
  operation: string;
  actor: { subject: string; role: string; scope: string };
  recordType: string;
  recordId: string;
  changes: { field: string; before: string | null; after: string | null }[];
  reason: string | null;
  requestId: string;
  via: string | null;
  redacted: boolean;
  at: string;
}

let app: TestApp;
let community: Community;
let editor: string;
let analyst: string;
let reviewer: string;
let otherEditor: string;

const fall = (overrides: Record<string, unknown> = {}) =>
  fallAtHome(community.id, { occurredAt: '2024-03-05T14:30:00+08:00', description: '独居老人在厨房滑倒', ...overrides });

beforeAll(async () => {
  app = await createTestApp();
  community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  const other = await seedCommunity(app.table, { regionCode: '210103019', name: '南塔街道' });
  [editor, analyst, reviewer, otherEditor] = await Promise.all([
    app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
    app.token({ role: 'REVIEWER', region: '37' }),
    app.token({ role: 'COMMUNITY_EDITOR', communities: [other.id] }),
  ]);
});
afterAll(() => app.close());

describe.each([0, 1])('the audit trail through door %i', (doorIndex) => {
  const door = () => app.doors[doorIndex]!;
  const history = async (type: string, id: string, token = editor): Promise<Entry[]> =>
    (await ok(await door().execute(HISTORY(type), { id }, token)))[type].history.edges.map((edge: { node: Entry }) => edge.node);

  it('records who, when and what for a project created and updated', async () => {
    const created = (
      await ok(
        await door().execute(
          CREATE_PROJECT,
          { input: { communityId: community.id, name: `防跌倒项目 ${doorIndex}`, category: 'ELDERLY', targetGroups: ['ELDERLY'], environments: ['HOME'], leadAgency: '吴店镇安全生产办公室', startOn: '2024-01-01' } },
          editor,
        ),
      )
    ).createProject;
    await ok(await door().execute(UPDATE_PROJECT, { input: { id: created.id, version: 1, name: `老年人防跌倒项目 ${doorIndex}` } }, editor));
    const entries = await history('project', created.id);
    expect(entries.map((entry) => entry.operation)).toEqual(['CREATE', 'UPDATE']);
    const [create, update] = entries as [Entry, Entry];
    expect(create.actor).toMatchObject({ role: 'COMMUNITY_EDITOR', scope: community.id });
    expect(create.changes.find((change) => change.field === 'category')).toMatchObject({ before: null, after: '"ELDERLY"' });
    expect(update.changes).toEqual([{ field: 'name', before: JSON.stringify(`防跌倒项目 ${doorIndex}`), after: JSON.stringify(`老年人防跌倒项目 ${doorIndex}`) }]);
    expect(update.requestId).not.toBe(create.requestId);
    expect(Date.parse(update.at)).toBeGreaterThanOrEqual(Date.parse(create.at));
  });

  it('keeps a deleted incident’s corrections and deletion with their reasons, and hides personal text from analysts', async () => {
    const created = (await ok(await door().execute(CREATE_INCIDENT, { input: fall() }, editor))).createIncident;
    await ok(await door().execute(CORRECT_INCIDENT, { input: { id: created.id, version: 1, reason: '核对派出所记录', description: '老人在卫生间滑倒' } }, editor));
    await ok(await door().execute(DELETE_INCIDENT, { input: { id: created.id, version: 2, reason: '重复录入' } }, editor));
    const log = (await ok(await door().execute(LOG, { communityId: community.id, first: 100 }, editor))).auditLog.edges.map((edge: { node: Entry }) => edge.node);
    const trail = log.filter((entry: Entry) => entry.recordId === created.id).reverse();
    expect(trail.map((entry: Entry) => entry.operation)).toEqual(['CREATE', 'CORRECT', 'DELETE']);
    expect(trail[1]).toMatchObject({ reason: '核对派出所记录', redacted: false });
    expect(trail[1].changes).toEqual([{ field: 'description', before: '"独居老人在厨房滑倒"', after: '"老人在卫生间滑倒"' }]);
    // The analyst sees that the description changed, not its words, nor the reason.
    const seen = (await ok(await door().execute(LOG, { regionCode: '3717', first: 100 }, analyst))).auditLog.edges.map((edge: { node: Entry }) => edge.node);
    const correction = seen.find((entry: Entry) => entry.recordId === created.id && entry.operation === 'CORRECT');
    expect(correction).toMatchObject({ redacted: true, reason: null, changes: [{ field: 'description', before: null, after: null }] });
    expect(JSON.stringify(seen)).not.toContain('滑倒');
  });

  it('shows an imported incident’s import call, and filters the log by operation', async () => {
    const records = [{ ...fall({ description: undefined }), communityId: undefined, externalId: `A-${doorIndex}` }].map(({ communityId: _c, ...record }) => record);
    const report = (await ok(await door().execute(IMPORT, { communityId: community.id, records }, editor))).importIncidents;
    expect(report.outcome).toBe('COMPLETED');
    const id = report.rows[0].incidentId;
    const [entry] = await history('incident', id);
    expect(entry).toMatchObject({ operation: 'IMPORT', recordType: 'Incident', recordId: id });
    expect(entry?.via).toMatch(/^import:/);
    const imports = (await ok(await door().execute(LOG, { communityId: community.id, operation: 'IMPORT', first: 100 }, reviewer))).auditLog.edges;
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((edge: { node: Entry }) => edge.node.operation === 'IMPORT')).toBe(true);
  });

  it('pages a community’s log, newest first, with cursors', async () => {
    const first = (await ok(await door().execute(LOG, { communityId: community.id, first: 2 }, reviewer))).auditLog;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await ok(await door().execute(LOG, { communityId: community.id, first: 2, after: first.pageInfo.endCursor }, reviewer))).auditLog;
    const ats = [...first.edges, ...next.edges].map((edge: { node: Entry }) => edge.node.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(new Set([...first.edges, ...next.edges].map((edge: { node: { id: string } }) => edge.node.id)).size).toBe(4);
  });

  it('answers other communities’ editors NOT_FOUND and a region log FORBIDDEN to editors', async () => {
    expect(errorCode(await door().execute(LOG, { communityId: community.id }, otherEditor))).toBe('NOT_FOUND');
    expect(errorCode(await door().execute(LOG, { regionCode: '37' }, editor))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(LOG, { regionCode: '21' }, analyst))).toBe('FORBIDDEN');
    expect(errorCode(await door().execute(LOG, {}, reviewer))).toBe('BAD_USER_INPUT');
  });

  it('refuses cursors it did not issue, before any read', async () => {
    const cursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    const malformed = [cursor('AUDIT#x|y'), cursor('PROJECT#p|PROJECT'), cursor('AUDIT#a|2024-01-01T00:00:00.000Z#id|extra'), 'not base64 !'];
    for (const after of malformed) {
      const byRegion = await door().execute(LOG, { regionCode: '37', after }, reviewer);
      expect(errorCode(byRegion), after).toBe('BAD_USER_INPUT');
    }
    // A record's history takes only its own entries' cursors.
    for (const after of [...malformed, cursor('AUDIT#Community#other|2024-01-01T00:00:00.000Z#id')]) {
      const history = await door().execute(
        `query($id: ID!, $after: String) { community(id: $id) { history(after: $after) { edges { cursor } } } }`,
        { id: community.id, after },
        reviewer,
      );
      expect(errorCode(history), after).toBe('BAD_USER_INPUT');
    }
  });
});

describe('certification steps, recount repairs', () => {
  const APPLY = `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { id version } }`;
  const REVIEW = `mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { id } }`;
  const DECIDE = `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { id version } }`;
  const ENDORSE = `mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { id version } }`;
  const RESUBMIT = `mutation($input: ResubmitCertificationInput!) { resubmitCertification(input: $input) { id version } }`;
  const SCORE = `mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { id version } }`;
  const RECOMPUTE = `mutation($regionCode: String!) { recomputeAggregates(regionCode: $regionCode) { itemsFixed } }`;

  it('records each step of an ISCCC certification and the stage move it causes, on the certification and on the community', async () => {
    const door = app.doors[1]!;
    const applicant = await seedCommunity(app.table, {
      regionCode: '371702102',
      name: '沙土镇',
      stage: 'SELF_ASSESSED',
      stageHistory: [{ stage: 'SELF_ASSESSED', on: '2008-10-01' }],
    });
    const own = await app.token({ role: 'COMMUNITY_EDITOR', communities: [applicant.id] });
    const national = await app.token({ role: 'REVIEWER' });
    const id = (await ok(await door.execute(APPLY, { input: { communityId: applicant.id, level: 'INTERNATIONAL', appliedOn: '2008-11-01' } }, own))).applyForCertification.id;
    await ok(await door.execute(REVIEW, { input: { id, version: 1, onSiteReviewOn: '2008-12-20', score: 92.5 } }, national));
    await ok(await door.execute(DECIDE, { input: { id, version: 2, decision: 'DESIGNATED', decidedOn: '2009-01-10', designatedOn: '2009-01-10' } }, national));
    const certification = (await ok(await door.execute(HISTORY('certification'), { id }, national))).certification.history.edges.map((edge: { node: Entry }) => edge.node);
    expect(certification.map((entry: Entry) => entry.operation)).toEqual(['CERTIFICATION_APPLIED', 'CERTIFICATION_REVIEWED', 'CERTIFICATION_DECIDED']);
    expect(certification[0].actor.role).toBe('COMMUNITY_EDITOR');
    expect(certification[2].actor.role).toBe('REVIEWER');
    const moves = (await ok(await door.execute(HISTORY('community'), { id: applicant.id }, national))).community.history.edges
      .map((edge: { node: Entry }) => edge.node)
      .filter((entry: Entry) => entry.operation === 'STAGE_CHANGE');
    expect(moves.map((entry: Entry) => entry.changes.find((change) => change.field === 'stage')?.after)).toEqual(['"APPLIED"', '"UNDER_REVIEW"', '"DESIGNATED"']);
    // Each move and the step it came with share their request.
    expect(moves.map((move: Entry) => move.requestId)).toEqual([certification[0].requestId, certification[1].requestId, certification[2].requestId]);
  });

  it('records each step of a NATIONAL application up the chain, its on-site scores and its decision, with the stage moves they cause', async () => {
    const door = app.doors[0]!;
    const today = chinaToday();
    const thisYear = Number(today.slice(0, 4));
    const applicant = await seedCommunity(app.table, {
      regionCode: '371702103',
      name: '吕陵镇',
      stage: 'SELF_ASSESSED',
      launchedOn: '2020-01-01',
      stageHistory: [
        { stage: 'LAUNCHED', on: '2020-01-01' },
        { stage: 'SELF_ASSESSED', on: today },
      ],
    });
    const own = await app.token({ role: 'COMMUNITY_EDITOR', communities: [applicant.id] });
    // Incidents falling year over year: the NATIONAL eligibility rule
    for (const occurredAt of [`${thisYear - 2}-03-05T08:00:00+08:00`, `${thisYear - 2}-06-05T08:00:00+08:00`, `${thisYear - 1}-03-05T08:00:00+08:00`]) {
      await ok(await door.execute(CREATE_INCIDENT, { input: fallAtHome(applicant.id, { occurredAt }) }, own));
    }
    const self = await seedSubmittedSelfAssessment(app.table, applicant, 'NATIONAL');
    const [county, city, province, national] = await Promise.all([
      app.token({ role: 'REVIEWER', region: '371702' }),
      app.token({ role: 'REVIEWER', region: '3717' }),
      app.token({ role: 'REVIEWER', region: '37' }),
      app.token({ role: 'REVIEWER' }),
    ]);
    let cert = (await ok(await door.execute(APPLY, { input: { communityId: applicant.id, level: 'NATIONAL', appliedOn: today, selfAssessmentId: self.id } }, own))).applyForCertification;
    const step = async (token: string, action: 'ENDORSE' | 'RETURN', comment?: string) => {
      cert = (await ok(await door.execute(ENDORSE, { input: { id: cert.id, version: cert.version, action, ...(comment ? { comment } : {}) } }, token))).endorseCertification;
    };
    await step(county, 'RETURN', '请补充应急演练记录');
    cert = (await ok(await door.execute(RESUBMIT, { input: { id: cert.id, version: cert.version, comment: '已补充' } }, own))).resubmitCertification;
    await step(county, 'ENDORSE');
    await step(city, 'ENDORSE');
    await step(province, 'ENDORSE');
    await step(national, 'ENDORSE');
    cert = (await ok(await door.execute(SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: today, items: itemInputs(sheetOfLevel('NATIONAL'), 'A') } }, national))).scoreCertificationOnSite;
    await ok(await door.execute(DECIDE, { input: { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: today, designatedOn: today } }, national));

    const certification = (await ok(await door.execute(HISTORY('certification'), { id: cert.id }, national))).certification.history.edges.map((edge: { node: Entry }) => edge.node);
    expect(certification.map((entry: Entry) => entry.operation)).toEqual([
      'CERTIFICATION_APPLIED',
      'CERTIFICATION_RETURNED',
      'CERTIFICATION_RESUBMITTED',
      'CERTIFICATION_ENDORSED',
      'CERTIFICATION_ENDORSED',
      'CERTIFICATION_ENDORSED',
      'CERTIFICATION_ACCEPTED',
      'ASSESSMENT_SCORED',
      'CERTIFICATION_DECIDED',
    ]);
    // Who acted at each level: the community, and the reviewers of the county, city, province and the national centre
    expect(certification.map((entry: Entry) => `${entry.actor.role} ${entry.actor.scope}`)).toEqual([
      `COMMUNITY_EDITOR ${applicant.id}`,
      'REVIEWER 371702',
      `COMMUNITY_EDITOR ${applicant.id}`,
      'REVIEWER 371702',
      'REVIEWER 3717',
      'REVIEWER 37',
      'REVIEWER *',
      'REVIEWER *',
      'REVIEWER *',
    ]);
    // The on-site score is written on the certification with its computed total
    expect(certification[7].changes.find((change: Entry['changes'][number]) => change.field === 'score')?.after).toBe('150');
    const moves = (await ok(await door.execute(HISTORY('community'), { id: applicant.id }, national))).community.history.edges
      .map((edge: { node: Entry }) => edge.node)
      .filter((entry: Entry) => entry.operation === 'STAGE_CHANGE');
    expect(moves.map((entry: Entry) => entry.changes.find((change) => change.field === 'stage')?.after)).toEqual(['"APPLIED"', '"UNDER_REVIEW"', '"DESIGNATED"']);
    // Application, acceptance and designation each carry their move in the same request.
    expect(moves.map((move: Entry) => move.requestId)).toEqual([certification[0].requestId, certification[6].requestId, certification[8].requestId]);
  });

  it('records a counter repaired by recomputeAggregates in its region’s log, with the stored and recounted values', async () => {
    const door = app.doors[0]!;
    const admin = await app.token({ role: 'ADMIN' });
    // Damage one counter the way a lost write would: the recount finds and repairs it.
    await app.table.client.send(
      new UpdateCommand({
        TableName: app.table.name,
        Key: { pk: `${COUNTER_PK_PREFIX}3717`, sk: `Y2024#${shardOf(community.id)}` },
        UpdateExpression: 'ADD c_total :five',
        ExpressionAttributeValues: { ':five': 5 },
      }),
    );
    expect((await ok(await door.execute(RECOMPUTE, { regionCode: '3717' }, admin))).recomputeAggregates.itemsFixed).toBeGreaterThan(0);
    const repairs = (await ok(await door.execute(LOG, { regionCode: '3717', operation: 'RECOMPUTE_REPAIR', first: 10 }, admin))).auditLog.edges.map(
      (edge: { node: Entry & { communityId: string | null } }) => edge.node,
    );
    const repair = repairs.find((entry: Entry) => entry.recordId === `${COUNTER_PK_PREFIX}3717|Y2024#${shardOf(community.id)}`);
    expect(repair).toMatchObject({ recordType: 'AggregateCounter', communityId: null, actor: { role: 'ADMIN' } });
    const total = repair.changes.find((change: { field: string }) => change.field === 'c_total');
    expect(Number(total.before) - Number(total.after)).toBe(5);
  });
});

describe('reads of personal details', () => {
  const GET = `query($id: ID!) { incident(id: $id) { id description } }`;

  it('are logged as audit events (who, which incident, when), once per request, without the text; analysts read none', async () => {
    const door = app.doors[0]!;
    const created = (await ok(await door.execute(CREATE_INCIDENT, { input: fall({ description: '老人在楼梯跌倒' }) }, editor))).createIncident;
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      const twice = `query($id: ID!) { a: incident(id: $id) { description } b: incident(id: $id) { description } }`;
      const read = await ok(await door.execute(twice, { id: created.id }, reviewer));
      expect(read.a.description).toBe('老人在楼梯跌倒');
      const analystRead = await ok(await door.execute(GET, { id: created.id }, analyst));
      expect(analystRead.incident.description).toBeNull();
      const events = info.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('PERSONAL_DATA_READ')).map((line) => JSON.parse(line));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ event: 'PERSONAL_DATA_READ', role: 'REVIEWER', recordType: 'Incident', recordId: created.id, communityId: community.id, fields: ['description'] });
      expect(Date.parse(events[0].at)).not.toBeNaN();
      expect(JSON.stringify(events)).not.toContain('跌倒');
    } finally {
      info.mockRestore();
    }
  });
});

describe('what editors may not do, and what no one can', () => {
  it('refuses an editor moving their community to another region; a reviewer in region may', async () => {
    const door = app.doors[0]!;
    const moved = await door.execute(UPDATE_COMMUNITY, { input: { id: community.id, version: community.version, regionCode: '371702102' } }, editor);
    expect(errorCode(moved)).toBe('FORBIDDEN');
  });

  it('writes each entry once, under a condition, so an overwrite of an entry fails', async () => {
    const door = app.doors[0]!;
    const log = (await ok(await door.execute(LOG, { communityId: community.id, first: 1 }, reviewer))).auditLog.edges;
    const entry = log[0].node as Entry & { id: string };
    const key = { pk: auditKeys.record(entry.recordType, entry.recordId), sk: auditKeys.position(new Date(entry.at).toISOString(), entry.id) };
    const stored = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: key }));
    expect(stored.Item?.operation).toBe(entry.operation);
    // The GraphQL API has no mutation that touches an entry: the schema names none.
    const mutations = await door.execute('{ __schema { mutationType { fields { name } } } }', {}, reviewer);
    const names = (await ok(mutations)).__schema.mutationType.fields.map((field: { name: string }) => field.name);
    expect(names.filter((name: string) => /audit|history/i.test(name))).toEqual([]);
    // (The CDK app's Deny of UpdateItem and DeleteItem on AUDIT# keys is asserted in tests/infra.)
    expect(UpdateCommand).toBeDefined();
  });
});
