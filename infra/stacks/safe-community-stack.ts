import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AUDIT_PK_PREFIX, EVIDENCE_PK_PREFIX } from '#core/db/keys.ts';
import { SERVICE_NAMES } from '#infra/metric-names.ts';
import { EvidenceStore } from '#infra/constructs/evidence-store.ts';
import { ExportWorkbookFunction } from '#infra/constructs/export-workbook-function.ts';
import { type AsyncFailurePolicy, FailureQueue } from '#infra/constructs/failure-queue.ts';
import { GraphqlApi } from '#infra/constructs/graphql-api.ts';
import { IdeAssets, readIdeEnabled } from '#infra/constructs/ide-assets.ts';
import { Identity } from '#infra/constructs/identity.ts';
import { Monitoring } from '#infra/constructs/monitoring.ts';
import { PlatformFunction, PROJECT_ROOT } from '#infra/constructs/platform-function.ts';
import { PlatformTable, type TableGrant } from '#infra/constructs/platform-table.ts';
import { readReminderEmail, RemindersJob } from '#infra/constructs/reminders-job.ts';
import { ReviewPackJob } from '#infra/constructs/review-pack-job.ts';
import { ImportJob } from '#infra/constructs/import-job.ts';
import { readAlarmEmails, readApiThrottling, readGraphqlReservedConcurrency } from '#infra/operations-context.ts';

/**
 * What the GraphQL function does to the table (functions/core/db/, the repositories, recompute):
 * GetItem and BatchGetItem by key, Query on the table (a counter partition, a record's own items)
 * and on both listing indexes, and TransactWriteItems, which IAM authorizes item by item as
 * PutItem, UpdateItem, DeleteItem and ConditionCheckItem. No Scan, no BatchWriteItem, no
 * DescribeTable. tests/infra/graphql-role.test.ts replays every call of a sweep of the API against
 * this grant and fails on a call it does not allow and on an action (or index) nothing used.
 */
export const GRAPHQL_TABLE_GRANT = {
  itemActions: [
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ],
  queriedIndexes: ['gsi1', 'gsi2'],
} as const satisfies TableGrant;

/**
 * What the evidence processor does to the table (functions/evidence/processor.ts): it reads the
 * evidence by id (the repository's get is a BatchGetItem) and records its decision as a Put
 * conditioned on the version it read (a TransactWriteItems with one Put, which IAM authorizes as
 * PutItem). Only items whose partition key is `EVIDENCE#<id>` (functions/evidence/repository.ts):
 * not the owner index items (`EVIDENCE_OWNER#…`), not any other record, not an index.
 */
export const EVIDENCE_PROCESSOR_TABLE_GRANT = {
  actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
  partitionKeyPrefix: EVIDENCE_PK_PREFIX,
} as const;

/**
 * The decision's audit entry, a Put in the same transaction (functions/audit/trail.ts, under
 * attribute_not_exists): PutItem on `AUDIT#…` items and nothing else there, not even a read. The
 * Deny every connection carries keeps the processor from updating or deleting an entry.
 */
export const EVIDENCE_PROCESSOR_AUDIT_GRANT = {
  actions: ['dynamodb:PutItem'],
  partitionKeyPrefix: AUDIT_PK_PREFIX,
} as const;

/**
 * The evidence processor's S3 notifications: two retries (Lambda's, after about 1 and 3 minutes;
 * a decision is a Put conditioned on the version read, so a retry after a half-done attempt is
 * safe), six hours in Lambda's queue at most (a throttled backlog still drains); an object whose
 * event still fails goes to the failed-invocation queue, its S3 notification under requestPayload.
 */
export const EVIDENCE_PROCESSOR_ASYNC_POLICY = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const satisfies AsyncFailurePolicy;

export interface SafeCommunityStackProps extends StackProps {
  /** Browser origins of partner front ends, allowed by the API's and the evidence bucket's CORS. */
  readonly partnerOrigins: readonly string[];
}

/**
 * The whole platform in one stack: the table, the evidence bucket, the user pool and the GraphQL
 * API with its function. One stack keeps the wiring in plain references (no cross-stack exports
 * to untangle) and the stateful resources are protected on their own: retained on deletion, with
 * deletion protection where the service offers it.
 */
