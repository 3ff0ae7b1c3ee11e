import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { auditKeys, EVIDENCE_OBJECT_PREFIX, EXPORT_OBJECT_PREFIX, IMPORT_OBJECT_PREFIX, importJobKeys, recordKey } from '#core/db/keys.ts';
import { createImportJobRunner, type IncidentImportJobRunner } from '#incident/import-job.ts';
import { IMPORT_STALE_MS } from '#incident/import-job-model.ts';
import { createTestApp, objectCreatedEvent, ok, type TestApp } from '#tests/support/app.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { type Need, recordCalls, refusedOf, type RolePolicy, rolePolicy, unusedGrants } from './iam-replay.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, synthesizeApp, type SynthesizedApp } from './synthesize.ts';

/**
 * The incident import job's function as the CDK app synthesizes it (cdk-nag runs in the synthesis
 * and throws on any finding nobody acknowledged): triggered by the bucket's ObjectCreated on
 * imports/ alone, and its role against what the job really does — a job run on the local engines
 * by the job's own runner on clients that record every AWS call, each replayed against the role
 * (tests/infra/iam-replay.ts); the other way round, every action the role holds must be one the
 * job used.
 */

const REQUEST = `mutation($communityId: ID!, $fileName: String!, $size: Int!, $sha256: String!) {
  requestIncidentImport(communityId: $communityId, fileName: $fileName, size: $size, sha256: $sha256) { job { id } upload { url fields { name value } } }
}`;

let synthesized: SynthesizedApp;
let policy: RolePolicy;
let app: TestApp;
let runner: IncidentImportJobRunner;
let recording: Need[] | undefined;
let recorded: { documents: ReturnType<typeof createAwsClients>['documents']; s3: ReturnType<typeof createS3Client> };
const used: Need[] = [];
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  synthesized = synthesizeApp(SKIP_BUNDLING_CONTEXT);
  const { stack, template } = synthesized;
  policy = rolePolicy(template, stack.importJob.function.role, { table: stack.table.table, bucket: stack.evidence.bucket });
  app = await createTestApp();
  const config = loadStorageConfig(app.env);
  const { dynamodb, documents } = createAwsClients(config.aws);
  const s3 = createS3Client(config.aws);
  recordCalls(dynamodb, (needs) => recording?.push(...needs));
  recordCalls(s3, (needs) => recording?.push(...needs));
  recorded = { documents, s3 };
  runner = createImportJobRunner(config, { documents, s3 }, { batchSize: 1, log: silent });
}, SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  removeOutdirs();
});

/** A file requested by the community's editor, posted to its form, and the job run on its ObjectCreated with every call recorded. */
async function runRecorded(bytes: Uint8Array, fileName: string): Promise<{ result: string; needs: Need[] }> {
  const community = await seedCommunity(app.table, { regionCode: '371702105', name: `导入权限社区${randomUUID().slice(0, 4)}` });
  const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { upload } = ok(await app.doors[1]!.execute(REQUEST, { communityId: community.id, fileName, size: bytes.length, sha256 }, editor)).requestIncidentImport;
  await app.uploadEvidence(upload, { bytes, contentType: 'text/csv', fileName }, { notify: false });
  const needs: Need[] = [];
  recording = needs;
  try {
    const [outcome] = await runner.handle(objectCreatedEvent(app.bucket, upload.fields[0].value));
    return { result: outcome!.result, needs };
  } finally {
    recording = undefined;
  }
}

describe('the incident import job function', () => {
  it('is a function of its own: Node.js 22 on arm64, 1024 MB, 5 minutes, no token configuration', () => {
    const { template, stack } = synthesized;
    const fn = template.findResources('AWS::Lambda::Function')[stack.getLogicalId(stack.importJob.function.function.node.defaultChild as never)]!;

    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 1024, Timeout: 300 });
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual([
      'DEPLOYMENT_STAGE',
      'EVIDENCE_BUCKET',
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'TABLE_NAME',
    ]);
  });

  it('runs on ObjectCreated under imports/ (the evidence processor on evidence/), and uploads there expire after a week', () => {
    const { template, stack } = synthesized;
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'))[0]!.Properties.NotificationConfiguration.LambdaFunctionConfigurations as {
      Events: string[];
      Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
      LambdaFunctionArn: unknown;
    }[];
    const byPrefix = Object.fromEntries(notifications.map((entry) => [entry.Filter.Key.FilterRules[0]!.Value, entry]));

    expect(Object.keys(byPrefix).sort()).toEqual([EVIDENCE_OBJECT_PREFIX, IMPORT_OBJECT_PREFIX]);
    expect(byPrefix[IMPORT_OBJECT_PREFIX]).toMatchObject({
      Events: ['s3:ObjectCreated:*'],
      LambdaFunctionArn: { 'Fn::GetAtt': [stack.getLogicalId(stack.importJob.function.function.node.defaultChild as never), 'Arn'] },
    });
    const bucket = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }))[0]!;
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Prefix: IMPORT_OBJECT_PREFIX, ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 7 } }));
  });
});

