import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AwsClients } from '#core/clients.ts';
import { addDays } from '#core/dates.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { AUDIT_PK_PREFIX, auditKeys, EVIDENCE_OBJECT_PREFIX, EXPORT_OBJECT_PREFIX, recordKey } from '#core/db/keys.ts';
import { GLOBAL_INDEXES } from '#core/db/table-schema.ts';
import { executableSchema } from '#graphql/executable-schema.ts';
import { handler as exportWorkbookHandler } from '#analytics/export-workbook-handler.ts';
import { AUDIT_ENTRY_PROTECTED_ACTIONS } from '#infra/constructs/platform-table.ts';
import { GRAPHQL_TABLE_GRANT } from '#infra/stacks/safe-community-stack.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { SAMPLES, sha256 } from '#tests/support/evidence-files.ts';
import { itemInputs, sheetOfLevel } from '#tests/support/review.ts';
import { bundledChecklist } from '#hazard/checklist.ts';
import { decide, type Need, type recordCalls, refusedOf, type RolePolicy, rolePolicy, unusedGrants } from './iam-replay.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, synthesizeApp } from './synthesize.ts';

/**
 * The GraphQL function's role, as the CDK app synthesizes it, against what the function really
 * does. A sweep of every query and mutation family runs through the real Lambda handler on the
 * local engines; every AWS call its clients send is recorded (SDK middleware on the clients the
 * handler builds, and the presigned POSTs it signs, which S3 authorizes as the signer's PutObject)
 * and replayed against the role's statements, Deny statements included. The other way round,
 * every action the role holds, on every resource it names, must be one some call needed.
 */

/** What the recording clients report to: only the handler's clients, only inside `run`. */
const recorder = vi.hoisted(() => ({
  clients: new Set<object>(),
  excluded: new Set<object>(),
  sink: undefined as Need[] | undefined,
}));

/** Registers a client the handler builds with the recorder (in each module that makes clients). */
async function tracker(): Promise<<T extends object>(client: T) => T> {
  const replay = await import('./iam-replay.ts');
  return <T extends object>(client: T): T => {
    recorder.clients.add(client);
    replay.recordCalls(client as unknown as Parameters<typeof recordCalls>[0], (needs) => {
      if (recorder.sink && !recorder.excluded.has(client)) recorder.sink.push(...needs);
    });
    return client;
  };
}

vi.mock('#core/clients.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#core/clients.ts')>();
  const track = await tracker();
  return {
    ...original,
    // The document client shares its base client's middleware stack: one recorder sees both.
    createAwsClients: (aws: Parameters<typeof original.createAwsClients>[0]): AwsClients => {
      const clients = original.createAwsClients(aws);
      track(clients.dynamodb);
      return clients;
    },
  };
});

vi.mock('#core/s3-client.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#core/s3-client.ts')>();
  const track = await tracker();
  return { ...original, createS3Client: (aws: Parameters<typeof original.createS3Client>[0]) => track(original.createS3Client(aws)) };
});

vi.mock('#core/lambda-client.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#core/lambda-client.ts')>();
  const track = await tracker();
  return { ...original, createLambdaClient: (...args: Parameters<typeof original.createLambdaClient>) => track(original.createLambdaClient(...args)) };
});

vi.mock('@aws-sdk/s3-presigned-post', async (importOriginal) => {
  const original = await importOriginal<typeof import('@aws-sdk/s3-presigned-post')>();
  return {
    ...original,
    createPresignedPost: (async (client, params) => {
      // The browser's POST is authorized as the signer's PutObject on the signed key.
      recorder.sink?.push({ action: 's3:PutObject', resource: `bucket/${params.Key}` });
      return original.createPresignedPost(client, params);
    }) satisfies typeof original.createPresignedPost,
  };
});

let app: TestApp;
let lambdaStandIn: Awaited<ReturnType<typeof startLambdaStandIn>>;
const REVIEW_PACK_FUNCTION_NAME = 'review-pack';
const EXPORT_WORKBOOK_FUNCTION_NAME = 'export-workbook';

/**
 * Lambda's Invoke API as far as the GraphQL function uses it: POST …/functions/<name>/invocations,
 * an asynchronous invocation answered 202 and kept; the export workbook's synchronous one runs its
 * real handler and answers 200 with the result (kept apart, in workbookInvocations).
 */
