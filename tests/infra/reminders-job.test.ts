import { randomUUID } from 'node:crypto';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Certification } from '#certification/model.ts';
import { CertificationRepository } from '#certification/repository.ts';
import { CommunityRepository } from '#community/repository.ts';
import { createAwsClients } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { AUDIT_PK_PREFIX, NOTIFICATION_READ_PK_PREFIX, recordKey } from '#core/db/keys.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { createRemindersJob, runFor } from '#reminders/job.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { SAMPLES, sha256 } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { type Need, recordCalls, refusedOf, type RolePolicy, rolePolicy, unusedGrants } from './iam-replay.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, synthesizeApp } from './synthesize.ts';

/**
 * The reminders job in the CDK app: its schedule (daily, China time, the scheduled time as input),
 * the scheduler's role (invoke that function only), the optional SES grant behind the context
 * flag, and the function's role against what a run really does: a run on the local engines with
 * recording clients, every call replayed against the synthesized statements, and every grant used.
 */
let app: TestApp;
let policy: RolePolicy;
let template: ReturnType<typeof synthesizeApp>['template'];
let stack: ReturnType<typeof synthesizeApp>['stack'];
const used: Need[] = [];

beforeAll(async () => {
  ({ stack, template } = synthesizeApp(SKIP_BUNDLING_CONTEXT));
  policy = rolePolicy(template, stack.reminders.function.role, { table: stack.table.table, bucket: stack.evidence.bucket });

  app = await createTestApp();
  const pipeline = createWritePipeline(app.table);
  const communities = new CommunityRepository(app.table, pipeline);
  const certifications = new CertificationRepository(app.table, pipeline, communities, new AssessmentRepository(app.table, pipeline, communities).assessments);
  const community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇', stage: 'DESIGNATED' });
  const now = new Date().toISOString();
  const designation: Certification = {
    id: randomUUID(), communityId: community.id, regionCode: community.regionCode, level: 'CITY', standardVersion: 'AQ/T 9001-2006',
    appliedOn: '2024-01-01', reReview: false, decision: 'DESIGNATED', decidedOn: '2024-01-10', designatedOn: '2024-01-10', phase: 'DECIDED', version: 1, createdAt: now, updatedAt: now,
  };
  const waiting: Certification = {
    id: randomUUID(), communityId: community.id, regionCode: community.regionCode, level: 'NATIONAL', standardVersion: 'AQ/T 9001-2006', appliedOn: '2026-01-05', reReview: true,
    decision: 'PENDING', phase: 'ENDORSEMENT', waitingFor: { level: 'CITY', regionCode: '3717' }, waitingSince: '2026-01-05T02:00:00.000Z', version: 1, createdAt: now, updatedAt: now,
  };
  for (const certification of [designation, waiting]) await certifications.record(certification, community.regionCode, systemOrigin('test-fixture', `fixture:${certification.id}`));
  const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
  const file = SAMPLES.pdf();
  ok(
    await app.doors[0]!.execute(
      'mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } } }',
      { input: { ownerType: 'COMMUNITY', ownerId: community.id, fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256: sha256(file.bytes) } },
      editor,
    ),
  );
  // A hidden danger the run finds overdue (its deadline a week from now, the run's day 400 days on): escalated to every level above.
  ok(
    await app.doors[0]!.execute(
      'mutation($input: RecordHiddenDangerInput!) { recordHiddenDanger(input: $input) { id } }',
      { input: { communityId: community.id, severity: 'GENERAL', description: '液化气钢瓶露天存放', responsibleUnit: { organisation: '吴店饭庄', post: '店长' }, deadline: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) } },
      editor,
    ),
  );

  // A resident's report never answered: overdue on the run's day (REPORT_OVERDUE, from its province's listing of unanswered reports).
  const intake = await app.token({ role: 'REPORT_INTAKE', app: 'reminders-fixture' });
  ok(
    await app.doors[0]!.execute(
      'mutation($input: SubmitResidentReportInput!) { submitResidentReport(input: $input) { trackingCode } }',
      { input: { communityId: community.id, description: '饭庄后巷液化气钢瓶堆放', location: { address: '吴店镇一网格' } } },
      intake,
    ),
  );

  // A daily supervised unit and a red hazard source never inspected: the run counts their missed dues (their due items, the counters).
  const office = { organisation: '吴店镇安监站', post: '网格员' };
  const cell = ok(await app.doors[0]!.execute('mutation($input: CreateGridCellInput!) { createGridCell(input: $input) { id } }', { input: { communityId: community.id, name: '一网格', kind: 'AREA', responsibleUnit: office } }, editor)).createGridCell.id;
  ok(await app.doors[0]!.execute('mutation($input: CreateSupervisedUnitInput!) { createSupervisedUnit(input: $input) { id } }', { input: { cellId: cell, kind: 'RESTAURANT', name: '吴店饭庄', grade: 'D', responsibleUnit: office } }, editor));
  ok(await app.doors[0]!.execute('mutation($input: CreateHazardSourceInput!) { createHazardSource(input: $input) { id } }', { input: { cellId: cell, kind: 'SEPTIC_TANK', location: { address: '吴店镇一网格' }, riskLevel: 'RED', responsibleUnit: office } }, editor));

  // The job as its Lambda handler builds it (storage configuration only), on recording clients.
  const config = loadStorageConfig(app.env);
  const { dynamodb, documents } = createAwsClients(config.aws);
  recordCalls(dynamodb, (needs) => used.push(...needs));
  const job = createRemindersJob(config.tableName, documents);
  // Every rule at once (re-review overdue, AT_RISK, waiting, an expired upload, an escalated hidden danger, an overdue report), then the same day again.
  const day = runFor(new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10));
  const first = await job.run(day);
  expect(first.evidenceExpired).toBe(1);
  expect(first.missedInspections.subjects).toBe(2);
  // Every rule but the 180/90/30-day steps (the same calls as an overdue one) writes.
  expect(Object.entries(first.byRule).filter(([rule, tally]) => rule !== 'RE_REVIEW_DUE' && tally.written === 0)).toEqual([]);
  await job.run(day);
}, 4 * SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  removeOutdirs();
});

