import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '#core/clients.ts';
import { createS3Client } from '#core/s3-client.ts';
import { loadStorageConfig } from '#core/config.ts';
import { AUDIT_PK_PREFIX, auditKeys, childIndexKey, EVIDENCE_OBJECT_PREFIX, EVIDENCE_PK_PREFIX, recordKey } from '#core/db/keys.ts';
import { ownerKey } from '#evidence/repository.ts';
import { createEvidenceProcessor, type EvidenceProcessor, type ProcessingOutcome } from '#evidence/processor.ts';
import { createTestApp, objectCreatedEvent, type TestApp } from '#tests/support/app.ts';
import { elfExecutable, SAMPLES, type SampleFile, sha256 } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { type Need, recordCalls, refusedOf, rolePolicy, type RolePolicy, unusedGrants } from './iam-replay.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, synthesizeApp } from './synthesize.ts';

/**
 * The evidence processor's role, as the CDK app synthesizes it, against what the processor really
 * does. The processor runs on the local engines with clients that record every AWS call; each call
 * becomes the IAM action it needs (a TransactWriteItems Put is authorized as PutItem, a HeadObject
 * as GetObject, or GetObjectVersion when it names a version) with the key it touches, and must be
 * allowed by one of the role's statements, conditions included, and denied by none
 * (tests/infra/iam-replay.ts). The other way round, every action the role holds must be one the
 * processor uses, so the grant cannot grow unnoticed.
 */

const REQUEST = `mutation($input: RequestEvidenceUploadInput!) {
  requestEvidenceUpload(input: $input) { evidence { id status } upload { url fields { name value } } }
}`;

let app: TestApp;
let editor: string;
let communityId: string;
let policy: RolePolicy;
let processor: EvidenceProcessor;
let recording: Need[] | undefined;

beforeAll(async () => {
  // The role's statements, from the app `npm run synth` builds (no bundling needed to read them).
  const { stack, template } = synthesizeApp(SKIP_BUNDLING_CONTEXT);
  policy = rolePolicy(template, stack.evidenceProcessor.role, { table: stack.table.table, bucket: stack.evidence.bucket });

  app = await createTestApp();
  const community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  communityId = community.id;
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });

  // The processor as the Lambda handler builds it (storage configuration only), on recording clients.
  const config = loadStorageConfig(app.env);
  const { documents } = createAwsClients(config.aws);
  const s3 = createS3Client(config.aws);
  // The document client shares its base client's middleware stack: one recorder sees both.
  recordCalls(documents, (needs) => recording?.push(...needs));
  recordCalls(s3, (needs) => recording?.push(...needs));
  processor = createEvidenceProcessor(config, { documents, s3 }, { info: () => undefined, warn: () => undefined, error: () => undefined });
}, SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await app?.close();
  removeOutdirs();
});

/** Requests an upload for `declared`, posts `sent` to the presigned POST, and returns the object's key. */
async function upload(declared: SampleFile, sent: Uint8Array = declared.bytes): Promise<string> {
  const response = await app.doors[1]!.execute(
    REQUEST,
    { input: { ownerType: 'COMMUNITY', ownerId: communityId, fileName: declared.fileName, contentType: declared.contentType, size: sent.length, sha256: sha256(declared.bytes) } },
    editor,
  );
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  const form = response.body.data.requestEvidenceUpload.upload;
  const posted = await app.uploadEvidence(form, { ...declared, bytes: sent }, { notify: false });
  expect(posted.status).toBeLessThan(300);
  return form.fields.find((field: { name: string }) => field.name === 'key').value as string;
}

/** Runs the processor on one ObjectCreated event and returns its outcome with the permissions its calls needed. */
async function processRecorded(key: string, object: { versionId?: string } = {}): Promise<{ outcomes: ProcessingOutcome[]; needs: Need[] }> {
  recording = [];
  try {
    const outcomes = await processor.handle(objectCreatedEvent(app.bucket, key, object));
    return { outcomes, needs: recording };
  } finally {
    recording = undefined;
  }
}

function deniedOf(needs: readonly Need[]): Need[] {
  return refusedOf(policy, needs).map(({ decision: _decision, ...need }) => need);
}

const used: Need[] = [];