export class SafeCommunityStack extends Stack {
  readonly table: PlatformTable;
  readonly evidence: EvidenceStore;
  readonly identity: Identity;
  readonly graphqlFunction: PlatformFunction;
  readonly evidenceProcessor: PlatformFunction;
  readonly api: GraphqlApi;
  /** The daily reminders job (EventBridge Scheduler → Lambda). */
  readonly reminders: RemindersJob;
  /** The review pack's job (评审资料包), invoked asynchronously by the GraphQL function. */
  readonly reviewPack: ReviewPackJob;
  /** The incident import job, run by the bucket's ObjectCreated on imports/ (a browser's upload). */
  readonly importJob: ImportJob;
  /** The IDE's assets function, where the IDE is on (readIdeEnabled). */
  readonly ideAssets?: IdeAssets;
  /** Renders the aggregate export's XLSX workbook, invoked synchronously by the GraphQL function. */
  readonly exportWorkbook: ExportWorkbookFunction;
  /** Where every asynchronous invocation that failed all its attempts lands (the processor's, the jobs'). */
  readonly failures: FailureQueue;
  /** The alarm topic, the alarms and the dashboard. */
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: SafeCommunityStackProps) {
    super(scope, id, props);
    this.table = new PlatformTable(this, 'Data');
    this.evidence = new EvidenceStore(this, 'Evidence', { partnerOrigins: props.partnerOrigins });
    this.identity = new Identity(this, 'Identity');
    this.failures = new FailureQueue(this, 'FailedInvocations');
    const ide = readIdeEnabled(this);
    const reservedConcurrency = readGraphqlReservedConcurrency(this);

    this.graphqlFunction = new PlatformFunction(this, 'GraphqlFunction', {
      entry: 'functions/graphql/handler.ts',
      serviceName: SERVICE_NAMES.graphql,
      description: 'Safe Community GraphQL API (Apollo Server behind the HTTP API)',
      memorySize: 1024,
      // A burst past the stage's throttling cannot hold more than this many requests on the table at once (-c graphqlReservedConcurrency).
      ...(reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: reservedConcurrency }),
      // Well under API Gateway's 30 s integration limit: a request that needs longer is a bug.
      timeout: Duration.seconds(10),
      // IDE_ENABLED: the IDE's page on GET /graphql (its assets from IdeAssets below); APP_VERSION for GET /health.
      environment: { DEPLOYMENT_STAGE: 'prod', IDE_ENABLED: String(ide), APP_VERSION: buildVersion() },
      bundledFiles: [{ source: 'functions/region/data/regions.tsv', target: 'regions.tsv' }],
      // Module init compiles the server and its doors; the application is a chunk the first request loads (functions/graphql/application.ts).
      codeSplitting: true,
      // Apollo is handed the built schema (functions/graphql/schema.ts): no graphql-tools in the bundle.
      builtSchema: true,
    });
    this.table.connect(this.graphqlFunction, GRAPHQL_TABLE_GRANT);
    this.evidence.connectUploader(this.graphqlFunction);
    this.evidence.connectExporter(this.graphqlFunction);
    this.identity.connectVerifier(this.graphqlFunction);

    // Checks every uploaded evidence object and marks the evidence AVAILABLE or REJECTED. It
    // verifies no token, so it gets no AUTH_* variables, and it may touch evidence items only
    // (and append the audit entry of each decision).
    this.evidenceProcessor = new PlatformFunction(this, 'EvidenceProcessor', {
      entry: 'functions/evidence-processor/handler.ts',
      serviceName: SERVICE_NAMES.evidenceProcessor,
      description: 'Safe Community evidence processor: checks each uploaded object (size, type, SHA-256) and marks the evidence AVAILABLE or REJECTED',
      memorySize: 1024,
      // It streams the whole object through SHA-256: a 500 MB video takes seconds, not minutes.
      timeout: Duration.minutes(2),
      environment: { DEPLOYMENT_STAGE: 'prod' },
    });
    this.table.connectItems(this.evidenceProcessor, EVIDENCE_PROCESSOR_TABLE_GRANT);
    this.table.connectItems(this.evidenceProcessor, EVIDENCE_PROCESSOR_AUDIT_GRANT);
    this.evidence.connectProcessor(this.evidenceProcessor);
    this.failures.connect(this.evidenceProcessor, EVIDENCE_PROCESSOR_ASYNC_POLICY);

    // Writes the day's notifications; optional SES digest behind the `reminderEmail` context flag.
    const reminderEmail = readReminderEmail(this);
    this.reminders = new RemindersJob(this, 'Reminders', { table: this.table, failures: this.failures, ...(reminderEmail ? { email: reminderEmail } : {}) });

    // Builds a community's review pack (one ZIP under exports/); the GraphQL function may invoke it and nothing else of Lambda.
    this.reviewPack = new ReviewPackJob(this, 'ReviewPack', { table: this.table, evidence: this.evidence, failures: this.failures });
    this.reviewPack.connectRequester(this.graphqlFunction);

    // Imports the incident files browsers upload under imports/; the GraphQL function only signs their uploads.
    this.importJob = new ImportJob(this, 'ImportJob', { table: this.table, evidence: this.evidence, failures: this.failures });
    this.evidence.connectImportUploader(this.graphqlFunction);

    // Renders the aggregate export as a workbook (exceljs stays out of the GraphQL bundle); it reads and writes nothing.
    this.exportWorkbook = new ExportWorkbookFunction(this, 'ExportWorkbook');
    this.exportWorkbook.connectRequester(this.graphqlFunction);

    this.api = new GraphqlApi(this, 'Api', {
      handler: this.graphqlFunction,
      allowedOrigins: props.partnerOrigins,
      throttling: readApiThrottling(this),
    });
    // The IDE's assets, in stages that have the IDE only (-c stage=dev, or -c ide=true).
    if (ide) this.ideAssets = new IdeAssets(this, 'IdeAssets', { httpApi: this.api.httpApi });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      graphqlFunction: this.graphqlFunction,
      evidenceProcessor: this.evidenceProcessor,
      jobs: [this.importJob.function, this.reviewPack.function, this.reminders.function, this.exportWorkbook.function],
      httpApi: this.api.httpApi,
      table: this.table,
      failures: this.failures,
      alarmEmails: readAlarmEmails(this),
    });

    new CfnOutput(this, 'GraphqlUrl', { value: this.api.graphqlUrl, description: 'GraphQL endpoint (POST and GET)' });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId, description: 'App client id; also the audience of ID tokens' });
    new CfnOutput(this, 'AuthIssuer', { value: this.identity.issuer });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidence.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'SNS topic of every alarm (subscribe with -c alarmEmail=…, or in the console)' });
    new CfnOutput(this, 'FailedInvocationsQueueUrl', { value: this.failures.queue.queueUrl, description: 'Failed asynchronous invocations, 14 days (README "Failed invocations")' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
  }
}

/**
 * The version GET /health reports: package.json's, and the commit synthesized (when this is a
 * git checkout), as `0.1.0+1a2b3c4`.
 */
function buildVersion(): string {
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim();
    return /^[0-9a-f]{4,40}$/.test(sha) ? `${version}+${sha}` : version;
  } catch {
    return version;
  }
}