describe('the reminders schedule', () => {
  it('invokes the job function daily at 01:00 China time with the scheduled time, retried within an hour', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 1 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RemindersFunctionHandler'), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      },
    });
  });

  it('lets the scheduler invoke that function and put what it could not deliver in the failed-invocation queue, nothing else', () => {
    const statements = rolePolicy(template, stack.reminders.schedulerRole, { table: stack.table.table, bucket: stack.evidence.bucket }).statements;
    const invoking = statements.filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoking).toHaveLength(1);
    expect(JSON.stringify(invoking.map((statement) => statement.Resource))).toContain('RemindersFunctionHandler');
    // The dead letter queue of the schedule's target (tests/infra/monitoring.test.ts asserts its resources).
    expect(new Set(statements.flatMap((statement) => [statement.Action].flat()))).toEqual(new Set(['lambda:InvokeFunction', 'sqs:SendMessage', 'kms:Decrypt', 'kms:GenerateDataKey']));
    const elsewhere = statements.filter((statement) => !invoking.includes(statement)).map((statement) => JSON.stringify(statement.Resource));
    expect(elsewhere).toEqual([expect.stringContaining('FailedInvocationsQueue'), expect.stringContaining('FailedInvocationsKey')]);
  });

  it('sends no e-mail unless the reminderEmail context flag names the sender and the recipients; then only from that identity', () => {
    const actions = (role: RolePolicy) => role.statements.flatMap((statement) => [statement.Action].flat());
    expect(actions(policy).filter((action) => action.startsWith('ses:'))).toEqual([]);
    const withEmail = synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, reminderEmail: JSON.stringify({ from: 'reminders@safe-community.example.cn', to: ['office@safe-community.example.cn'] }) });
    const mailing = rolePolicy(withEmail.template, withEmail.stack.reminders.function.role, { table: withEmail.stack.table.table, bucket: withEmail.stack.evidence.bucket });
    const ses = mailing.statements.filter((statement) => [statement.Action].flat().includes('ses:SendEmail'));
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(ses[0]!.Resource)).toContain('identity/reminders@safe-community.example.cn');
    withEmail.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REMINDER_EMAIL_FROM: 'reminders@safe-community.example.cn', REMINDER_EMAIL_TO: 'office@safe-community.example.cn' }) },
    });
    expect(() => synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, reminderEmail: '{"from":"not an address","to":[]}' })).toThrow(/reminderEmail/);
  });
});

describe('the reminders role against a run', () => {
  it('allows every call of a run of every rule and of its re-run', () => {
    expect(used.length).toBeGreaterThan(10);
    expect(refusedOf(policy, used)).toEqual([]);
    expect(used.filter((need) => need.action === 'dynamodb:Scan')).toEqual([]);
  });

  it('holds no action, on no key prefix or index, that the run did not use', () => {
    expect(unusedGrants(policy, used)).toEqual([]);
  });

  it('would refuse what the job must not do (the replay can fail)', () => {
    const outside: Need[] = [
      { action: 'dynamodb:PutItem', resource: 'table', key: recordKey('COMMUNITY', 'x').pk },
      { action: 'dynamodb:PutItem', resource: 'table', key: `${NOTIFICATION_READ_PK_PREFIX}someone` },
      { action: 'dynamodb:BatchGetItem', resource: 'table', key: `${NOTIFICATION_READ_PK_PREFIX}someone` },
      { action: 'dynamodb:UpdateItem', resource: 'table', key: `${AUDIT_PK_PREFIX}EVIDENCE#x` },
      { action: 'dynamodb:GetItem', resource: 'table', key: recordKey('INCIDENT', 'x').pk },
      { action: 'dynamodb:Scan', resource: 'table' },
      { action: 'dynamodb:Query', resource: 'table', key: recordKey('INCIDENT', 'x').pk },
      { action: 's3:GetObject', resource: 'bucket/evidence/x/y' },
    ];
    expect(refusedOf(policy, outside).map(({ decision: _decision, ...need }) => need)).toEqual(outside);
  });
});
