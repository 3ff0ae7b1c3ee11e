import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '#community/model.ts';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { AUDIT_PK_PREFIX, auditKeys, EVIDENCE_OBJECT_PREFIX, EXPORT_OBJECT_PREFIX, recordKey, reviewPackKeys } from '#core/db/keys.ts';
import { systemOrigin } from '#core/origin.ts';
import { createWritePipeline } from '#graphql/pipeline.ts';
import { CommunityRepository } from '#community/repository.ts';
import { AssessmentRepository } from '#review/assessment-repository.ts';
import { validateSheet } from '#review/sheet.ts';
import { createReviewPackJob, type ReviewPackJob } from '#review-pack/job.ts';
import { REVIEW_PACK_LEASE_MS, reviewPackFileName, reviewPackKey } from '#review-pack/model.ts';
import { ReviewPackRepository } from '#review-pack/repository.ts';
import { REVIEW_PACK_MAX_EVENT_AGE } from '#infra/constructs/review-pack-job.ts';
import { createTestApp, ok, type TestApp } from '#tests/support/app.ts';
import { CONTENT_TYPES, sha256 } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { gradedItems } from '#tests/support/review.ts';
import { type Need, recordCalls, refusedOf, type RolePolicy, rolePolicy, unusedGrants } from './iam-replay.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, synthesizeApp, type SynthesizedApp } from './synthesize.ts';

/**
 * The review pack's job function as the CDK app synthesizes it (cdk-nag runs in the synthesis and
 * throws on any finding nobody acknowledged), and its role against what the job really does: a
 * pack built on the local engines by the job as its Lambda handler builds it, on clients that
 * record every AWS call, each replayed against the role (tests/infra/iam-replay.ts); the other way
 * round, every action the role holds must be one the job used.
 */

const UPLOAD = `mutation($input: RequestEvidenceUploadInput!) { requestEvidenceUpload(input: $input) { evidence { id } upload { url fields { name value } } } }`;
const MiB = 1024 * 1024;

let synthesized: SynthesizedApp;
let policy: RolePolicy;
let app: TestApp;
let job: ReviewPackJob;
let recording: Need[] | undefined;
const used: Need[] = [];