async function startLambdaStandIn() {
  const invocations: { functionName: string; invocationType: string | undefined; payload: unknown }[] = [];
  const workbookInvocations: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const name = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '')?.[1];
      if (request.method !== 'POST' || !name) {
        response.writeHead(404).end();
        return;
      }
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (decodeURIComponent(name) === EXPORT_WORKBOOK_FUNCTION_NAME) {
        workbookInvocations.push(String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse'));
        void exportWorkbookHandler(payload).then((result) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)));
        return;
      }
      invocations.push({ functionName: decodeURIComponent(name), invocationType: request.headers['x-amz-invocation-type'] as string | undefined, payload });
      response.writeHead(202, { 'content-type': 'application/json' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, invocations, workbookInvocations, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
let policy: RolePolicy;
let tokens: { admin: string; reviewer: string; analyst: string; editor: string };
const sweep: { operation: string; needs: Need[] }[] = [];

/** Runs one operation through the Lambda handler as `token`, asserting it succeeded, and keeps the needs of its calls. */
async function run(operation: string, query: string, variables: Record<string, unknown>, token: string) {
  const needs: Need[] = [];
  recorder.sink = needs;
  try {
    const data = ok(await app.doors[0]!.execute(query, variables, token));
    sweep.push({ operation, needs });
    return data;
  } finally {
    recorder.sink = undefined;
  }
}

const allNeeds = () => sweep.flatMap((entry) => entry.needs);

beforeAll(async () => {
  const { stack, template } = synthesizeApp(SKIP_BUNDLING_CONTEXT);
  policy = rolePolicy(template, stack.graphqlFunction.role, {
    table: stack.table.table,
    bucket: stack.evidence.bucket,
    functions: { [REVIEW_PACK_FUNCTION_NAME]: stack.reviewPack.function.function, [EXPORT_WORKBOOK_FUNCTION_NAME]: stack.exportWorkbook.function.function },
  });

  // The review pack's job is a function of its own in AWS: the handler invokes it (asynchronously)
  // on a stand-in of the Lambda Invoke API, which accepts the event as Lambda does (202) and keeps it.
  lambdaStandIn = await startLambdaStandIn();
  process.env.REVIEW_PACK_FUNCTION = REVIEW_PACK_FUNCTION_NAME;
  process.env.EXPORT_WORKBOOK_FUNCTION = EXPORT_WORKBOOK_FUNCTION_NAME;
  process.env.LAMBDA_ENDPOINT = lambdaStandIn.url;
  app = await createTestApp();
  // The harness's own clients (seeding, the processor, the HTTP door) are not the handler's.
  recorder.excluded.add(app.clients.dynamodb);
  recorder.excluded.add(app.s3);
  const [admin, reviewer, analyst] = await Promise.all([
    app.token({ role: 'ADMIN' }),
    app.token({ role: 'REVIEWER' }),
    app.token({ role: 'PROVINCIAL_ANALYST', region: '37' }),
  ]);
  tokens = { admin, reviewer, analyst, editor: '' };
  await runSweep();
}, 4 * SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  await lambdaStandIn?.stop();
  delete process.env.REVIEW_PACK_FUNCTION;
  delete process.env.EXPORT_WORKBOOK_FUNCTION;
  delete process.env.LAMBDA_ENDPOINT;
  removeOutdirs();
});

/** Every query and mutation family, as the roles that use them send them. */
async function runSweep(): Promise<void> {
  const { admin, reviewer, analyst } = tokens;

  // Communities: create (name guard), read, list by region (gsi1) and by stage (gsi2), rename, stage changes.
  const created = (
    await run(
      'createCommunity',
      `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { id version } }`,
      { input: { name: '吴店镇', kind: 'TOWN', regionCode: '371702101', stage: 'LAUNCHED', launchedOn: '2007-10-15', population: 52000 } },
      admin,
    )
  ).createCommunity;
  const communityId = created.id as string;
  const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [communityId] });
  tokens.editor = editor;
  let version = created.version as number;
  const UPDATE_COMMUNITY = `mutation($input: UpdateCommunityInput!) { updateCommunity(input: $input) { version stage } }`;
  version = (await run('updateCommunity (rename)', UPDATE_COMMUNITY, { input: { id: communityId, version, name: '吴店镇人民政府', population: 53000 } }, editor)).updateCommunity.version;
  // SELF_ASSESSED comes with the submitted self-assessment (below), in its transaction.
  for (const [stage, on] of [['IMPLEMENTING', '2008-01-10']] as const) {
    version = (await run(`updateCommunity (stage ${stage})`, UPDATE_COMMUNITY, { input: { id: communityId, version, stage, stageChangedOn: on } }, editor)).updateCommunity.version;
  }
  await run('community', `query($id: ID!) { community(id: $id) { name region { fullName } committee { chairUnit } stageHistory { stage on } } }`, { id: communityId }, analyst);
  await run('communities (region)', `{ communities(regionCode: "3717", first: 5) { totalCount edges { node { id name } } } }`, {}, analyst);
  await run('communities (stage)', `{ communities(regionCode: "37", stage: IMPLEMENTING, first: 5) { totalCount edges { node { id } } } }`, {}, reviewer);
  await run('region', `{ region(code: "371702") { name } }`, {}, analyst);

  // Projects and interventions.
  const project = (
    await run(
      'createProject',
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { id version } }`,
      {
        input: {
          communityId,
          name: '农药中毒预防',
          category: 'PESTICIDE_POISONING',
          targetGroups: ['FARMERS'],
          environments: ['RURAL'],
          leadAgency: '吴店镇安全生产办公室',
          goals: [{ indicator: '农药中毒发生数', baseline: 12, target: 6, unit: '起', dueOn: '2010-12-31' }],
          budget: '35000.00',
          startOn: '2008-03-01',
        },
      },
      editor,
    )
  ).createProject;
  const updatedProject = (
    await run('updateProject', `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { version } }`, { input: { id: project.id, version: project.version, budget: '36000.00' } }, editor)
  ).updateProject;
  const intervention = (
    await run(
      'createIntervention',
      `mutation($input: CreateInterventionInput!) { createIntervention(input: $input) { id version } }`,
      { input: { projectId: project.id, kind: 'PRODUCTS', description: '免费发放农药存放箱', responsibleUnit: '吴店镇农业站', startOn: '2008-06-01' } },
      editor,
    )
  ).createIntervention;
  await run(
    'updateIntervention',
    `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { version } }`,
    { input: { id: intervention.id, version: intervention.version, completedOn: '2008-12-01', status: 'DONE' } },
    editor,
  );
  await run('project', `query($id: ID!) { project(id: $id) { name interventionCount interventions { kind } } }`, { id: project.id }, analyst);
  await run('intervention', `query($id: ID!) { intervention(id: $id) { description project { name } } }`, { id: intervention.id }, analyst);
  await run('projects', `query($c: ID!) { projects(communityId: $c, category: PESTICIDE_POISONING) { totalCount edges { node { name } } } }`, { c: communityId }, analyst);
  await run(
    'closeProject',
    `mutation($input: CloseProjectInput!) { closeProject(input: $input) { status } }`,
    { input: { id: project.id, version: updatedProject.version, closedOn: '2011-01-15', outcome: '农药中毒由12起降至5起' } },
    editor,
  );

  // Activities and surveys.
  const ACTIVITY = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version } }`;
  const activity = (
    await run(
      'createActivity',
      ACTIVITY,
      { input: { communityId, kind: 'DRILL', topic: '消防疏散演练', heldOn: '2009-06-15', audienceGroups: ['ALL_RESIDENTS'], attendeeCount: 230, materials: [{ kind: 'LEAFLET', quantity: 180 }] } },
      editor,
    )
  ).createActivity;
  const updatedActivity = (
    await run('updateActivity', `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { version } }`, { input: { id: activity.id, version: activity.version, attendeeCount: 240 } }, editor)
  ).updateActivity;
  await run('activity', `query($id: ID!) { activity(id: $id) { topic attendeeCount } }`, { id: activity.id }, analyst);
  await run('activities', `query($c: ID!) { activities(communityId: $c, kind: DRILL, from: "2009-01-01", to: "2009-12-31") { totalCount edges { node { topic } } } }`, { c: communityId }, analyst);
  await run('deleteActivity', `mutation($input: DeleteActivityInput!) { deleteActivity(input: $input) { id } }`, { input: { id: activity.id, version: updatedActivity.version } }, editor);
  const RECORD_SURVEY = `mutation($input: RecordSurveyInput!) { recordSurvey(input: $input) { id version } }`;
  const survey = (await run('recordSurvey', RECORD_SURVEY, { input: { communityId, year: 2010, awarenessRate: 86.5, participationRate: 81, sampleSize: 400 } }, editor)).recordSurvey;
  await run('recordSurvey (replace)', RECORD_SURVEY, { input: { communityId, year: 2010, awarenessRate: 88, participationRate: 82, sampleSize: 420, version: survey.version } }, editor);

  // Incidents: create, read, list, correct, delete and its changes, import (new rows, then re-sent rows).
  const INCIDENT = { cause: 'FALL', intent: 'UNINTENTIONAL', place: 'HOME', activity: 'HOUSEWORK', severity: 'MINOR', deaths: 0, injured: 1, economicLoss: '1200.50', victimAgeGroup: 'AGE_75_PLUS', victimSex: 'FEMALE' };
  const incident = (
    await run(
      'createIncident',
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version } }`,
      { input: { communityId, occurredAt: '2009-05-01T14:30:00+08:00', description: '独居老人厨房滑倒', ...INCIDENT } },
      editor,
    )
  ).createIncident;
  const corrected = (
    await run(
      'correctIncident',
      `mutation($input: CorrectIncidentInput!) { correctIncident(input: $input) { version changes { kind } } }`,
      { input: { id: incident.id, version: incident.version, reason: '核对派出所记录', occurredAt: '2009-04-30T20:00:00+08:00', economicLoss: '1500.00' } },
      editor,
    )
  ).correctIncident;
  await run('incident', `query($id: ID!) { incident(id: $id) { cause description changes { kind reason } } }`, { id: incident.id }, reviewer);
  await run('incidents', `query($c: ID!) { incidents(communityId: $c, from: "2009-01-01T00:00:00+08:00", to: "2010-01-01T00:00:00+08:00", cause: FALL, first: 20) { totalCount edges { node { id } } } }`, { c: communityId }, analyst);
  await run('deleteIncident', `mutation($input: DeleteIncidentInput!) { deleteIncident(input: $input) { id change { kind } } }`, { input: { id: incident.id, version: corrected.version, reason: '重复录入' } }, editor);
  await run('incidentChanges', `query($id: ID!) { incidentChanges(incidentId: $id) { kind reason } }`, { id: incident.id }, editor);
  const IMPORT = `mutation($c: ID!, $r: [IncidentImportRecord!]!) { importIncidents(communityId: $c, records: $r) { outcome created duplicates } }`;
  const records = [
    { externalId: 'WD-2009-0001', occurredAt: '2009-07-01T09:00:00+08:00', ...INCIDENT },
    { externalId: 'WD-2009-0002', occurredAt: '2009-08-02T10:00:00+08:00', ...INCIDENT, cause: 'ROAD_TRAFFIC', place: 'ROAD', activity: 'LEISURE' },
  ];
  await run('importIncidents', IMPORT, { c: communityId, r: records }, editor);
  await run('importIncidents (re-sent)', IMPORT, { c: communityId, r: records }, admin);
  await run('recentIncidents', `{ communities(regionCode: "371702", first: 5) { edges { node { name recentIncidents(first: 3) { occurredAt cause } } } } }`, {}, reviewer);

  // Self-assessment (issue 10): open on the national sheet, grade every part with a link, submit
  // (IMPLEMENTING → SELF_ASSESSED in its transaction), read it with the suggestions.
  const nationalSheet = sheetOfLevel('NATIONAL');
  const ASSESSMENT = 'id version status';
  const OPEN = `mutation($input: OpenSelfAssessmentInput!) { openSelfAssessment(input: $input) { ${ASSESSMENT} } }`;
  const SAVE = `mutation($input: SaveSelfAssessmentInput!) { saveSelfAssessment(input: $input) { ${ASSESSMENT} } }`;
  const SUBMIT = `mutation($input: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $input) { ${ASSESSMENT} community { stage } } }`;
  const opened = (await run('openSelfAssessment', OPEN, { input: { communityId, level: 'NATIONAL' } }, editor)).openSelfAssessment;
  const [firstItem, ...otherItems] = itemInputs(nationalSheet, 'A');
  const linked = { ...firstItem!, note: '促进委员会成立文件', links: [{ type: 'SURVEY', id: survey.id }] };
  const saved = (await run('saveSelfAssessment', SAVE, { input: { id: opened.id, version: opened.version, items: [linked] } }, editor)).saveSelfAssessment;
  const graded = (await run('saveSelfAssessment (every item)', SAVE, { input: { id: saved.id, version: saved.version, items: otherItems } }, editor)).saveSelfAssessment;
  const submitted = (await run('submitSelfAssessment', SUBMIT, { input: { id: graded.id, version: graded.version, submittedOn: '2009-10-20' } }, editor)).submitSelfAssessment;
  expect(submitted).toMatchObject({ status: 'SUBMITTED', community: { stage: 'SELF_ASSESSED' } });
  await run('assessment', `query($id: ID!) { assessment(id: $id) { total outcome items { item { id } parts { part grade suggestion { grade reason } } } } }`, { id: submitted.id }, analyst);

  // Certifications (issue 10): a NATIONAL application on the self-assessment (incidents falling
  // from 2007 to 2008), returned by the county, resubmitted on a revision, endorsed by the county,
  // the city and the province, accepted by the national centre, scored on site and designated.
  for (const occurredAt of ['2007-04-01T10:00:00+08:00', '2007-09-01T10:00:00+08:00']) {
    await run('createIncident (2007)', `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`, { input: { communityId, occurredAt, ...INCIDENT } }, editor);
  }
  const [county, city, province] = await Promise.all([
    app.token({ role: 'REVIEWER', region: '371702' }),
    app.token({ role: 'REVIEWER', region: '3717' }),
    app.token({ role: 'REVIEWER', region: '37' }),
  ]);
  const CERTIFICATION = 'id version community { stage } chain { phase waitingFor { level regionCode } }';
  const ENDORSE = `mutation($input: EndorseCertificationInput!) { endorseCertification(input: $input) { ${CERTIFICATION} } }`;
  let cert = (
    await run(
      'applyForCertification',
      `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { ${CERTIFICATION} } }`,
      { input: { communityId, level: 'NATIONAL', appliedOn: '2009-11-01', selfAssessmentId: submitted.id, comment: '申报全国安全社区' } },
      editor,
    )
  ).applyForCertification;
  await run('pendingEndorsements', `{ pendingEndorsements(first: 10) { totalCount edges { node { id chain { phase } } } } }`, {}, county);
  cert = (await run('endorseCertification (RETURN)', ENDORSE, { input: { id: cert.id, version: cert.version, action: 'RETURN', comment: '请补充应急演练记录' } }, county)).endorseCertification;
  const revision = (await run('reviseSelfAssessment', `mutation($input: ReviseSelfAssessmentInput!) { reviseSelfAssessment(input: $input) { ${ASSESSMENT} } }`, { input: { id: submitted.id } }, editor)).reviseSelfAssessment;
  const resubmitted = (await run('submitSelfAssessment (revision)', SUBMIT, { input: { id: revision.id, version: revision.version } }, editor)).submitSelfAssessment;
  cert = (
    await run(
      'resubmitCertification',
      `mutation($input: ResubmitCertificationInput!) { resubmitCertification(input: $input) { ${CERTIFICATION} } }`,
      { input: { id: cert.id, version: cert.version, selfAssessmentId: resubmitted.id, comment: '已补充' } },
      editor,
    )
  ).resubmitCertification;
  for (const [level, token] of [['county', county], ['city', city], ['province', province], ['national centre', reviewer]] as const) {
    cert = (await run(`endorseCertification (${level})`, ENDORSE, { input: { id: cert.id, version: cert.version, action: 'ENDORSE' } }, token)).endorseCertification;
  }
  expect(cert).toMatchObject({ community: { stage: 'UNDER_REVIEW' }, chain: { phase: 'ON_SITE_REVIEW', waitingFor: { level: 'NATIONAL', regionCode: null } } });
  await run('pendingEndorsements (national)', `{ pendingEndorsements(first: 10) { totalCount edges { node { id } } } }`, {}, reviewer);
  const SCORE = `mutation($input: ScoreCertificationOnSiteInput!) { scoreCertificationOnSite(input: $input) { ${CERTIFICATION} score onSiteOutcome } }`;
  const [firstScore, ...otherScores] = itemInputs(nationalSheet, 'A');
  cert = (await run('scoreCertificationOnSite', SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: chinaToday(), expertGroup: '全国安全社区促进中心专家组', items: [{ ...firstScore!, finding: '台账完整' }] } }, reviewer)).scoreCertificationOnSite;
  cert = (await run('scoreCertificationOnSite (every item)', SCORE, { input: { id: cert.id, version: cert.version, onSiteReviewOn: chinaToday(), items: otherScores } }, reviewer)).scoreCertificationOnSite;
  expect(cert).toMatchObject({ score: 150, onSiteOutcome: 'PASS' });
  // The review team's own evidence of the certification it scores.
  const opinion = SAMPLES.pdf();
  await run(
    'requestEvidenceUpload (review team, certification)',
    `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } upload { url } } }`,
    { input: { ownerType: 'CERTIFICATION', ownerId: cert.id, fileName: '现场评审意见.pdf', contentType: opinion.contentType, size: opinion.bytes.length, sha256: sha256(opinion.bytes) } },
    reviewer,
  );
  await run(
    'decideCertification',
    `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { ${CERTIFICATION} reReviewDueOn } }`,
    { input: { id: cert.id, version: cert.version, decision: 'DESIGNATED', decidedOn: chinaToday(), designatedOn: chinaToday(), certificateNumber: 'AQSQ-2010-001' } },
    reviewer,
  );
  await run(
    'certification',
    `query($id: ID!) { certification(id: $id) { level decision score community { name } chain { steps { action level } } selfAssessment { id total } onSiteAssessment { id total items { parts { grade selfGrade } } } } }`,
    { id: cert.id },
    analyst,
  );

  // ISCCC (INTERNATIONAL): no chain; its on-site visit is recorded with a typed score, then its decision.
  const isccc = (
    await run('applyForCertification (ISCCC)', `mutation($input: ApplyForCertificationInput!) { applyForCertification(input: $input) { ${CERTIFICATION} } }`, { input: { communityId, level: 'INTERNATIONAL', appliedOn: chinaToday() } }, editor)
  ).applyForCertification;
  const reviewed = (
    await run(
      'recordCertificationReview',
      `mutation($input: RecordCertificationReviewInput!) { recordCertificationReview(input: $input) { ${CERTIFICATION} } }`,
      { input: { id: isccc.id, version: isccc.version, onSiteReviewOn: chinaToday(), expertGroup: 'ISCCC 认证专家组', score: 92 } },
      reviewer,
    )
  ).recordCertificationReview;
  await run(
    'decideCertification (ISCCC)',
    `mutation($input: DecideCertificationInput!) { decideCertification(input: $input) { ${CERTIFICATION} reReviewDueOn } }`,
    { input: { id: reviewed.id, version: reviewed.version, decision: 'DESIGNATED', decidedOn: chinaToday(), designatedOn: chinaToday(), certificateNumber: 'ISCCC-2026-001' } },
    reviewer,
  );
  // The re-review radar: the designations standing, by due date, with their last recorded work.
  await run('designationsDue', `{ designationsDue(regionCode: "37", within: 120, first: 10) { totalCount edges { node { dueOn daysLeft atRisk lastWorkMonth community { id } } } } }`, {}, reviewer);

  // Evidence: register an upload (presigned POST), the processor decides, then read it with a
  // download link (pinned to the checked version), list and archive it, withdraw it.
  const file = SAMPLES.pdf();
  const requested = (
    await run(
      'requestEvidenceUpload',
      `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id version } upload { url fields { name value } } } }`,
      { input: { ownerType: 'COMMUNITY', ownerId: communityId, fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256: sha256(file.bytes), element: 'ORGANISATION' } },
      editor,
    )
  ).requestEvidenceUpload;
  const posted = await app.uploadEvidence(requested.upload, file);
  expect(posted.outcomes.map((outcome) => outcome.result)).toEqual(['AVAILABLE']);
  const EVIDENCE = `query($id: ID!) { evidence(id: $id) { status version downloadUrl } }`;
  // s3rver keeps no versions, so this link names none (a GetObject); in AWS it names the checked one.
  const unpinned = (await run('evidence (download link, no version)', EVIDENCE, { id: requested.evidence.id }, editor)).evidence;
  expect(unpinned.downloadUrl).not.toContain('versionId=');
  await pinToVersion(requested.evidence.id);
  const evidence = (await run('evidence (download link pinned to the version)', EVIDENCE, { id: requested.evidence.id }, editor)).evidence;
  expect(evidence.downloadUrl).toContain('versionId=');
  await run(
    'community evidence and archive',
    `query($id: ID!) { community(id: $id) { evidence(first: 10) { edges { node { id } } } archive { total elements { element count } } certifications { level } latestCertification { level } assessments(first: 5) { totalCount edges { node { id kind } } } surveys { year } projects(first: 5) { totalCount } activities(first: 5) { totalCount } incidents(first: 5) { totalCount } } }`,
    { id: communityId },
    editor,
  );
  await run('withdrawEvidence', `mutation($input: WithdrawEvidenceInput!) { withdrawEvidence(input: $input) { status } }`, { input: { id: requested.evidence.id, version: evidence.version, reason: '上传错误' } }, editor);

  // Analytics: incident and creation figures, the export file, and the admin's recount.
  const PERIOD = { regionCode: '37', period: { year: 2009 } };
  const FIGURES = 'count deaths injured';
  await run('incidentSummary', `query($regionCode: String!, $period: AnalyticsPeriodInput!) { incidentSummary(regionCode: $regionCode, period: $period) { total { current { ${FIGURES} } } ratesPer10000 { count } } }`, PERIOD, analyst);
  await run('incidentRegionBreakdown', `query($regionCode: String!, $period: AnalyticsPeriodInput!) { incidentRegionBreakdown(regionCode: $regionCode, period: $period) { children { region { code } current { ${FIGURES} } } } }`, PERIOD, analyst);
  await run('incidentTrend', `{ incidentTrend(regionCode: "37", from: "2009-01", to: "2009-12") { points { period figures { count } } } }`, {}, analyst);
  await run('creationSummary', `query($regionCode: String!, $period: AnalyticsPeriodInput!) { creationSummary(regionCode: $regionCode, period: $period) { communities { total } projects { projects } } }`, PERIOD, reviewer);
  await run('creationRegionBreakdown', `query($regionCode: String!, $period: AnalyticsPeriodInput!) { creationRegionBreakdown(regionCode: $regionCode, period: $period) { children { region { code } communities } } }`, PERIOD, reviewer);
  await run('designationTrend', `{ designationTrend(regionCode: "37", fromYear: 2008, toYear: 2010) { years { year byLevel { level designations } } } }`, {}, analyst);
  // aggregateExport writes a file: issue 9 makes it a mutation; the sweep follows the schema.
  const exportIsMutation = executableSchema().getMutationType()?.getFields().aggregateExport !== undefined;
  const exported = await run(
    'aggregateExport',
    `${exportIsMutation ? 'mutation' : 'query'}($regionCode: String!, $period: AnalyticsPeriodInput!) { aggregateExport(regionCode: $regionCode, period: $period) { fileName url } }`,
    PERIOD,
    analyst,
  );
  expect(new URL(exported.aggregateExport.url).pathname).toContain(`/${EXPORT_OBJECT_PREFIX}`);
  // The workbook (issue 13): the same reads, a synchronous Invoke of the workbook function, and the object put under exports/.
  const workbook = await run(
    'aggregateExport (XLSX)',
    'mutation($regionCode: String!, $period: AnalyticsPeriodInput!) { aggregateExport(regionCode: $regionCode, period: $period, format: XLSX) { fileName url } }',
    PERIOD,
    analyst,
  );
  expect(workbook.aggregateExport.fileName).toBe('safe-community-aggregates-37-2009.xlsx');
  expect(lambdaStandIn.workbookInvocations).toEqual(['RequestResponse']);
  // Briefings (issue 11): a region's (its aggregates, listings and the radar) and a community's (its own records), each a DOCX under exports/.
  const BRIEFING = `mutation($regionCode: String, $communityId: ID) { generateBriefing(regionCode: $regionCode, communityId: $communityId, period: { year: 2009 }) { fileName url issueLine } }`;
  const regionBriefing = (await run('generateBriefing (a region)', BRIEFING, { regionCode: '37' }, analyst)).generateBriefing;
  expect(new URL(regionBriefing.url).pathname).toContain(`/${EXPORT_OBJECT_PREFIX}`);
  await run('generateBriefing (a community)', BRIEFING, { communityId }, editor);
  await run('recomputeAggregates', `mutation { recomputeAggregates(regionCode: "37") { incidents creationRecords itemsFixed } }`, {}, admin);

  // Scoring sheets (issue 10): the bundled ones and a published version, read back.
  const sheet = { ...JSON.parse(readFileSync('functions/review/sheets/city.v1.json', 'utf8')), id: 'role-sweep', version: 1 };
  await run('publishScoringSheet', 'mutation($s: JSON!) { publishScoringSheet(sheet: $s) { id version } }', { s: sheet }, admin);
  await run('scoringSheets', '{ scoringSheets { id version versions } }', {}, editor);
  await run('scoringSheet', '{ scoringSheet(id: "role-sweep", version: 1) { id indicators { items { id } } } }', {}, reviewer);

  // Notifications (issue 11): the reminders job writes them (its own role, tests/infra/reminders-job.test.ts,
  // on the harness's clients); the API lists them, counts the unread and marks them read.
  const { createRemindersJob, runFor } = await import('#reminders/job.ts');
  await createRemindersJob(app.table.name, app.table.client).run(runFor('2031-01-01'));
  const notes = (await run('notifications', '{ notifications(first: 5) { totalCount unreadCount edges { node { id rule message community { id } certification { id } } } } }', {}, editor)).notifications;
  expect(notes.edges.length).toBeGreaterThan(0);
  await run('notifications (unreadOnly)', '{ notifications(unreadOnly: true, first: 5) { edges { node { id read } } } }', {}, reviewer);
  await run('unreadNotificationCount', '{ unreadNotificationCount }', {}, editor);
  await run('markNotificationsRead', 'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount } }', { ids: [notes.edges[0].node.id] }, editor);

  // Review packs (issue 11): the request (its record and guard, then an asynchronous Invoke of the
  // job function, the only Lambda call the role may make) and the pack read back.
  const pack = (await run('requestReviewPack', 'mutation($c: ID!) { requestReviewPack(communityId: $c) { id status } }', { c: communityId }, editor)).requestReviewPack;
  expect(lambdaStandIn.invocations).toEqual([{ functionName: REVIEW_PACK_FUNCTION_NAME, invocationType: 'Event', payload: { packId: pack.id } }]);
  await run('reviewPack', 'query($id: ID!) { reviewPack(id: $id) { status progress { files bytes } url expiresAt } }', { id: pack.id }, reviewer);

  // Incident imports from a browser (issue 13): the request (the job and its file's guard in one
  // transaction, and a presigned POST under imports/, which S3 authorizes as the signer's PutObject)
  // and the job read back. The import itself is the job function's (tests/infra/import-job.test.ts).
  const importRequest = (
    await run(
      'requestIncidentImport',
      'mutation($c: ID!, $n: String!, $s: Int!, $h: String!) { requestIncidentImport(communityId: $c, fileName: $n, size: $s, sha256: $h) { job { id status } upload { url fields { name value } } } }',
      { c: communityId, n: '登记簿.csv', s: 120, h: 'ab'.repeat(32) },
      editor,
    )
  ).requestIncidentImport;
  await run('importJob', 'query($id: ID!) { importJob(id: $id) { status processed total created duplicates rejected rejectedRowsUrl error } }', { id: importRequest.job.id }, editor);

  // The hazard register (issue 12): the grid, hazard sources, supervised units and their frequencies, with cell child indexes in each write.
  const OFFICE = { organisation: '吴店镇安全生产办公室', post: '网格长' };
  const CELL = `mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id version } }`;
  const village = (await run('createGridCell', CELL, { input: { communityId, name: '吴店村', kind: 'VILLAGE_COMMITTEE', villageCode: '371702101201', responsibleUnit: OFFICE } }, editor)).createGridCell;
  const area = (await run('createGridCell (under a parent)', CELL, { input: { communityId, parentId: village.id, name: '一片区', kind: 'AREA', responsibleUnit: OFFICE } }, editor)).createGridCell;
  await run('updateGridCell', `mutation($input: UpdateGridCellInput!) { updateGridCell(input: $input) { version } }`, { input: { id: area.id, version: area.version, name: '第一片区' } }, editor);
  await run('gridCell', `query($id: ID!) { gridCell(id: $id) { name parent { name } history { edges { node { operation } } } evidence { totalCount } } }`, { id: area.id }, analyst);
  await run('grid', `query($c: ID!) { grid(communityId: $c, first: 10) { totalCount edges { node { id parentId depth } } } }`, { c: communityId }, reviewer);
  const source = (
    await run(
      'createHazardSource',
      `mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id version } }`,
      { input: { cellId: village.id, kind: 'SEPTIC_TANK', location: { address: '吴店村东头', latitude: 35.2, longitude: 115.4 }, riskLevel: 'ORANGE', controls: ['加盖上锁'], responsibleUnit: OFFICE } },
      editor,
    )
  ).createHazardSource;
  const updatedSource = (await run('updateHazardSource', `mutation($input: UpdateHazardSourceInput!) { updateHazardSource(input: $input) { version } }`, { input: { id: source.id, version: source.version, riskLevel: 'RED' } }, editor)).updateHazardSource;
  await run('hazardSource', `query($id: ID!) { hazardSource(id: $id) { kind cell { name } history { edges { node { operation } } } evidence { totalCount } } }`, { id: source.id }, analyst);
  await run('hazardRegister', `query($c: ID!) { hazardRegister(communityId: $c, level: RED, first: 10) { totalCount edges { node { id riskLevel } } } }`, { c: communityId }, reviewer);
  await run('removeHazardSource', `mutation($input: RemoveHazardSourceInput!) { removeHazardSource(input: $input) { status } }`, { input: { id: source.id, version: updatedSource.version, reason: '化粪池已填埋' } }, editor);
  const unit = (
    await run(
      'createSupervisedUnit',
      `mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id version } }`,
      { input: { cellId: area.id, kind: 'RESTAURANT', name: '吴店饭庄', grade: 'D', responsibleUnit: { organisation: '吴店饭庄', post: '店长' } } },
      editor,
    )
  ).createSupervisedUnit;
  const updatedUnit = (await run('updateSupervisedUnit', `mutation($input: UpdateSupervisedUnitInput!) { updateSupervisedUnit(input: $input) { version } }`, { input: { id: unit.id, version: unit.version, grade: 'C' } }, editor)).updateSupervisedUnit;
  await run('supervisedUnit', `query($id: ID!) { supervisedUnit(id: $id) { name inspectionFrequency cell { name } history { edges { node { operation } } } evidence { totalCount } } }`, { id: unit.id }, analyst);
  await run('supervisedUnits', `query($c: ID!, $cell: ID) { supervisedUnits(communityId: $c, grade: C, cellId: $cell) { totalCount edges { node { name } } } }`, { c: communityId, cell: area.id }, reviewer);
  const frequencies = (await run('setInspectionFrequencies', `mutation($input: SetInspectionFrequenciesInput!) { setInspectionFrequencies(input: $input) { version } }`, { input: { communityId, A: 'YEARLY', B: 'QUARTERLY', C: 'MONTHLY', D: 'WEEKLY' } }, editor)).setInspectionFrequencies;
  await run('setInspectionFrequencies (replace)', `mutation($input: SetInspectionFrequenciesInput!) { setInspectionFrequencies(input: $input) { version } }`, { input: { communityId, A: 'QUARTERLY', B: 'MONTHLY', C: 'WEEKLY', D: 'DAILY', version: frequencies.version } }, editor);
  await run('inspectionFrequencies', `query($c: ID!) { inspectionFrequencies(communityId: $c) { A B C D isDefault version history { edges { node { operation } } } } }`, { c: communityId }, analyst);
  await run(
    'requestEvidenceUpload (a hazard source)',
    `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }`,
    { input: { ownerType: 'HAZARD_SOURCE', ownerId: source.id, fileName: '现场照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'a'.repeat(64), element: 'RISK_ASSESSMENT' } },
    editor,
  );
  // Inspections (issue 12): an inspection with the subject's last-inspection item in its transaction, read back, and what is due.
  const inspection = (
    await run(
      'recordInspection',
      `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id checklistKind dueOn onSchedule dangers { id inspection { id } } } }`,
      {
        input: {
          subjectType: 'SUPERVISED_UNIT', subjectId: unit.id, heldOn: chinaToday(), inspector: OFFICE, results: bundledChecklist('RESTAURANT')?.items.map((item) => ({ itemId: item.id, outcome: 'PASS' })),
          // A danger it found, in the inspection's transaction.
          dangers: [{ severity: 'GENERAL', description: '灭火器过期', deadline: chinaToday() }],
        },
      },
      editor,
    )
  ).recordInspection;
  await run('inspection', `query($id: ID!) { inspection(id: $id) { heldOn results { outcome } supervisedUnit { name } history { edges { node { operation } } } evidence { totalCount } dangers { description inspection { heldOn } } } }`, { id: inspection.id }, analyst);
  await run('inspections', `query($c: ID!, $s: ID) { inspections(communityId: $c, subjectId: $s, first: 10) { totalCount edges { node { id } } } }`, { c: communityId, s: unit.id }, reviewer);
  await run('inspectionsDue', `query($c: ID!) { inspectionsDue(communityId: $c, first: 10) { totalCount edges { node { subjectId dueOn status } } } }`, { c: communityId }, reviewer);
  await run('inspectionsDue (a region)', `query($r: String!, $on: LocalDate) { inspectionsDue(regionCode: $r, on: $on, first: 10) { totalCount edges { node { subjectId dueOn status community { name } } } } }`, { r: '3717', on: addDays(chinaToday(), 7) }, reviewer);
  await run(
    'requestEvidenceUpload (an inspection)',
    `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }`,
    { input: { ownerType: 'INSPECTION', ownerId: inspection.id, fileName: '巡查照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'd'.repeat(64), element: 'RISK_ASSESSMENT' } },
    editor,
  );
  await run('removeSupervisedUnit', `mutation($input: RemoveHazardRecordInput!) { removeSupervisedUnit(input: $input) { id } }`, { input: { id: unit.id, version: updatedUnit.version } }, editor);
  const spare = (await run('createGridCell (to remove)', CELL, { input: { communityId, parentId: village.id, name: '临时片区', kind: 'AREA', responsibleUnit: OFFICE } }, editor)).createGridCell;
  await run('removeGridCell', `mutation($input: RemoveHazardRecordInput!) { removeGridCell(input: $input) { id } }`, { input: { id: spare.id, version: spare.version } }, editor);

  // Hidden dangers (issue 12): recorded, moved through their life (each move one write with its audit entry), read and listed by deadline.
  const MOVE = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { id state version } }`;
  const deadline = new Date(Date.now() + 8 * 3600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  const danger = (
    await run(
      'recordHiddenDanger',
      `mutation($input: RecordHiddenDangerInput!) { recordHiddenDanger(input: $input) { id version } }`,
      { input: { communityId, subject: { type: 'HAZARD_SOURCE', id: source.id }, severity: 'GENERAL', description: '化粪池盖板破损', responsibleUnit: OFFICE, deadline } },
      editor,
    )
  ).recordHiddenDanger;
  const photo = (
    await run(
      'requestEvidenceUpload (a hidden danger)',
      `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }`,
      { input: { ownerType: 'HIDDEN_DANGER', ownerId: danger.id, fileName: '整改后照片.jpg', contentType: 'image/jpeg', size: 2048, sha256: 'e'.repeat(64), element: 'CORRECTIVE_ACTIONS' } },
      editor,
    )
  ).requestEvidenceUpload.evidence;
  const started = (await run('startRectification', MOVE('startRectification', 'HiddenDangerMoveInput'), { input: { id: danger.id, version: danger.version } }, editor)).startRectification;
  const reported = (await run('reportRectified', MOVE('reportRectified', 'ReportRectifiedInput'), { input: { id: danger.id, version: started.version, photoEvidenceIds: [photo.id] } }, editor)).reportRectified;
  const rejected = (await run('rejectVerification', MOVE('rejectVerification', 'RejectVerificationInput'), { input: { id: danger.id, version: reported.version, reason: '盖板未更换' } }, reviewer)).rejectVerification;
  const again = (await run('reportRectified (again)', MOVE('reportRectified', 'ReportRectifiedInput'), { input: { id: danger.id, version: rejected.version, photoEvidenceIds: [photo.id] } }, editor)).reportRectified;
  await run('verifyHiddenDanger', MOVE('verifyHiddenDanger', 'HiddenDangerMoveInput'), { input: { id: danger.id, version: again.version } }, reviewer);
  await run('hiddenDanger', `query($id: ID!) { hiddenDanger(id: $id) { state overdue history { edges { node { operation } } } evidence { totalCount } } }`, { id: danger.id }, analyst);
  await run('hiddenDangers', `query($c: ID!) { hiddenDangers(communityId: $c, first: 10) { totalCount edges { node { id } } } }`, { c: communityId }, reviewer);
  await run('hiddenDangers (overdue)', `query($c: ID!) { hiddenDangers(communityId: $c, overdue: true, state: OPEN, first: 10) { totalCount edges { node { id } } } }`, { c: communityId }, reviewer);
  await run('escalatedHazards', `{ escalatedHazards(regionCode: "3717", first: 10) { totalCount edges { node { id daysOverdue } } } }`, {}, reviewer);

  // Residents' reports: an intake app files one (the record, its phone, its tracking digest and the
  // app's rate window in one transaction) and reads it back by code; the office lists, reads (the
  // phone: a BatchGetItem of its item) and answers it into a hidden danger, in one transaction.
  const intake = await app.token({ role: 'REPORT_INTAKE', app: 'sweep-app', subject: 'sweep-app' });
  const receipt = (
    await run(
      'submitResidentReport',
      `mutation($input: SubmitResidentReportInput!) { submitResidentReport(input: $input) { trackingCode receivedAt } }`,
      { input: { communityId, description: '村口桥栏杆松动', location: { address: '吴店镇村口桥' }, phone: '13912345678' } },
      intake,
    )
  ).submitResidentReport;
  await run('residentReportByTrackingCode', `query($code: String!) { residentReportByTrackingCode(code: $code) { status answer hiddenDangerState } }`, { code: receipt.trackingCode }, intake);
  const reports = (await run('residentReports', `query($c: ID!) { residentReports(communityId: $c, first: 10) { totalCount edges { node { id version } } } }`, { c: communityId }, reviewer)).residentReports;
  await run('residentReports (overdue)', `query($c: ID!) { residentReports(communityId: $c, overdue: true, first: 10) { totalCount edges { node { id } } } }`, { c: communityId }, analyst);
  const report = reports.edges[0].node;
  await run('residentReport', `query($id: ID!) { residentReport(id: $id) { phone phoneGiven history { edges { node { operation } } } evidence { totalCount } } }`, { id: report.id }, editor);
  await run(
    'answerResidentReport',
    `mutation($input: AnswerResidentReportInput!) { answerResidentReport(input: $input) { status hiddenDanger { id state } } }`,
    { input: { id: report.id, version: report.version, answer: '属实，已限期修复栏杆。', danger: { severity: 'GENERAL', responsibleUnit: OFFICE, deadline } } },
    editor,
  );

  // The audit trail (issue 9, where the schema has it): a record's history, a community's and a region's log.
  if (executableSchema().getQueryType()?.getFields().auditLog) {
    await run('history', `query($id: ID!) { community(id: $id) { history(first: 20) { edges { node { operation recordType } } } } }`, { id: communityId }, editor);
    await run('auditLog (community)', `query($c: ID!) { auditLog(communityId: $c, first: 20) { edges { node { operation } } } }`, { c: communityId }, editor);
    await run('auditLog (region)', `{ auditLog(regionCode: "37", first: 20) { edges { node { operation } } } }`, {}, reviewer);
  }

  // Global ids (issue 13): node and nodes read each kind by its own service read (a BatchGetItem per kind), whatever kinds are asked together.
  await run('node', `query($id: ID!) { node(id: $id) { id ... on Community { name } } }`, { id: communityId }, editor);
  const entry = (await run('auditLog (an entry for nodes)', `query($c: ID!) { auditLog(communityId: $c, first: 1) { edges { node { id } } } }`, { c: communityId }, editor)).auditLog.edges[0].node.id;
  const ids = [communityId, project.id, intervention.id, survey.id, submitted.id, cert.id, notes.edges[0].node.id, pack.id, village.id, source.id, inspection.id, danger.id, report.id, entry, 'rgn_3717'];
  const nodes = (await run('nodes', `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`, { ids }, editor)).nodes;
  expect(nodes.map((node: { id: string }) => node.id)).toEqual(ids);
}

