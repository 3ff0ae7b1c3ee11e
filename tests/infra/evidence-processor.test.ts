import { Stack, type CfnElement } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, createS3Client } from '#core/clients.ts';
import { loadStorageConfig } from '#core/config.ts';
import { createEvidenceProcessor, type EvidenceProcessor, type ProcessingOutcome } from '#evidence/processor.ts';
import { createTestApp, objectCreatedEvent, type TestApp } from '#tests/support/app.ts';
import { elfExecutable, SAMPLES, type SampleFile, sha256 } from '#tests/support/evidence-files.ts';
import { seedCommunity } from '#tests/support/fixtures.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, synthesizeApp } from './synthesize.ts';

/**
 * The evidence processor's role, as the CDK app synthesizes it, against what the processor really
 * does. The processor runs on the local engines with clients that record every AWS call; each call
 * becomes the IAM action it needs (a TransactWriteItems Put is authorized as PutItem, a HeadObject
 * as GetObject, or GetObjectVersion when it names a version) with the key it touches, and must be
 * allowed by one of the role's statements, conditions included. The other way round, every action
 * the role holds must be one the processor uses, so the grant cannot grow unnoticed.
 */

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, string[]>> };

/** One permission a call needs: the IAM action and the item's partition key or the object's key. */
interface Need {
  readonly action: string;
  readonly key: string;
}

const REQUEST = `mutation($input: RequestEvidenceUploadInput!) {
  requestEvidenceUpload(input: $input) { evidence { id status } upload { url fields { name value } } }
}`;

let app: TestApp;
let editor: string;
let communityId: string;
let statements: Statement[];
let tableId: string;
let bucketId: string;
let processor: EvidenceProcessor;
let recording: Need[] | undefined;

beforeAll(async () => {
  // The role's statements, from the app `npm run synth` builds (no bundling needed to read them).
  const { stack, template } = synthesizeApp(SKIP_BUNDLING_CONTEXT);
  const idOf = (construct: { node: { defaultChild?: unknown } }) => Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnElement);
  const roleId = idOf(stack.evidenceProcessor.role);
  tableId = idOf(stack.table.table);
  bucketId = idOf(stack.evidence.bucket);
  statements = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

  app = await createTestApp();
  const community = await seedCommunity(app.table, { regionCode: '371702101', name: '吴店镇' });
  communityId = community.id;
  editor = await app.token({ role: 'COMMUNITY_EDITOR', communities: [community.id] });

  // The processor as the Lambda handler builds it (storage configuration only), on recording clients.
  const config = loadStorageConfig(app.env);
  const { documents } = createAwsClients(config.aws);
  const s3 = createS3Client(config.aws);
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      recording?.push(...needsOf(context.commandName ?? 'unknown', args.input as Record<string, any>));
      return next(args);
    },
    { step: 'initialize', name: 'recordIamNeeds' },
  );
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      recording?.push(...needsOf(context.commandName ?? 'unknown', args.input as Record<string, any>));
      return next(args);
    },
    { step: 'initialize', name: 'recordIamNeeds' },
  );
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

/** The statement that allows a need, if any. */
function allowing(need: Need): Statement | undefined {
  return statements.find((statement) => {
    if (statement.Effect !== 'Allow' || ![statement.Action].flat().includes(need.action)) return false;
    if (need.action.startsWith('dynamodb:')) {
      if (JSON.stringify(statement.Resource) !== JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] })) return false;
      const leadingKeys = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      return leadingKeys === undefined || leadingKeys.some((pattern) => stringLike(pattern, need.key));
    }
    if (need.action.startsWith('s3:')) {
      const join = (statement.Resource as { 'Fn::Join'?: [string, [unknown, string]] })['Fn::Join'];
      if (!join || JSON.stringify(join[1][0]) !== JSON.stringify({ 'Fn::GetAtt': [bucketId, 'Arn'] })) return false;
      return stringLike(join[1][1].replace(/^\//, ''), need.key);
    }
    return false;
  });
}

function deniedOf(needs: readonly Need[]): Need[] {
  return needs.filter((need) => allowing(need) === undefined);
}

