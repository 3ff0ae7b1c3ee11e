import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AUDIT_PK_PREFIX,
  communityFigureKeys,
  communityKeys,
  counterKeyFormat,
  IMPORT_FILE_GUARD_PK_PREFIX,
  IMPORT_JOB_PK_PREFIX,
  IMPORT_PENDING_PK_PREFIX,
} from '#core/db/keys.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { AsyncFailurePolicy, FailureQueue } from './failure-queue.ts';
import { SERVICE_NAMES } from '#infra/metric-names.ts';
import { PlatformFunction } from './platform-function.ts';
import type { DynamodbAction, PlatformTable } from './platform-table.ts';

/**
 * What the incident import job (functions/incident/import-job.ts) does to the table, each limited
 * by partition-key prefix (`dynamodb:LeadingKeys`); its writes are the import's transactions,
 * which IAM authorizes item by item:
 *   IMPORT_JOB#…           GetItem (the job and its progress, consistently), PutItem (RUNNING, DONE, FAILED under its version), UpdateItem (progress)
 *   COMMUNITY#…            BatchGetItem (the job's community), GetItem (its recent incidents), PutItem and UpdateItem (the recent index, the community's figures)
 *   INCIDENT#…             PutItem (the new incidents), ConditionCheckItem (each one the recent index copies, at the version
 *                          created), BatchGetItem (the incidents of a run that died before their counts, as stored now)
 *   IMPORT_PENDING#…       PutItem (with each row transaction), Query (what a community has pending), DeleteItem (with
 *                          the counts: incident/import-counts.ts)
 *   INCIDENT_EXTERNAL#…    BatchGetItem (the rows' guards), PutItem (each new row's guard)
 *   AGG#INCIDENTS#…        UpdateItem (the region counters the incidents feed)
 *   AGG#COMMUNITY#…        UpdateItem (the community's own figures)
 *   AUDIT#…                PutItem (the entries of the incidents and of the job; the table's Deny forbids any update or delete)
 * Query and DeleteItem on the pending items alone; no Scan. tests/infra/import-job.test.ts replays a job's calls against the synthesized role.
 */
export const IMPORT_JOB_TABLE_GRANTS: readonly { readonly actions: readonly DynamodbAction[]; readonly partitionKeyPrefix: string }[] = [
  { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], partitionKeyPrefix: IMPORT_JOB_PK_PREFIX },
  { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], partitionKeyPrefix: `${communityKeys.kind}#` },
  { actions: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem'], partitionKeyPrefix: 'INCIDENT#' },
  { actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'], partitionKeyPrefix: IMPORT_PENDING_PK_PREFIX },
  { actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'], partitionKeyPrefix: 'INCIDENT_EXTERNAL#' },
  { actions: ['dynamodb:UpdateItem'], partitionKeyPrefix: counterKeyFormat.incidentPrefix },
  { actions: ['dynamodb:UpdateItem'], partitionKeyPrefix: communityFigureKeys.prefix },
  { actions: ['dynamodb:PutItem'], partitionKeyPrefix: AUDIT_PK_PREFIX },
];
/** The file guard is the GraphQL function's alone: the job never touches it. */
export const IMPORT_JOB_UNTOUCHED_PREFIXES = [IMPORT_FILE_GUARD_PK_PREFIX] as const;

/**
 * Two retries (Lambda's, after about 1 and 3 minutes: the second resumes a run that died, see
 * below), an hour in Lambda's queue at most; an upload whose event still fails goes to the
 * failed-invocation queue, its S3 notification under requestPayload.
 */
export const IMPORT_JOB_ASYNC_POLICY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const satisfies AsyncFailurePolicy;

export interface ImportJobProps {
  readonly table: PlatformTable;
  readonly evidence: EvidenceStore;
  readonly failures: FailureQueue;
}

/**
 * The incident import job: a Lambda function of its own, run by the bucket's ObjectCreated on
 * imports/ (the GraphQL function only signs the upload; exceljs and the CSV parser live in this
 * bundle). 1024 MB (a 20 MiB workbook is read whole), 5 minutes (100,000 rows in batches of 200).
 * Lambda retries a failed event twice (after 1 and 3 minutes): a run that died has written no
 * progress for IMPORT_STALE_MS (2 minutes) by the second, which resumes it.
 */
export class ImportJob extends Construct {
  readonly function: PlatformFunction;

  constructor(scope: Construct, id: string, props: ImportJobProps) {
    super(scope, id);
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/incident/import-job-handler.ts',
      serviceName: SERVICE_NAMES.importJob,
      description: 'Safe Community incident import job: imports each uploaded CSV or XLSX under imports/ through the import path of npm run import',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: { DEPLOYMENT_STAGE: 'prod' },
    });
    for (const grant of IMPORT_JOB_TABLE_GRANTS) props.table.connectItems(this.function, grant);
    props.evidence.connectImportJob(this.function);
    props.failures.connect(this.function, IMPORT_JOB_ASYNC_POLICY);
  }
}