/**
 * On a versioned bucket the processor keeps the version it checked and downloads are pinned to
 * it; s3rver keeps no versions, so the evidence item is given the one S3 would have reported.
 */
async function pinToVersion(evidenceId: string): Promise<void> {
  const { Items = [] } = await app.table.client.send(
    new QueryCommand({ TableName: app.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': recordKey('EVIDENCE', evidenceId).pk } }),
  );
  expect(Items).toHaveLength(1);
  await app.table.client.send(new PutCommand({ TableName: app.table.name, Item: { ...Items[0], objectVersionId: '3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY' } }));
}

describe('the GraphQL role against the GraphQL function', () => {
  it('swept every query and mutation family through the Lambda handler', () => {
    // Prepare
    const operations = sweep.map((entry) => entry.operation);

    // Act
    const actions = new Set(allNeeds().map((need) => need.action));

    // Assess
    expect(operations).toEqual(
      expect.arrayContaining(['createCommunity', 'closeProject', 'deleteActivity', 'recordSurvey', 'decideCertification', 'importIncidents', 'correctIncident', 'deleteIncident', 'withdrawEvidence', 'aggregateExport', 'recomputeAggregates']),
    );
    // Every query and mutation the schema has (named by the sweep as the field, with what it covers in brackets).
    const swept = new Set(operations.map((operation) => operation.split(' (')[0]));
    const schema = executableSchema();
    const fields = [...Object.keys(schema.getQueryType()?.getFields() ?? {}), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
    expect(fields.filter((field) => !swept.has(field))).toEqual([]);
    expect([...actions].sort()).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 's3:GetObject', 's3:PutObject']));
  });

  it('allows every call the sweep made, operation by operation', () => {
    // Act
    const refused = sweep.map(({ operation, needs }) => ({ operation, refused: refusedOf(policy, needs) })).filter((entry) => entry.refused.length > 0);

    // Assess
    expect(refused).toEqual([]);
  });

  it('holds no action, on no resource, that no call needed, besides its logs and traces', () => {
    // Act
    const unused = unusedGrants(policy, allNeeds());

    // Assess
    expect(allNeeds().length).toBeGreaterThan(100);
    expect(unused).toEqual([]);
  });

  it('never scans, and queries only the indexes its grant names', () => {
    // Prepare
    const granted = new Set(GRAPHQL_TABLE_GRANT.queriedIndexes.map((name) => `table/index/${name}`));

    // Act
    const scans = allNeeds().filter((need) => need.action === 'dynamodb:Scan');
    const indexes = new Set(allNeeds().filter((need) => need.resource.startsWith('table/index/')).map((need) => need.resource));

    // Assess
    expect(scans).toEqual([]);
    expect([...indexes].sort()).toEqual([...granted].sort());
    expect(GRAPHQL_TABLE_GRANT.queriedIndexes.length).toBeLessThanOrEqual(GLOBAL_INDEXES.length);
  });

  it('would refuse what the function must not do (the checks above can fail)', () => {
    // Prepare
    const outside: Need[] = [
      { action: 'dynamodb:Scan', resource: 'table' },
      { action: 'dynamodb:Scan', resource: 'table/index/gsi1' },
      { action: 'dynamodb:BatchWriteItem', resource: 'table', key: recordKey('COMMUNITY', 'x').pk },
      { action: 'dynamodb:DescribeTable', resource: 'table' },
      { action: 'dynamodb:Query', resource: 'table/index/gsi9' },
      { action: 's3:DeleteObject', resource: `bucket/${EVIDENCE_OBJECT_PREFIX}x/y` },
      { action: 's3:PutObject', resource: 'bucket/elsewhere/x' },
      { action: 's3:GetObjectVersion', resource: `bucket/${EXPORT_OBJECT_PREFIX}x/y.csv` },
      { action: 'lambda:InvokeFunction', resource: 'lambda/another-function' },
      { action: 's3:AbortMultipartUpload', resource: `bucket/${EXPORT_OBJECT_PREFIX}x/review-pack.zip` },
    ];

    // Act
    const refused = refusedOf(policy, outside);

    // Assess
    expect(refused.map(({ decision: _decision, ...need }) => need)).toEqual(outside);
  });
});