describe('the incident import job role against the job', () => {
  it('allows every call of a job that is DONE with rejected rows (the GBK register)', async () => {
    const bytes = readFileSync(join(import.meta.dirname, '..', 'local', 'fixtures', 'register-gbk.csv'));

    const { result, needs } = await runRecorded(bytes, '登记簿.csv');

    expect(result).toBe('DONE');
    expect(needs.map((need) => need.action)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(refusedOf(policy, needs)).toEqual([]);
    used.push(...needs);
  });

  it('allows every call of a job that FAILED on a binary file', async () => {
    const { result, needs } = await runRecorded(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(16, 0)]), 'scan.csv');

    expect(result).toBe('FAILED');
    expect(refusedOf(policy, needs)).toEqual([]);
    used.push(...needs);
  });

  it('allows every call of a job run again after it died between its rows and their counts', async () => {
    // Prepare: a run that dies at its counts commit (the transaction that deletes pending items), before it can record anything
    const bytes = readFileSync(join(import.meta.dirname, '..', 'local', 'fixtures', 'register-gbk.csv'));
    const config = loadStorageConfig(app.env);
    const dying = createAwsClients(config.aws);
    let dead = false;
    dying.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const items = context.commandName === 'TransactWriteItemsCommand' ? ((args.input as { TransactItems?: { Delete?: unknown }[] }).TransactItems ?? []) : [];
        dead ||= items.some((item) => item.Delete !== undefined);
        if (dead) throw new Error('the Lambda died');
        return next(args);
      },
      { step: 'initialize', name: 'dieBeforeCounts' },
    );
    const first = createImportJobRunner(config, { documents: dying.documents, s3: createS3Client(config.aws) }, { log: silent });
    const community = await seedCommunity(app.table, { regionCode: '371702105', name: `导入权限重跑社区${randomUUID().slice(0, 4)}` });
    const editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const { upload } = ok(await app.doors[1]!.execute(REQUEST, { communityId: community.id, fileName: '登记簿.csv', size: bytes.length, sha256 }, editor)).requestIncidentImport;
    await app.uploadEvidence(upload, { bytes, contentType: 'text/csv', fileName: '登记簿.csv' }, { notify: false });
    await expect(first.handle(objectCreatedEvent(app.bucket, upload.fields[0].value))).rejects.toThrow();
    dying.dynamodb.destroy();

    // Act: Lambda's retry once the run's progress is stale, on the recorded clients
    const later = createImportJobRunner(config, { documents: recorded.documents, s3: recorded.s3 }, { log: silent, now: () => new Date(Date.now() + IMPORT_STALE_MS + 60_000) });
    const needs: Need[] = [];
    recording = needs;
    const [outcome] = await later.handle(objectCreatedEvent(app.bucket, upload.fields[0].value)).finally(() => {
      recording = undefined;
    });

    // Assess: DONE, every call allowed, the pending rows' incidents read back
    expect(outcome).toMatchObject({ result: 'DONE', counts: { rows: 3, created: 2, duplicates: 0, rejected: 1 } });
    expect(needs).toContainEqual(expect.objectContaining({ action: 'dynamodb:BatchGetItem', key: expect.stringMatching(/^INCIDENT#/) }));
    expect(refusedOf(policy, needs)).toEqual([]);
    used.push(...needs);
  });

  it('holds no action the job does not use, besides its logs and traces', () => {
    expect(used.length).toBeGreaterThan(0);
    expect(unusedGrants(policy, used)).toEqual([]);
  });

  it('would refuse what the job must not do (the checks above can fail)', () => {
    const outside: Need[] = [
      { action: 'dynamodb:PutItem', resource: 'table', key: importJobKeys.fileGuard('c', 'a'.repeat(64)).pk },
      { action: 'dynamodb:DeleteItem', resource: 'table', key: recordKey('INCIDENT', 'x').pk },
      { action: 'dynamodb:PutItem', resource: 'table', key: recordKey('EVIDENCE', 'x').pk },
      { action: 'dynamodb:UpdateItem', resource: 'table', key: auditKeys.record('Incident', 'x') },
      { action: 'dynamodb:Scan', resource: 'table' },
      { action: 'dynamodb:Query', resource: 'table/index/gsi1' },
      { action: 's3:PutObject', resource: `bucket/${IMPORT_OBJECT_PREFIX}c/j` },
      { action: 's3:DeleteObject', resource: `bucket/${IMPORT_OBJECT_PREFIX}c/j` },
      { action: 's3:GetObject', resource: `bucket/${EVIDENCE_OBJECT_PREFIX}c/e` },
      { action: 's3:GetObject', resource: `bucket/${EXPORT_OBJECT_PREFIX}import-j/rejected-rows.xlsx` },
    ];
    expect(refusedOf(policy, outside).map(({ decision: _decision, ...need }) => need)).toEqual(outside);
  });
});
