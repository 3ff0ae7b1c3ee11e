import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PK_PREFIX, auditKeys, childIndexKey, EVIDENCE_OBJECT_PREFIX, EVIDENCE_PK_PREFIX, EXPORT_OBJECT_PREFIX, IMPORT_OBJECT_PREFIX, recordKey } from '#core/db/keys.ts';
import { GLOBAL_INDEXES, TABLE_KEYS } from '#core/db/table-schema.ts';
import { EXPORT_KEY_PREFIX } from '#analytics/export.ts';
import { EVIDENCE_KEY_PREFIX, evidenceKey } from '#evidence/model.ts';
import { ownerKey } from '#evidence/repository.ts';
import { PROJECT_ROOT } from '#infra/constructs/platform-function.ts';
import { AUDIT_ENTRY_PROTECTED_ACTIONS } from '#infra/constructs/platform-table.ts';
import { DEFAULT_PARTNER_ORIGINS } from '#infra/create-app.ts';
import { EVIDENCE_PROCESSOR_AUDIT_GRANT, EVIDENCE_PROCESSOR_TABLE_GRANT, GRAPHQL_TABLE_GRANT } from '#infra/stacks/safe-community-stack.ts';
import { stringLike } from './iam-replay.ts';
import { newOutdir, removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, type SynthesizedApp, synthesizeApp } from './synthesize.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, any> };

let synthesized: SynthesizedApp;
let resources: Record<string, Resource>;

function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

function resourceOf(construct: IConstruct): Resource {
  const resource = resources[logicalIdOf(construct)];
  if (!resource) throw new Error(`no resource for ${construct.node.path}`);
  return resource;
}

function resourcesOfType(type: string): Resource[] {
  return Object.values(resources).filter((resource) => resource.Type === type);
}

/** The bundle's ES modules (the entry and its chunks), relative to its directory. */
function bundleFiles(directory: string): string[] {
  const chunks = existsSync(join(directory, 'chunks')) ? readdirSync(join(directory, 'chunks')).filter((name) => name.endsWith('.mjs')).map((name) => `chunks/${name}`) : [];
  return ['index.mjs', ...chunks];
}

/** The modules importing `entry` loads before it runs: it and the chunks it imports statically (not by `import()`), transitively. */
function staticClosure(directory: string, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = readFileSync(join(directory, name), 'utf8');
    // Minified static imports: `import{a as b}from"./chunk-X.mjs"` or `import"./chunk-X.mjs"`; `import("./…")` is dynamic.
    for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.mjs)"/g)) {
      visit(posix.join(posix.dirname(name), specifier as string));
    }
  };
  visit(entry);
  return seen;
}

/** The directory the function's code asset was bundled into, found through the asset manifest. */
function assetDirectoryOf(fn: Resource): string {
  const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  const manifestPath = join(synthesized.assemblyDirectory, `${synthesized.stack.artifactId}.assets.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, { source: { path: string } }> };
  const assetPath = manifest.files[assetHash]?.source.path;
  if (!assetPath) throw new Error(`no file asset ${assetHash} in ${manifestPath}`);
  return join(synthesized.assemblyDirectory, assetPath);
}

/** The statements of the policies attached to a role. */
function statementsOf(role: IConstruct): Record<string, any>[] {
  const roleId = logicalIdOf(role);
  return resourcesOfType('AWS::IAM::Policy')
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);
}

/** `Fn::Join` of the bucket's ARN and a suffix, as `bucket.arnForObjects(suffix)` renders it. */
function objectsArn(bucketId: string, suffix: string): Record<string, unknown> {
  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${suffix}`]] };
}