/** A type of the schema as the helper below reads it, by shape (the schema module's graphql instance is not this file's). */
interface SchemaType {
  readonly name?: string;
  readonly ofType?: SchemaType;
  readonly getValues?: () => readonly { readonly name: string }[];
  readonly getFields?: () => Record<string, { readonly name: string; readonly type: SchemaType; readonly defaultValue?: unknown }>;
  readonly getTypes?: () => unknown;
  toString(): string;
}

/**
 * A document that calls one root field with made-up values for its required arguments and selects
 * only `__typename`: enough to pass validation, so what answers is the field's authorization.
 */
function minimalCall(operation: 'query' | 'mutation', field: { readonly name: string; readonly type: SchemaType; readonly args: readonly { readonly name: string; readonly type: SchemaType }[] }): string {
  const required = (type: SchemaType) => type.toString().endsWith('!');
  const literal = (type: SchemaType): string => {
    if (required(type) && type.ofType) return literal(type.ofType);
    if (type.toString().startsWith('[')) return '[]';
    if (type.getValues) return type.getValues()[0]?.name ?? '';
    if (type.getFields) {
      const fields = Object.values(type.getFields()).filter((input) => required(input.type) && input.defaultValue === undefined);
      return `{ ${fields.map((input) => `${input.name}: ${literal(input.type)}`).join(', ')} }`;
    }
    const scalars: Record<string, string> = { Int: '1', Float: '1.5', Boolean: 'true', LocalDate: '"2020-01-01"', DateTime: '"2020-01-01T00:00:00Z"', Money: '"1.00"', JSON: '{}' };
    return scalars[type.name ?? ''] ?? '"0f8fad5b-d9cb-469f-a165-70867728950e"';
  };
  const args = field.args.filter((arg) => required(arg.type)).map((arg) => `${arg.name}: ${literal(arg.type)}`);
  let named = field.type;
  while (named.ofType) named = named.ofType;
  const selection = named.getFields || named.getTypes ? ' { __typename }' : '';
  return `${operation} { ${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''}${selection} }`;
}