const usedActions = new Set<string>();

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
    for (const need of needs) usedActions.add(need.action);
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
    for (const need of needs) usedActions.add(need.action);
  });

  it('allows the calls of an event that names the object version, as S3 on a versioned bucket sends', async () => {
    // Prepare: s3rver keeps no versions; the processor still asks for the version the event names.
    const key = await upload(SAMPLES.png());

    // Act
    const { needs } = await processRecorded(key, { versionId: 'null' });

    // Assess
    expect(needs.map((need) => need.action)).toContain('s3:GetObjectVersion');
    expect(deniedOf(needs)).toEqual([]);
    for (const need of needs) usedActions.add(need.action);
  });

  it('touches nothing outside evidence items for a key no upload was issued, and nothing at all for a foreign key', async () => {
    // Prepare
    const unissued = `evidence/${communityId}/0f8fad5b-d9cb-469f-a165-70867728950e`;

    // Act
    const unknown = await processRecorded(unissued);
    const foreign = await processRecorded('uploads/something-else.pdf');

    // Assess
    expect(unknown.outcomes.map((outcome) => outcome.result)).toEqual(['IGNORED']);
    expect(unknown.needs).toEqual([{ action: 'dynamodb:BatchGetItem', key: 'EVIDENCE#0f8fad5b-d9cb-469f-a165-70867728950e' }]);
    expect(foreign.needs).toEqual([]);
  });

  it('would be refused by the role outside its grant (the check above can fail)', () => {
    // Prepare
    const outside: Need[] = [
      { action: 'dynamodb:PutItem', key: `COMMUNITY#${communityId}` },
      { action: 'dynamodb:BatchGetItem', key: `EVIDENCE_OWNER#COMMUNITY#${communityId}` },
      { action: 'dynamodb:Query', key: 'EVIDENCE#x' },
      { action: 'dynamodb:DeleteItem', key: 'EVIDENCE#x' },
      { action: 's3:GetObject', key: 'other/prefix.pdf' },
      { action: 's3:PutObject', key: `evidence/${communityId}/x` },
      { action: 's3:DeleteObjectVersion', key: `evidence/${communityId}/x` },
    ];

    // Act
    const denied = deniedOf(outside);

    // Assess
    expect(denied).toEqual(outside);
  });

  it('holds no action the processor does not use, besides its logs and traces', () => {
    // Prepare
    const granted = statements
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'));

    // Act
    const unused = granted.filter((action) => !usedActions.has(action));

    // Assess
    expect(usedActions.size).toBeGreaterThan(0);
    expect(unused).toEqual([]);
  });
});

/** The IAM actions (with keys) an SDK call needs, by command name and input (document or low-level form). */
function needsOf(commandName: string, input: Record<string, any>): Need[] {
  const pk = (item: Record<string, any> | undefined): string => {
    const value = item?.pk;
    return typeof value === 'string' ? value : String(value?.S ?? '');
  };
  const s3 = (plain: string, versioned: string): Need[] => [{ action: input.VersionId ? versioned : plain, key: String(input.Key) }];
  switch (commandName.replace(/Command$/, '')) {
    case 'BatchGet':
    case 'BatchGetItem':
      return Object.values(input.RequestItems as Record<string, { Keys: Record<string, any>[] }>).flatMap((request) =>
        request.Keys.map((key) => ({ action: 'dynamodb:BatchGetItem', key: pk(key) })),
      );
    case 'Get':
    case 'GetItem':
      return [{ action: 'dynamodb:GetItem', key: pk(input.Key) }];
    case 'Put':
    case 'PutItem':
      return [{ action: 'dynamodb:PutItem', key: pk(input.Item) }];
    case 'Update':
    case 'UpdateItem':
      return [{ action: 'dynamodb:UpdateItem', key: pk(input.Key) }];
    case 'Delete':
    case 'DeleteItem':
      return [{ action: 'dynamodb:DeleteItem', key: pk(input.Key) }];
    case 'TransactWrite':
    case 'TransactWriteItems':
      return (input.TransactItems as Record<string, any>[]).map((item) => {
        if (item.Put) return { action: 'dynamodb:PutItem', key: pk(item.Put.Item) };
        if (item.Update) return { action: 'dynamodb:UpdateItem', key: pk(item.Update.Key) };
        if (item.Delete) return { action: 'dynamodb:DeleteItem', key: pk(item.Delete.Key) };
        return { action: 'dynamodb:ConditionCheckItem', key: pk(item.ConditionCheck?.Key) };
      });
    case 'HeadObject':
    case 'GetObject':
      return s3('s3:GetObject', 's3:GetObjectVersion');
    case 'DeleteObject':
      return s3('s3:DeleteObject', 's3:DeleteObjectVersion');
    case 'PutObject':
      return [{ action: 's3:PutObject', key: String(input.Key) }];
    default:
      // Query, Scan, ListObjects…: no statement allows an action this map does not know.
      return [{ action: `unmapped:${commandName}`, key: '' }];
  }
}

/** IAM's StringLike: `*` any run of characters, `?` one character. */
function stringLike(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}