/** The explicit Deny every table connection adds: no change to an audit entry (`AUDIT#…`), whatever an Allow says. */
function auditEntryDeny(tableId: string): Record<string, unknown> {
  return {
    Effect: 'Deny',
    Action: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
    Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
    Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_PK_PREFIX}*`] } },
  };
}

/**
 * Imports a function's bundle in a clean process, as Lambda's Node.js runtime would, with exactly
 * the template's variables (placeholders where CloudFormation fills in values); returns what the
 * module exports as `handler` (its typeof) or the error that stopped it.
 */
function coldStart(fn: Resource): string {
  const variables = Object.fromEntries(
    Object.entries(fn.Properties.Environment.Variables as Record<string, unknown>).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : `https://placeholder.example/${name}`,
    ]),
  );
  const bundleUrl = pathToFileURL(join(assetDirectoryOf(fn), 'index.mjs')).href;
  try {
    return execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const bundle = await import(${JSON.stringify(bundleUrl)}); process.stdout.write(typeof bundle.handler);`],
      { env: { PATH: process.env.PATH ?? '', AWS_REGION: 'cn-north-1', ...variables }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    return `failed: ${stderr.split('\n').find((line) => line.includes('Error')) ?? stderr}`;
  }
}

/** Every acknowledgment in the app: construct path → rule id → written reason. */
function acknowledgments(app: App): Map<string, Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      found.set(construct.node.path, { ...found.get(construct.node.path), ...(entry.data as Record<string, string>) });
    }
  }
  return found;
}

beforeAll(() => {
  // Prepare + Act (shared): synthesize the app once, with the context `cdk synth` uses. Synthesis
  // runs the cdk-nag AwsSolutions pack and throws on any finding nobody acknowledged.
  synthesized = synthesizeApp();
  resources = synthesized.template.toJSON().Resources as Record<string, Resource>;
}, SYNTH_TIMEOUT_MS);

afterAll(removeOutdirs);

describe('DynamoDB table', () => {
  it('is on-demand with point-in-time recovery, deletion protection and encryption', () => {
    // Prepare
    const table = resourceOf(synthesized.stack.table.table);

    // Act
    const properties = table.Properties;

    // Assess
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(properties.DeletionProtectionEnabled).toBe(true);
    expect(properties.SSESpecification).toMatchObject({ SSEEnabled: true });
    expect(resourcesOfType('AWS::DynamoDB::Table')).toHaveLength(1);
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    // Prepare
    const table = resourceOf(synthesized.stack.table.table);

    // Act
    const policies = { deletion: table.DeletionPolicy, updateReplace: table.UpdateReplacePolicy };

    // Assess
    expect(policies).toEqual({ deletion: 'Retain', updateReplace: 'Retain' });
  });

  it('takes its string keys and ALL-projecting GSIs from table-schema.ts', () => {
    // Prepare
    const expectedIndexes = GLOBAL_INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    const keyAttributes = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...GLOBAL_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey])];

    // Act
    const properties = resourceOf(synthesized.stack.table.table).Properties;

    // Assess
    expect(properties.KeySchema).toEqual([
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ]);
    expect(properties.GlobalSecondaryIndexes).toEqual(expectedIndexes);
    expect(properties.AttributeDefinitions).toHaveLength(keyAttributes.length);
    expect(properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
  });
});

describe('evidence bucket', () => {
  it('blocks all public access on every bucket', () => {
    // Prepare
    const buckets = resourcesOfType('AWS::S3::Bucket');

    // Act
    const blocks = buckets.map((bucket) => bucket.Properties.PublicAccessBlockConfiguration);

    // Assess
    expect(buckets.length).toBeGreaterThanOrEqual(1);
    for (const block of blocks) {
      expect(block).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    }
  });

  it('denies every request that does not use TLS, on the bucket and its objects', () => {
    // Prepare
    const bucketId = logicalIdOf(synthesized.stack.evidence.bucket);
    const policies = resourcesOfType('AWS::S3::BucketPolicy').filter((policy) => policy.Properties.Bucket?.Ref === bucketId);

    // Act
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);
    const tlsOnly = statements.find(
      (statement) => statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
    );

    // Assess
    expect(tlsOnly).toMatchObject({ Action: 's3:*', Principal: { AWS: '*' } });
    expect(tlsOnly?.Resource).toEqual([
      { 'Fn::GetAtt': [bucketId, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
    ]);
  });

  it('is encrypted, versioned, retained and logs access to the log bucket', () => {
    // Prepare
    const bucket = resourceOf(synthesized.stack.evidence.bucket);

    // Act
    const encryption = bucket.Properties.BucketEncryption?.ServerSideEncryptionConfiguration;

    // Assess
    expect(encryption).toHaveLength(1);
    expect(['AES256', 'aws:kms']).toContain(encryption[0].ServerSideEncryptionByDefault.SSEAlgorithm);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties.LoggingConfiguration).toMatchObject({
      DestinationBucketName: { Ref: logicalIdOf(synthesized.stack.evidence.accessLogBucket) },
    });
  });

  it('allows CORS only from the partner origins (the default when no context is given)', () => {
    // Prepare
    const bucket = resourceOf(synthesized.stack.evidence.bucket);

    // Act
    const rules = bucket.Properties.CorsConfiguration.CorsRules as Record<string, any>[];

    // Assess
    expect(rules).toHaveLength(1);
    expect(rules[0]?.AllowedOrigins).toEqual([...DEFAULT_PARTNER_ORIGINS]);
    expect(rules[0]?.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'GET']));
  });
});

describe('GraphQL function', () => {
  it('runs Node.js 22 on arm64 with 1024 MB, 10 s and active X-Ray tracing', () => {
    // Prepare
    const fn = resourceOf(synthesized.stack.graphqlFunction.function);

    // Act
    const properties = fn.Properties;

    // Assess
    expect(properties.Runtime).toBe('nodejs22.x');
    expect(properties.Architectures).toEqual(['arm64']);
    expect(properties.Handler).toBe('index.handler');
    expect(properties.MemorySize).toBe(1024);
    expect(properties.Timeout).toBe(10);
    expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('logs to its own log group with a retention period', () => {
    // Prepare
    const fn = resourceOf(synthesized.stack.graphqlFunction.function);
    const logGroupId = logicalIdOf(synthesized.stack.graphqlFunction.logGroup);

    // Act
    const logGroup = resources[logGroupId];

    // Assess
    expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(logGroup?.Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  it('gets exactly the configuration variables the code reads, wired to the deployed resources', () => {
    // Prepare
    const { stack } = synthesized;
    const poolId = logicalIdOf(stack.identity.userPool);
    const issuerParts = ['https://', { 'Fn::GetAtt': [poolId, 'ProviderName'] }];

    // Act
    const variables = resourceOf(stack.graphqlFunction.function).Properties.Environment.Variables;

    // Assess
    expect(variables).toEqual({
      TABLE_NAME: { Ref: logicalIdOf(stack.table.table) },
      EVIDENCE_BUCKET: { Ref: logicalIdOf(stack.evidence.bucket) },
      AUTH_ISSUER: { 'Fn::Join': ['', issuerParts] },
      AUTH_AUDIENCE: { Ref: logicalIdOf(stack.identity.client) },
      AUTH_JWKS_URL: { 'Fn::Join': ['', [...issuerParts, '/.well-known/jwks.json']] },
      DEPLOYMENT_STAGE: 'prod',
      // The IDE's page is off in prod (no -c stage or -c ide); GET /health reports the version synthesized.
      IDE_ENABLED: 'false',
      APP_VERSION: expect.stringMatching(/^\d+\.\d+\.\d+(\+[0-9a-f]{4,40})?$/),
      // requestReviewPack invokes the pack's own function, asynchronously (functions/review-pack/launcher.ts).
      REVIEW_PACK_FUNCTION: { Ref: logicalIdOf(stack.reviewPack.function.function) },
      // aggregateExport(format: XLSX) invokes the workbook's own function, synchronously (functions/analytics/export-renderer.ts).
      EXPORT_WORKBOOK_FUNCTION: { Ref: logicalIdOf(stack.exportWorkbook.function.function) },
      // Powertools (functions/core/metric-names.ts; tests/infra/monitoring.test.ts).
      POWERTOOLS_SERVICE_NAME: 'graphql',
      POWERTOOLS_METRICS_NAMESPACE: 'SafeCommunity',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('may run only the DynamoDB actions it uses, on the table and the two indexes it queries, and change no audit entry', () => {
    // Prepare
    const tableId = logicalIdOf(synthesized.stack.table.table);
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };

    // Act
    const statements = statementsOf(synthesized.stack.graphqlFunction.role).filter((statement) =>
      [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:')),
    );

    // Assess: tests/infra/graphql-role.test.ts shows each of these is used, and enough.
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        Resource: tableArn,
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: GRAPHQL_TABLE_GRANT.queriedIndexes.map((name) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] })),
      },
      auditEntryDeny(tableId),
    ]);
    const actions = statements.filter((statement) => statement.Effect === 'Allow').flatMap((statement) => [statement.Action].flat());
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
  });

  it('denies, on every role that reaches the table, updating or deleting an audit entry (IAM: an explicit Deny wins)', () => {
    // Prepare
    const tableId = logicalIdOf(synthesized.stack.table.table);
    const entry = auditKeys.record('COMMUNITY', '0f8fad5b-d9cb-469f-a165-70867728950e');
    const { graphqlFunction, evidenceProcessor, reminders, reviewPack, importJob } = synthesized.stack;
    const roles = [graphqlFunction.role, evidenceProcessor.role, reminders.function.role, reviewPack.function.role, importJob.function.role];

    // Act
    const denies = roles.map((role) => statementsOf(role).filter((statement) => statement.Effect === 'Deny'));
    const [pattern] = (denies[0]?.[0]?.Condition?.['ForAnyValue:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined) ?? [];

    // Assess
    for (const roleDenies of denies) expect(roleDenies).toEqual([auditEntryDeny(tableId)]);
    expect(AUDIT_ENTRY_PROTECTED_ACTIONS).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem']);
    expect(stringLike(pattern ?? '', entry)).toBe(true);
    expect(stringLike(pattern ?? '', auditKeys.community('0f8fad5b-d9cb-469f-a165-70867728950e'))).toBe(true);
    for (const other of [recordKey('COMMUNITY', 'x').pk, `${EVIDENCE_PK_PREFIX}x`, 'AUDIT', 'audit#x']) expect(stringLike(pattern ?? '', other)).toBe(false);
    // Every policy in the app that allows a table write carries the Deny beside it.
    const writers = resourcesOfType('AWS::IAM::Policy').filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as Record<string, any>[]).some(
        (statement) => statement.Effect === 'Allow' && [statement.Action].flat().some((action: string) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|\*)/.test(action)),
      ),
    );
    expect(writers).toHaveLength(roles.length);
    for (const policy of writers) expect(policy.Properties.PolicyDocument.Statement).toContainEqual(auditEntryDeny(tableId));
  });

  it('may put and get evidence objects (the checked version too) under evidence/, export files under exports/, put import uploads under imports/, and nothing else in the bucket', () => {
    // Prepare
    const bucketId = logicalIdOf(synthesized.stack.evidence.bucket);

    // Act
    const s3Statements = statementsOf(synthesized.stack.graphqlFunction.role).filter((statement) =>
      [statement.Action].flat().some((action: string) => action.startsWith('s3:')),
    );

    // Assess: presigned POSTs need PutObject, presigned GETs pinned to a version GetObjectVersion;
    // aggregate exports are put and read through a presigned GET (tests/infra/export-storage.test.ts).
    expect(s3Statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        Resource: objectsArn(bucketId, `${EVIDENCE_OBJECT_PREFIX}*`),
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: objectsArn(bucketId, `${EXPORT_OBJECT_PREFIX}*`),
      },
      // The incident import's presigned POST (the job reads the file: tests/infra/import-job.test.ts).
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: objectsArn(bucketId, `${IMPORT_OBJECT_PREFIX}*`),
      },
    ]);
  });

  it('cannot delete evidence objects or their versions', () => {
    // Prepare
    const statements = statementsOf(synthesized.stack.graphqlFunction.role);

    // Act
    const deletes = statements.flatMap((statement) => [statement.Action].flat() as string[]).filter((action) => /^s3:(Delete|\*)/.test(action));

    // Assess
    expect(deletes).toEqual([]);
  });

  it('holds no managed policy and no "*" resource except for X-Ray', () => {
    // Prepare
    const role = resourceOf(synthesized.stack.graphqlFunction.role);
    const statements = resourcesOfType('AWS::IAM::Policy').flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[],
    );

    // Act
    const onEverything = statements.filter((statement) => [statement.Resource].flat().includes('*'));

    // Assess: one X-Ray statement per platform function (the GraphQL function, the evidence
    // processor, the reminders job, the review pack's job, the export workbook function and the import job).
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const xray = { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' };
    expect(onEverything).toEqual([xray, xray, xray, xray, xray, xray]);
  });

  // 2.5 MB in issue 13; 2.4 MB since issue 14 (with Powertools inside: 2.29 MiB, the schema as a
  // pre-parsed document, client-s3's ES build), then code-split: what module init compiles is
  // index.mjs and the chunks it imports, under 1 MiB; the application is a chunk of its own.
  it('is bundled as minified ES modules, code-split, with the createRequire banner, source maps and regions.tsv', () => {
    // Prepare
    const assetDirectory = assetDirectoryOf(resourceOf(synthesized.stack.graphqlFunction.function));

    // Act
    const files = bundleFiles(assetDirectory);
    const atInit = staticClosure(assetDirectory, 'index.mjs');
    const sourcesOf = (names: Iterable<string>) =>
      [...names].flatMap((name) => (JSON.parse(readFileSync(join(assetDirectory, `${name}.map`), 'utf8')) as { sources: string[] }).sources);
    const sources = sourcesOf(files);
    const initSources = sourcesOf(atInit);

    // Assess
    const bytes = (names: Iterable<string>) => [...names].reduce((sum, name) => sum + statSync(join(assetDirectory, name)).size, 0);
    expect(bytes(files)).toBeLessThanOrEqual(2.6 * 1024 * 1024);
    expect(bytes(atInit)).toBeLessThanOrEqual(1024 * 1024);
    const firstLine = readFileSync(join(assetDirectory, 'index.mjs'), 'utf8').split('\n', 1)[0] ?? '';
    expect(firstLine).toContain("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);");
    for (const name of files) expect(existsSync(join(assetDirectory, `${name}.map`)), name).toBe(true);
    // Built for production (infra/bundling.ts PRODUCTION_DEFINE): no NODE_ENV is read at run time,
    // so graphql-js takes its production instanceOf, not the one that looks for a second copy of
    // graphql on every check, and graphql-armor loads its production build.
    for (const name of files) expect(readFileSync(join(assetDirectory, name), 'utf8'), name).not.toContain('NODE_ENV');
    // Module init compiles the server, the doors and the schema without its descriptions; no
    // service, repository, resolver or the S3 and Lambda clients: the first request loads those.
    expect(initSources.some((source) => source.endsWith('functions/graphql/server.ts'))).toBe(true);
    expect(initSources.some((source) => source.endsWith('functions/generated/schema-ast.ts'))).toBe(true);
    for (const later of [/functions\/graphql\/application\.ts$/, /functions\/[\w-]+\/(service|repository|resolvers)\.ts$/, /schema-descriptions\.ts$/, /node_modules\/@aws-sdk\/client-(s3|lambda)\//, /node_modules\/zod\/v4\/classic\//]) {
      expect(initSources.filter((source) => later.test(source)), String(later)).toEqual([]);
      expect(sources.some((source) => later.test(source)), String(later)).toBe(true);
    }
    // Apollo's query hash is Node's crypto (infra/shims/apollo-createhash.ts), not sha.js in JavaScript.
    expect(sources.filter((source) => source.includes('node_modules/sha.js/'))).toEqual([]);
    expect(sources.some((source) => source.endsWith('infra/shims/apollo-createhash.ts'))).toBe(true);
    // The S3 and Lambda clients are chunks of their own, loaded by the first request that signs, stores or invokes (core/lazy-clients.ts).
    const applicationChunk = files.filter((name) => sourcesOf([name]).some((source) => source.endsWith('functions/graphql/application.ts')));
    expect(applicationChunk).toHaveLength(1);
    expect(sourcesOf(applicationChunk).filter((source) => /node_modules\/@aws-sdk\/client-(s3|lambda)\//.test(source))).toEqual([]);
    // Apollo is given the built schema: its typeDefs path, graphql-tools, is not bundled (infra/shims/apollo-built-schema.ts).
    expect(sources.filter((source) => source.includes('node_modules/@graphql-tools/'))).toEqual([]);
    expect(initSources.some((source) => source.endsWith('infra/shims/apollo-built-schema.ts'))).toBe(true);
    // The aggregate export's workbook is made by a function of its own: no exceljs, no chart module here.
    expect(sources.some((source) => source.includes('node_modules/exceljs/'))).toBe(false);
    expect(sources.some((source) => /functions\/analytics\/(export-workbook|xlsx-chart)/.test(source))).toBe(false);
    expect(sources.some((source) => source.includes('functions/analytics/export-renderer.ts'))).toBe(true);
    // The incident import job parses uploads in a function of its own: the GraphQL function only signs them.
    expect(sources.some((source) => /functions\/incident\/import-(file|rows|run|job|rejected|template)\.ts$/.test(source))).toBe(false);
    expect(sources.some((source) => source.includes('node_modules/csv-parse/'))).toBe(false);
    expect(sources.some((source) => source.includes('functions/incident/import-job-service.ts'))).toBe(true);
    const regionTable = readFileSync(join(PROJECT_ROOT, 'functions/region/data/regions.tsv'));
    expect(readFileSync(join(assetDirectory, 'regions.tsv')).equals(regionTable)).toBe(true);
    // The region table is read from beside the module that reads it (region-table.ts): a chunk.
    const readers = files.filter((name) => sourcesOf([name]).some((source) => source.endsWith('functions/region/region-table.ts')));
    expect(readers.length).toBeGreaterThan(0);
    for (const reader of readers) {
      const beside = ['data/regions.tsv', 'regions.tsv', '../regions.tsv'].map((path) => join(assetDirectory, posix.dirname(reader), path));
      expect(beside.some((path) => existsSync(path)), reader).toBe(true);
    }
  });

  it('cold-starts from its bundle with exactly the environment the template gives it', () => {
    // Prepare
    const fn = resourceOf(synthesized.stack.graphqlFunction.function);

    // Act
    const handlerType = coldStart(fn);

    // Assess
    expect(handlerType).toBe('function');
  });
});

describe('evidence processor', () => {
  it('runs Node.js 22 on arm64 with X-Ray tracing, its own log group, and time to hash a 500 MB video', () => {
    // Prepare
    const fn = resourceOf(synthesized.stack.evidenceProcessor.function);

    // Act
    const properties = fn.Properties;

    // Assess
    expect(properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', TracingConfig: { Mode: 'Active' } });
    expect(properties.MemorySize).toBeGreaterThanOrEqual(1024);
    expect(properties.Timeout).toBeGreaterThanOrEqual(60);
    expect(properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalIdOf(synthesized.stack.evidenceProcessor.logGroup) } });
  });

  it('runs on ObjectCreated under evidence/ only (imports/ runs the import job), invoked by S3 for this bucket and account', () => {
    // Prepare
    const functionId = logicalIdOf(synthesized.stack.evidenceProcessor.function);
    const bucketId = logicalIdOf(synthesized.stack.evidence.bucket);

    // Act
    const notifications = resourcesOfType('Custom::S3BucketNotifications');
    const permissions = resourcesOfType('AWS::Lambda::Permission').filter((permission) => permission.Properties.FunctionName?.['Fn::GetAtt']?.[0] === functionId);

    // Assess
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.Properties.BucketName).toEqual({ Ref: bucketId });
    expect(notifications[0]?.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: EVIDENCE_OBJECT_PREFIX }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        },
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: IMPORT_OBJECT_PREFIX }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.importJob.function.function), 'Arn'] },
        },
      ],
    });
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::GetAtt': [bucketId, 'Arn'] },
    });
  });

  it('gets the table and bucket names and nothing to verify tokens with', () => {
    // Prepare
    const { stack } = synthesized;

    // Act
    const variables = resourceOf(stack.evidenceProcessor.function).Properties.Environment.Variables;

    // Assess
    expect(variables).toEqual({
      TABLE_NAME: { Ref: logicalIdOf(stack.table.table) },
      EVIDENCE_BUCKET: { Ref: logicalIdOf(stack.evidence.bucket) },
      DEPLOYMENT_STAGE: 'prod',
      POWERTOOLS_SERVICE_NAME: 'evidence-processor',
      POWERTOOLS_METRICS_NAMESPACE: 'SafeCommunity',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('may read evidence objects, delete-mark them, read and put evidence items, append audit entries, send its failed events to the queue, and nothing else', () => {
    // Prepare
    const { stack } = synthesized;
    const bucketId = logicalIdOf(stack.evidence.bucket);
    const tableId = logicalIdOf(stack.table.table);

    // Act
    const statements = statementsOf(stack.evidenceProcessor.role);

    // Assess: the exact policy, statement by statement.
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logicalIdOf(stack.evidenceProcessor.logGroup), 'Arn'] },
      },
      { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${EVIDENCE_PK_PREFIX}*`] } },
      },
      auditEntryDeny(tableId),
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${EVIDENCE_PROCESSOR_AUDIT_GRANT.partitionKeyPrefix}*`] } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion'],
        Resource: objectsArn(bucketId, `${EVIDENCE_OBJECT_PREFIX}*`),
      },
      // Lambda sends an event that failed every attempt to the failed-invocation queue with this role.
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalIdOf(stack.failures.queue), 'Arn'] } },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [logicalIdOf(stack.failures.key), 'Arn'] } },
    ]);
    expect(resourceOf(stack.evidenceProcessor.role).Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('is limited to the keys of evidence items, not their owner index or any other record', () => {
    // Prepare: the processor's real keys are in tests/infra/evidence-processor.test.ts (its recorded calls).
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const tableStatement = statementsOf(synthesized.stack.evidenceProcessor.role).find(
      (statement) => statement.Effect === 'Allow' && [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:')),
    );
    const [pattern] = (tableStatement?.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined) ?? [];

    // Act
    const evidenceItem = recordKey('EVIDENCE', id).pk;
    const ownerIndexItem = childIndexKey('EVIDENCE_OWNER', ownerKey({ ownerType: 'COMMUNITY', ownerId: id }), 'EVIDENCE').pk;

    // Assess
    expect(pattern).toBe(`${EVIDENCE_PROCESSOR_TABLE_GRANT.partitionKeyPrefix}*`);
    expect(evidenceItem.startsWith(EVIDENCE_PK_PREFIX)).toBe(true);
    expect(stringLike(pattern ?? '', evidenceItem)).toBe(true);
    for (const other of [ownerIndexItem, recordKey('COMMUNITY', id).pk, recordKey('PROJECT', id).pk, auditKeys.record('EVIDENCE', id), 'EVIDENCE']) expect(stringLike(pattern ?? '', other)).toBe(false);
  });

  it('names the object prefixes the code writes (keys.ts is the one definition infra/ reads)', () => {
    // Prepare
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

    // Act
    const objectKey = evidenceKey(id, id);

    // Assess
    expect(objectKey.startsWith(EVIDENCE_OBJECT_PREFIX)).toBe(true);
    expect(EVIDENCE_KEY_PREFIX).toBe(EVIDENCE_OBJECT_PREFIX);
    expect(EXPORT_KEY_PREFIX).toBe(EXPORT_OBJECT_PREFIX);
  });

  it('holds no wildcard action, in any role', () => {
    // Prepare
    const allows = resourcesOfType('AWS::IAM::Policy')
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[])
      .filter((statement) => statement.Effect === 'Allow');

    // Act
    const wildcards = allows.flatMap((statement) => [statement.Action].flat() as string[]).filter((action) => action.includes('*'));

    // Assess
    expect(allows.length).toBeGreaterThan(0);
    expect(wildcards).toEqual([]);
  });

  it('is bundled as a minified ESM file with the createRequire banner and a source map', () => {
    // Prepare
    const assetDirectory = assetDirectoryOf(resourceOf(synthesized.stack.evidenceProcessor.function));

    // Act
    const bundle = join(assetDirectory, 'index.mjs');
    const firstLine = readFileSync(bundle, 'utf8').split('\n', 1)[0] ?? '';

    // Assess
    expect(statSync(bundle).size).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(firstLine).toContain("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);");
    expect(existsSync(join(assetDirectory, 'index.mjs.map'))).toBe(true);
  });

  it('cold-starts from its bundle with exactly the environment the template gives it', () => {
    // Prepare
    const fn = resourceOf(synthesized.stack.evidenceProcessor.function);

    // Act
    const handlerType = coldStart(fn);

    // Assess
    expect(handlerType).toBe('function');
  });
});

describe('export workbook function', () => {
  it('is bundled as a minified ESM file with exceljs and the chart module, under 3 MB, with the createRequire banner', () => {
    // Prepare
    const assetDirectory = assetDirectoryOf(resourceOf(synthesized.stack.exportWorkbook.function.function));

    // Act
    const bundle = join(assetDirectory, 'index.mjs');
    const sources = (JSON.parse(readFileSync(join(assetDirectory, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;

    // Assess
    expect(statSync(bundle).size).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect(readFileSync(bundle, 'utf8').split('\n', 1)[0]).toContain("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);");
    expect(sources.some((source) => source.includes('node_modules/exceljs/'))).toBe(true);
    expect(sources.some((source) => source.includes('functions/analytics/xlsx-chart.ts'))).toBe(true);
    // It serves no request: no Apollo, no token verification.
    expect(sources.some((source) => source.includes('node_modules/@apollo/server/'))).toBe(false);
  });

  it('cold-starts from its bundle with exactly the environment the template gives it', () => {
    // Act
    const handlerType = coldStart(resourceOf(synthesized.stack.exportWorkbook.function.function));

    // Assess
    expect(handlerType).toBe('function');
  });
});

describe('incident import job function', () => {
  it('is bundled as a minified ESM file with exceljs and csv-parse, under 3 MB, with the createRequire banner', () => {
    // Prepare
    const assetDirectory = assetDirectoryOf(resourceOf(synthesized.stack.importJob.function.function));

    // Act
    const bundle = join(assetDirectory, 'index.mjs');
    const sources = (JSON.parse(readFileSync(join(assetDirectory, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;

    // Assess
    expect(statSync(bundle).size).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect(readFileSync(bundle, 'utf8').split('\n', 1)[0]).toContain("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);");
    expect(sources.some((source) => source.includes('node_modules/exceljs/'))).toBe(true);
    expect(sources.some((source) => source.includes('node_modules/csv-parse/'))).toBe(true);
    expect(sources.some((source) => source.includes('functions/incident/import-run.ts'))).toBe(true);
    // It serves no request: no Apollo, no token verification.
    expect(sources.some((source) => source.includes('node_modules/@apollo/server/'))).toBe(false);
  });

  it('cold-starts from its bundle with exactly the environment the template gives it', () => {
    // Act
    const handlerType = coldStart(resourceOf(synthesized.stack.importJob.function.function));

    // Assess
    expect(handlerType).toBe('function');
  });
});

describe('HTTP API', () => {
  it('routes POST and GET /graphql and GET /health to the GraphQL function through one Lambda proxy integration', () => {
    // Prepare
    const routes = resourcesOfType('AWS::ApiGatewayV2::Route');
    const integrations = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Integration');

    // Act
    const routeKeys = routes.map((route) => route.Properties.RouteKey).sort();
    const targets = routes.map((route) => route.Properties.Target);

    // Assess
    expect(routeKeys).toEqual(['GET /graphql', 'GET /health', 'POST /graphql']);
    expect(integrations).toHaveLength(1);
    const [integrationId, integration] = integrations[0] ?? [];
    expect(integration?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.graphqlFunction.function), 'Arn'] },
    });
    expect(targets).toEqual([
      { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    ]);
  });

  it('writes JSON access logs of its auto-deployed $default stage to a log group', () => {
    // Prepare
    const stage = resourceOf(synthesized.stack.api.stage);
    const logGroupId = logicalIdOf(synthesized.stack.api.accessLogGroup);

    // Act
    const settings = stage.Properties.AccessLogSettings;

    // Assess
    expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(JSON.parse(settings.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(resources[logGroupId]?.Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  it('answers CORS preflights for the partner origins only', () => {
    // Prepare
    const api = resourceOf(synthesized.stack.api.httpApi);

    // Act
    const cors = api.Properties.CorsConfiguration;

    // Assess
    expect(cors.AllowOrigins).toEqual([...DEFAULT_PARTNER_ORIGINS]);
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
  });
});

describe('Cognito user pool', () => {
  it('has one group per role', () => {
    // Prepare
    const poolId = logicalIdOf(synthesized.stack.identity.userPool);

    // Act
    const groups = resourcesOfType('AWS::Cognito::UserPoolGroup').filter((group) => group.Properties.UserPoolId?.Ref === poolId);

    // Assess
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual(['ADMIN', 'COMMUNITY_EDITOR', 'PROVINCIAL_ANALYST', 'REPORT_INTAKE', 'REVIEWER']);
  });

  it('carries the scope in the mutable string attributes communities, region and app', () => {
    // Prepare
    const pool = resourceOf(synthesized.stack.identity.userPool);

    // Act
    const schema = pool.Properties.Schema as Record<string, any>[];

    // Assess
    for (const name of ['communities', 'region', 'app']) {
      expect(schema).toContainEqual(expect.objectContaining({ Name: name, AttributeDataType: 'String', Mutable: true }));
    }
  });

  it('admits only administrator-created users, with a strong password and MFA', () => {
    // Prepare
    const pool = resourceOf(synthesized.stack.identity.userPool);

    // Act
    const passwordPolicy = pool.Properties.Policies.PasswordPolicy;

    // Assess
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(passwordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(passwordPolicy).toMatchObject({ RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true });
    expect(pool.Properties.MfaConfiguration).toBe('ON');
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has a public app client that cannot write the scope attributes', () => {
    // Prepare
    const client = resourceOf(synthesized.stack.identity.client);

    // Act
    const writable: unknown = client.Properties.WriteAttributes;

    // Assess
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.UserPoolId).toEqual({ Ref: logicalIdOf(synthesized.stack.identity.userPool) });
    expect(Array.isArray(writable)).toBe(true);
    expect(writable).not.toContain('custom:communities');
    expect(writable).not.toContain('custom:region');
    expect(writable).not.toContain('custom:app');
  });
});

describe('outputs', () => {
  it('publish the GraphQL URL, user pool, client, table and bucket', () => {
    // Prepare
    const { stack, template } = synthesized;

    // Act
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Assess
    expect(outputs.GraphqlUrl?.Value).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(stack.api.httpApi), 'ApiEndpoint'] }, '/graphql']],
    });
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: logicalIdOf(stack.identity.userPool) });
    expect(outputs.UserPoolClientId?.Value).toEqual({ Ref: logicalIdOf(stack.identity.client) });
    expect(outputs.TableName?.Value).toEqual({ Ref: logicalIdOf(stack.table.table) });
    expect(outputs.EvidenceBucketName?.Value).toEqual({ Ref: logicalIdOf(stack.evidence.bucket) });
  });
});

describe('the IDE (issue 13)', () => {
  it('has no IDE in prod: no assets function, no /ide route, IDE_ENABLED false, and no IDE asset in the GraphQL bundle', () => {
    // Prepare
    const { stack } = synthesized;
    const graphqlBundle = assetDirectoryOf(resourceOf(stack.graphqlFunction.function));

    // Act
    const routeKeys = resourcesOfType('AWS::ApiGatewayV2::Route').map((route) => route.Properties.RouteKey);
    const descriptions = resourcesOfType('AWS::Lambda::Function').map((fn) => String(fn.Properties.Description));

    // Assess
    expect(stack.ideAssets).toBeUndefined();
    expect(routeKeys.filter((key) => key.includes('/ide'))).toEqual([]);
    expect(descriptions.filter((description) => /IDE assets/.test(description))).toEqual([]);
    expect(resourceOf(stack.graphqlFunction.function).Properties.Environment.Variables.IDE_ENABLED).toBe('false');
    expect(existsSync(join(graphqlBundle, 'ide.js'))).toBe(false);
    // The page's HTML is in it (a few KB); GraphiQL and Monaco are not.
    expect(readFileSync(join(graphqlBundle, 'index.mjs'), 'utf8')).not.toMatch(/monaco|codicon|graphiql-container/);
  });

  it.each([
    ['a dev stage', { stage: 'dev' }],
    ['prod with the ide flag', { ide: 'true' }],
  ])('has the IDE in %s: its assets function behind GET /ide/{file+}, IDE_ENABLED true', (_name, context) => {
    // Prepare + Act
    const dev = synthesizeApp({ ...context, ...SKIP_BUNDLING_CONTEXT });
    const devResources = dev.template.toJSON().Resources as Record<string, Resource>;
    const ide = dev.stack.ideAssets;
    const idOf = (construct: IConstruct) => dev.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);

    // Assess
    expect(ide).toBeDefined();
    const fn = devResources[idOf(ide!.function.function)];
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs22.x', MemorySize: 256, Description: expect.stringMatching(/IDE assets/) });
    const routes = Object.values(devResources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route');
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(['GET /graphql', 'GET /health', 'GET /ide/{file+}', 'POST /graphql']);
    const integrations = Object.values(devResources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Integration');
    expect(integrations.map((integration) => integration.Properties.IntegrationUri)).toContainEqual({ 'Fn::GetAtt': [idOf(ide!.function.function), 'Arn'] });
    expect(devResources[idOf(dev.stack.graphqlFunction.function)]?.Properties.Environment.Variables.IDE_ENABLED).toBe('true');
    // Its role may write its logs and nothing else: no table, bucket or key.
    const roleId = idOf(ide!.function.role);
    const statements = Object.values(devResources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties.Roles).includes(roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    expect(statements.flatMap((statement) => [statement.Action].flat()).filter((action) => !/^(logs|xray):/.test(action))).toEqual([]);
  }, SYNTH_TIMEOUT_MS);

  it('refuses an ide flag that is not true or false', () => {
    expect(() => synthesizeApp({ ide: 'yes', ...SKIP_BUNDLING_CONTEXT })).toThrow(/context "ide" must be true or false/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on the app', () => {
    // Prepare
    const pack = new AwsSolutionsChecks();

    // Act
    const report = pack.validateScope(synthesized.app);

    // Assess
    expect(report.violations.map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only the reviewed rules, each with a specific written reason', () => {
    // Prepare
    const stackName = synthesized.stack.stackName;
    const bucketId = logicalIdOf(synthesized.stack.evidence.bucket);

    // Act
    const found = acknowledgments(synthesized.app);
    const ids = Object.fromEntries([...found].map(([path, rules]) => [path, Object.keys(rules).sort()]));

    // Assess
    expect(ids).toEqual({
      [`${stackName}/Evidence/AccessLogBucket/Resource`]: ['Annotation::AwsSolutions-S1'],
      [`${stackName}/Identity/UserPool/Resource`]: ['Annotation::AwsSolutions-COG8'],
      [`${stackName}/GraphqlFunction/Handler`]: ['Annotation::AwsSolutions-L1'],
      [`${stackName}/GraphqlFunction/Role`]: [
        `Annotation::AwsSolutions-IAM5[Resource::*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/evidence/*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/exports/*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/imports/*]`,
      ].sort(),
      [`${stackName}/EvidenceProcessor/Handler`]: ['Annotation::AwsSolutions-L1'],
      [`${stackName}/EvidenceProcessor/Role`]: [
        `Annotation::AwsSolutions-IAM5[Resource::*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/evidence/*]`,
      ].sort(),
      [`${stackName}/BucketNotificationsHandler050a0587b7544547bf325f094a3db834`]: [
        'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ],
      [`${stackName}/Reminders/Function/Handler`]: ['Annotation::AwsSolutions-L1'],
      [`${stackName}/Reminders/Function/Role`]: ['Annotation::AwsSolutions-IAM5[Resource::*]'],
      [`${stackName}/Reminders/SchedulerRole`]: [`Annotation::AwsSolutions-IAM5[Resource::<${logicalIdOf(synthesized.stack.reminders.function.function)}.Arn>:*]`],
      [`${stackName}/ReviewPack/Function/Handler`]: ['Annotation::AwsSolutions-L1'],
      [`${stackName}/ReviewPack/Function/Role`]: [
        `Annotation::AwsSolutions-IAM5[Resource::*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/evidence/*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/exports/*]`,
      ].sort(),
      [`${stackName}/ImportJob/Function/Handler`]: ['Annotation::AwsSolutions-L1'],
      [`${stackName}/ImportJob/Function/Role`]: [
        `Annotation::AwsSolutions-IAM5[Resource::*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/exports/*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/imports/*]`,
      ].sort(),
      [`${stackName}/ExportWorkbook/Function/Handler`]: ['Annotation::AwsSolutions-L1'],
      [`${stackName}/ExportWorkbook/Function/Role`]: ['Annotation::AwsSolutions-IAM5[Resource::*]'],
      [`${stackName}/Api/HttpApi/GET--graphql`]: ['Annotation::AwsSolutions-APIG4'],
      [`${stackName}/Api/HttpApi/POST--graphql`]: ['Annotation::AwsSolutions-APIG4'],
      [`${stackName}/Api/HttpApi/GET--health`]: ['Annotation::AwsSolutions-APIG4'],
      [`${stackName}/FailedInvocations/Queue`]: ['Annotation::AwsSolutions-SQS3'],
    });
    for (const rules of found.values()) {
      for (const reason of Object.values(rules)) expect(reason.length).toBeGreaterThan(60);
    }
  });

  it('fails synthesis on an unacknowledged finding (the check above can fail)', () => {
    // Prepare
    // In-memory mode makes synthesis throw with the report instead of setting the exit code.
    const app = new App({ outdir: newOutdir(), context: { '@aws-cdk/core:appMode': 'inmemory' } });
    const stack = new Stack(app, 'Probe');
    new Bucket(stack, 'UnloggedPlainBucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });
});