describe('an intake app (REPORT_INTAKE) under the GraphQL function', () => {
  it('is FORBIDDEN every root field but submitResidentReport and residentReportByTrackingCode', async () => {
    // Prepare
    const intake = await app.token({ role: 'REPORT_INTAKE', app: 'sweep-app-2' });
    const schema = executableSchema();
    const calls = [
      ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ field: field.name, document: minimalCall('query', field as unknown as Parameters<typeof minimalCall>[1]) })),
      ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ field: field.name, document: minimalCall('mutation', field as unknown as Parameters<typeof minimalCall>[1]) })),
    ];

    // Act
    const answers: Record<string, string | undefined> = {};
    for (const call of calls) {
      const response = await app.doors[0]!.execute(call.document, {}, intake);
      answers[call.field] = response.body.errors?.[0]?.extensions?.code;
    }

    // Assess
    const allowed = new Set(['submitResidentReport', 'residentReportByTrackingCode']);
    expect(calls.length).toBeGreaterThan(50);
    expect(Object.fromEntries(Object.entries(answers).filter(([field]) => !allowed.has(field)))).toEqual(
      Object.fromEntries(calls.filter((call) => !allowed.has(call.field)).map((call) => [call.field, 'FORBIDDEN'])),
    );
    // Its own two fields reach their services (a made-up community and code: NOT_FOUND, BAD_USER_INPUT).
    expect([answers.submitResidentReport, answers.residentReportByTrackingCode]).toEqual(['NOT_FOUND', 'BAD_USER_INPUT']);
  });
});