beforeAll(async () => {
  synthesized = synthesizeApp(SKIP_BUNDLING_CONTEXT);
  const { stack, template } = synthesized;
  policy = rolePolicy(template, stack.reviewPack.function.role, { table: stack.table.table, bucket: stack.evidence.bucket });

  app = await createTestApp();
  const config = loadStorageConfig(app.env);
  const { documents } = createAwsClients(config.aws);
  const s3 = createS3Client(config.aws);
  recordCalls(documents, (needs) => recording?.push(...needs));
  recordCalls(s3, (needs) => recording?.push(...needs));
  // Parts of S3's least size, so that a few files of 3 MiB make a multipart upload.
  job = createReviewPackJob(config, { documents, s3 }, { partSize: 5 * MiB, log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
}, SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  removeOutdirs();
});

/** A community with three videos of 3 MiB, and a self-assessment on a published sheet version. */
async function archive(name: string): Promise<{ community: Community; keys: string[]; ids: string[] }> {
  const community = await seedCommunity(app.table, { regionCode: '110102003', name });
  const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
  const keys: string[] = [];
  const ids: string[] = [];
  for (const fileName of ['演练一.mp4', '演练二.mp4', '演练三.mp4']) {
    const bytes = Buffer.alloc(3 * MiB, 7);
    bytes.writeUInt32BE(24, 0);
    bytes.write('ftypisom', 4, 'latin1');
    bytes.writeUInt32BE(bytes.length - 24, 24);
    bytes.write('mdat', 28, 'latin1');
    bytes.write(fileName, 40, 'utf8');
    const requested = ok(
      await app.doors[1]!.execute(
        UPLOAD,
        { input: { ownerType: 'COMMUNITY', ownerId: community.id, fileName, contentType: CONTENT_TYPES.mp4, size: bytes.length, sha256: sha256(bytes), element: 'EMERGENCY_RESPONSE' } },
        editor,
      ),
    ).requestEvidenceUpload;
    const posted = await app.uploadEvidence(requested.upload, { bytes, contentType: CONTENT_TYPES.mp4, fileName });
    expect(posted.outcomes.map((outcome) => outcome.result)).toEqual(['AVAILABLE']);
    keys.push(requested.upload.fields.find((field: { name: string }) => field.name === 'key').value);
    ids.push(requested.evidence.id);
  }
  return { community, keys, ids };
}

/** Publishes a copy of the city sheet and submits a self-assessment on it: the job reads the sheet from the table. */
async function assessOnPublishedSheet(community: Community): Promise<void> {
  const admin = await app.token({ role: 'ADMIN' });
  const sheetId = `pack-${randomUUID().slice(0, 8)}`;
  const content = { ...JSON.parse(readFileSync('functions/review/sheets/city.v1.json', 'utf8')), id: sheetId, version: 1 };
  ok(await app.doors[1]!.execute('mutation($s: JSON!) { publishScoringSheet(sheet: $s) { id } }', { s: content }, admin));
  const sheet = validateSheet(content).sheet!;
  const now = new Date().toISOString();
  const pipeline = createWritePipeline(app.table);
  const repository = new AssessmentRepository(app.table, pipeline, new CommunityRepository(app.table, pipeline));
  const assessment = {
    id: randomUUID(),
    communityId: community.id,
    regionCode: community.regionCode,
    kind: 'SELF' as const,
    status: 'SUBMITTED' as const,
    sheetId,
    sheetVersion: 1,
    level: sheet.level,
    items: gradedItems(sheet, 'B'),
    submittedOn: now.slice(0, 10),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await pipeline.commit({ operation: 'ASSESSMENT_SUBMITTED', ...repository.assessments.created(assessment, community.regionCode) }, systemOrigin('test-fixture', assessment.id));
}

/** A QUEUED pack written as requestReviewPack writes it (not through the API, whose in-process job would race this one), then the recorded job on it. */
async function runRecorded(community: Community): Promise<{ status: string | undefined; needs: Need[] }> {
  const id = randomUUID();
  const now = new Date();
  await new ReviewPackRepository(app.table, createWritePipeline(app.table)).request(
    {
      id,
      communityId: community.id,
      regionCode: community.regionCode,
      status: 'QUEUED',
      requestedBy: 'test',
      requestedAt: now.toISOString(),
      leaseExpiresAt: new Date(now.getTime() + REVIEW_PACK_LEASE_MS).toISOString(),
      key: reviewPackKey(id),
      fileName: reviewPackFileName(community.name, now.toISOString().slice(0, 10)),
      version: 1,
      updatedAt: now.toISOString(),
    },
    systemOrigin('test-fixture', id),
  );
  recording = [];
  try {
    const pack = await job.run(id);
    return { status: pack?.status, needs: recording };
  } finally {
    recording = undefined;
  }
}

describe('the review pack job function', () => {
  it('is a function of its own: Node.js 22 on arm64, 1024 MB, 15 minutes, no token configuration, invoked without retries within 10 minutes', () => {
    // Prepare
    const { template, stack } = synthesized;
    const logicalId = stack.getLogicalId(stack.reviewPack.function.function.node.defaultChild as never);

    // Act
    const fn = template.findResources('AWS::Lambda::Function')[logicalId]!;
    const invokeConfig = template.findResources('AWS::Lambda::EventInvokeConfig', { Properties: { FunctionName: { Ref: logicalId } } });

    // Assess
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 1024, Timeout: 900 });
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual([
      'DEPLOYMENT_STAGE',
      'EVIDENCE_BUCKET',
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'TABLE_NAME',
    ]);
    expect(Object.values(invokeConfig).map((resource) => resource.Properties)).toEqual([
      expect.objectContaining({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: REVIEW_PACK_MAX_EVENT_AGE.toSeconds(), Qualifier: '$LATEST' }),
    ]);
  });

  it('may be invoked by the GraphQL function alone, which learns its name in the same call', () => {
    // Prepare
    const { template, stack } = synthesized;
    const fnId = stack.getLogicalId(stack.reviewPack.function.function.node.defaultChild as never);
    const graphqlId = stack.getLogicalId(stack.graphqlFunction.function.node.defaultChild as never);

    // Act
    const invokers = Object.values(template.findResources('AWS::IAM::Policy')).filter((resource) =>
      JSON.stringify(resource.Properties.PolicyDocument.Statement).includes('lambda:InvokeFunction') && JSON.stringify(resource.Properties.PolicyDocument.Statement).includes(fnId),
    );
    const graphql = template.findResources('AWS::Lambda::Function')[graphqlId]!;

    // Assess
    expect(invokers).toHaveLength(1);
    expect(invokers[0]!.Properties.Roles).toEqual([{ Ref: stack.getLogicalId(stack.graphqlFunction.role.node.defaultChild as never) }]);
    // CDK merges the GraphQL function's lambda:InvokeFunction statements (this function's and the export workbook's) into one.
    const invoke = (invokers[0]!.Properties.PolicyDocument.Statement as Record<string, unknown>[]).find((statement) => statement.Action === 'lambda:InvokeFunction');
    expect(invoke?.Effect).toBe('Allow');
    expect([invoke?.Resource].flat()).toContainEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(graphql.Properties.Environment.Variables.REVIEW_PACK_FUNCTION).toEqual({ Ref: fnId });
  });

  it('leaves no multipart upload behind on the bucket: incomplete ones under exports/ are aborted after a day', () => {
    // Act
    const bucket = synthesized.template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } });

    // Assess
    expect(Object.values(bucket)[0]!.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: EXPORT_OBJECT_PREFIX, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, ExpirationInDays: 1 }),
    );
    synthesized.template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('review pack') });
  });
});