describe('the evidence processor role against the processor', () => {
  it('allows every call of an object that becomes AVAILABLE', async () => {
    // Prepare
    const key = await upload(SAMPLES.pdf());

    // Act
    const { outcomes, needs } = await processRecorded(key);

    // Assess
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['AVAILABLE']);
    expect(needs.map((need) => need.action)).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'dynamodb:PutItem', 's3:GetObject']));
    expect(deniedOf(needs)).toEqual([]);
    used.push(...needs);
  });

  it('allows every call of an object that is REJECTED and taken out of reach', async () => {
    // Prepare: declared a PDF, sent an executable of the same size.
    const declared = SAMPLES.pdf();
    const executable = Buffer.alloc(declared.bytes.length);
    executable.set(elfExecutable());
    const key = await upload(declared, executable);

    // Act
    const { outcomes, needs } = await processRecorded(key);

    // Assess
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['REJECTED']);
    expect(needs.map((need) => need.action)).toContain('s3:DeleteObject');
    expect(deniedOf(needs)).toEqual([]);
    used.push(...needs);
  });

  it('allows the calls of an event that names the object version, as S3 on a versioned bucket sends', async () => {
    // Prepare: s3rver keeps no versions; the processor still asks for the version the event names.
    const key = await upload(SAMPLES.png());

    // Act
    const { needs } = await processRecorded(key, { versionId: 'null' });

    // Assess
    expect(needs.map((need) => need.action)).toContain('s3:GetObjectVersion');
    expect(deniedOf(needs)).toEqual([]);
    used.push(...needs);
  });

  it('touches nothing outside evidence items for a key no upload was issued, and nothing at all for a foreign key', async () => {
    // Prepare
    const unissued = `evidence/${communityId}/0f8fad5b-d9cb-469f-a165-70867728950e`;

    // Act
    const unknown = await processRecorded(unissued);
    const foreign = await processRecorded('uploads/something-else.pdf');

    // Assess
    expect(unknown.outcomes.map((outcome) => outcome.result)).toEqual(['IGNORED']);
    // The record and the object are read at once (one GetObject, issue 14): the object the event names, under evidence/, and nothing else.
    const byAction = (a: Need, b: Need) => a.action.localeCompare(b.action);
    expect([...unknown.needs].sort(byAction)).toEqual([
      { action: 'dynamodb:BatchGetItem', resource: 'table', key: recordKey('EVIDENCE', '0f8fad5b-d9cb-469f-a165-70867728950e').pk },
      { action: 's3:GetObject', resource: `bucket/${unissued}` },
    ]);
    expect(foreign.needs).toEqual([]);
  });

  it('would be refused by the role outside its grant (the check above can fail)', () => {
    // Prepare
    const entry = auditKeys.record('EVIDENCE', '0f8fad5b-d9cb-469f-a165-70867728950e');
    const outside: Need[] = [
      { action: 'dynamodb:PutItem', resource: 'table', key: recordKey('COMMUNITY', communityId).pk },
      { action: 'dynamodb:BatchGetItem', resource: 'table', key: childIndexKey('EVIDENCE_OWNER', ownerKey({ ownerType: 'COMMUNITY', ownerId: communityId }), 'EVIDENCE').pk },
      { action: 'dynamodb:Query', resource: 'table', key: `${EVIDENCE_PK_PREFIX}x` },
      { action: 'dynamodb:Query', resource: 'table/index/gsi1' },
      { action: 'dynamodb:DeleteItem', resource: 'table', key: `${EVIDENCE_PK_PREFIX}x` },
      { action: 'dynamodb:BatchGetItem', resource: 'table', key: entry },
      { action: 'dynamodb:UpdateItem', resource: 'table', key: entry },
      { action: 'dynamodb:DeleteItem', resource: 'table', key: entry },
      { action: 's3:GetObject', resource: 'bucket/other/prefix.pdf' },
      { action: 's3:PutObject', resource: `bucket/${EVIDENCE_OBJECT_PREFIX}${communityId}/x` },
      { action: 's3:DeleteObjectVersion', resource: `bucket/${EVIDENCE_OBJECT_PREFIX}${communityId}/x` },
    ];

    // Act
    const denied = deniedOf(outside);

    // Assess
    expect(denied).toEqual(outside);
  });

  it('holds no action the processor does not use, besides its logs and traces', () => {
    // Act
    const unused = unusedGrants(policy, used);

    // Assess
    expect(used.length).toBeGreaterThan(0);
    expect(unused).toEqual([]);
  });

  it('appends an audit entry with each decision, and changes none', () => {
    // Act
    const entries = used.filter((need) => need.key?.startsWith(AUDIT_PK_PREFIX));

    // Assess
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((need) => need.action))).toEqual(new Set(['dynamodb:PutItem']));
  });
});