describe('audit entries under the GraphQL role', () => {
  const entry = auditKeys.record('INCIDENT', '0f8fad5b-d9cb-469f-a165-70867728950e');

  it('may be appended (a Put, conditioned in the code on attribute_not_exists) but never updated or deleted', () => {
    // Prepare
    const changes = AUDIT_ENTRY_PROTECTED_ACTIONS.map((action) => ({ action, resource: 'table', key: entry }));

    // Act
    const put = decide(policy, { action: 'dynamodb:PutItem', resource: 'table', key: entry });
    const decisions = changes.map((need) => decide(policy, need));

    // Assess
    expect(entry.startsWith(AUDIT_PK_PREFIX)).toBe(true);
    expect(put).toBe('allowed');
    expect(decisions).toEqual(AUDIT_ENTRY_PROTECTED_ACTIONS.map(() => expect.stringMatching(/denied|not allowed/)));
    expect(decide(policy, { action: 'dynamodb:UpdateItem', resource: 'table', key: entry })).toBe('denied');
    expect(decide(policy, { action: 'dynamodb:DeleteItem', resource: 'table', key: entry })).toBe('denied');
  });

  it('no call of the sweep updated or deleted an audit entry', () => {
    // Prepare
    const protectedActions = new Set<string>(AUDIT_ENTRY_PROTECTED_ACTIONS);

    // Act
    const changed = allNeeds().filter((need) => need.key?.startsWith(AUDIT_PK_PREFIX) && protectedActions.has(need.action));

    // Assess
    expect(changed).toEqual([]);
  });
});