describe('the review pack job role against the job', () => {
  it('allows every call of a pack that is DONE, its self-assessment on a published sheet', async () => {
    // Prepare
    const { community, ids } = await archive('西城区展览路街道');
    await assessOnPublishedSheet(community);
    // On the versioned bucket the job reads the version the processor checked; s3rver keeps none and answers "null" as S3 does for an unversioned object.
    const { Item } = await app.table.client.send(new GetCommand({ TableName: app.table.name, Key: recordKey('EVIDENCE', ids[0]!) }));
    await app.table.client.send(new PutCommand({ TableName: app.table.name, Item: { ...Item, objectVersionId: 'null' } }));

    // Act
    const { status, needs } = await runRecorded(community);

    // Assess
    expect(status).toBe('DONE');
    expect(needs.map((need) => need.action)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:DeleteItem']));
    expect(refusedOf(policy, needs)).toEqual([]);
    used.push(...needs);
  });

  it('allows every call of a pack whose source vanished, the multipart upload aborted', async () => {
    // Prepare: the last video is gone before the job runs; the first two make a part.
    const { community, keys } = await archive('西城区月坛街道');
    await app.s3.send(new DeleteObjectCommand({ Bucket: app.bucket, Key: keys[2] }));

    // Act
    const { status, needs } = await runRecorded(community);

    // Assess
    expect(status).toBe('FAILED');
    expect(needs.map((need) => need.action)).toContain('s3:AbortMultipartUpload');
    expect(refusedOf(policy, needs)).toEqual([]);
    used.push(...needs);
  });

  it('holds no action the job does not use, besides its logs and traces', () => {
    // Act
    const unused = unusedGrants(policy, used);

    // Assess
    expect(used.length).toBeGreaterThan(0);
    expect(unused).toEqual([]);
  });

  it('would refuse what the job must not do (the checks above can fail)', () => {
    // Prepare
    const entry = auditKeys.record('ReviewPack', randomUUID());
    const outside: Need[] = [
      { action: 'dynamodb:PutItem', resource: 'table', key: recordKey('COMMUNITY', 'x').pk },
      { action: 'dynamodb:PutItem', resource: 'table', key: recordKey('EVIDENCE', 'x').pk },
      { action: 'dynamodb:BatchGetItem', resource: 'table', key: recordKey('INCIDENT', 'x').pk },
      { action: 'dynamodb:DeleteItem', resource: 'table', key: reviewPackKeys.key('x').pk },
      { action: 'dynamodb:UpdateItem', resource: 'table', key: entry },
      { action: 'dynamodb:Scan', resource: 'table' },
      { action: 'dynamodb:Query', resource: 'table', key: reviewPackKeys.key('x').pk },
      { action: 's3:PutObject', resource: `bucket/${EVIDENCE_OBJECT_PREFIX}x/y` },
      { action: 's3:DeleteObject', resource: `bucket/${EXPORT_OBJECT_PREFIX}x/review-pack.zip` },
      { action: 's3:GetObject', resource: `bucket/${EXPORT_OBJECT_PREFIX}x/review-pack.zip` },
      { action: 'lambda:InvokeFunction', resource: 'lambda/anything' },
    ];

    // Act
    const refused = refusedOf(policy, outside).map(({ decision: _decision, ...need }) => need);

    // Assess
    expect(refused).toEqual(outside);
    expect(used.some((need) => need.key?.startsWith(AUDIT_PK_PREFIX) && need.action === 'dynamodb:PutItem')).toBe(true);
  });
});
