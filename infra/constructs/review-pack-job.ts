import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AUDIT_PK_PREFIX, communityKeys, REVIEW_PACK_GUARD_PK_PREFIX, REVIEW_PACK_PK_PREFIX, SHEET_PK_PREFIX } from '#core/db/keys.ts';
import type { EvidenceStore } from './evidence-store.ts';
import type { AsyncFailurePolicy, FailureQueue } from './failure-queue.ts';
import { SERVICE_NAMES } from '#infra/metric-names.ts';
import { PlatformFunction } from './platform-function.ts';
import type { DynamodbAction, PlatformTable } from './platform-table.ts';

/**
 * What the review pack's job (functions/review-pack/job.ts) does to the table, each limited by
 * partition-key prefix (`dynamodb:LeadingKeys`):
 *   REVIEW_PACK#…           GetItem (the pack, consistently), PutItem (RUNNING, DONE, FAILED under its version), UpdateItem (progress)
 *   REVIEW_PACK_RUNNING#…   GetItem (who holds the guard), DeleteItem (its release, conditioned on the holder)
 *   COMMUNITY#…             BatchGetItem (the community's name and region)
 *   SHEET#…                 GetItem (a published scoring sheet, for a self-assessment made on one)
 *   AUDIT#…                 PutItem (the entries of its state changes; the table's Deny forbids any update or delete)
 * and Query on gsi2 (the community's archive) and gsi1 (its assessments). No other record, no Scan.
 * tests/infra/review-pack-job.test.ts replays a pack's calls against the synthesized role.
 */
export const REVIEW_PACK_TABLE_GRANTS: readonly { readonly actions: readonly DynamodbAction[]; readonly partitionKeyPrefix: string }[] = [
  { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], partitionKeyPrefix: REVIEW_PACK_PK_PREFIX },
  { actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem'], partitionKeyPrefix: REVIEW_PACK_GUARD_PK_PREFIX },
  { actions: ['dynamodb:BatchGetItem'], partitionKeyPrefix: `${communityKeys.kind}#` },
  { actions: ['dynamodb:GetItem'], partitionKeyPrefix: SHEET_PK_PREFIX },
  { actions: ['dynamodb:PutItem'], partitionKeyPrefix: AUDIT_PK_PREFIX },
];
export const REVIEW_PACK_QUERIED_INDEXES = ['gsi1', 'gsi2'] as const;

/** The variable through which the GraphQL function learns the job function's name (functions/core/config.ts). */
export const REVIEW_PACK_FUNCTION_VARIABLE = 'REVIEW_PACK_FUNCTION';

/** How long an asynchronous invocation may wait in Lambda's queue: well inside the pack's 30-minute lease (REVIEW_PACK_LEASE_MS). */
export const REVIEW_PACK_MAX_EVENT_AGE = Duration.minutes(10);

/**
 * No retry (the job records its own failures, and the pack's lease lets a new request through when
 * the job died), ten minutes in Lambda's queue at most; an invocation that failed or outwaited it
 * goes to the failed-invocation queue.
 */
export const REVIEW_PACK_ASYNC_POLICY = { retryAttempts: 0, maxEventAge: REVIEW_PACK_MAX_EVENT_AGE } as const satisfies AsyncFailurePolicy;

export interface ReviewPackJobProps {
  readonly table: PlatformTable;
  readonly evidence: EvidenceStore;
  /** Where an invocation that failed goes (its record carries the `{ packId }` it was invoked with). */
  readonly failures: FailureQueue;
}

/**
 * The review pack's job: a Lambda function of its own, invoked asynchronously by the GraphQL
 * function with `{ packId }`. 1024 MB for the network and CPU that Lambda gives with memory (the
 * job itself stays under 256 MiB: parts of 8 MiB, two in flight, and no source map parsed at start, as no function does), 15 minutes (a gigabyte takes
 * well under one). No retry of a failed invocation: the job records its own failures, and the
 * pack's lease lets a new request through when the job died. Grants: above, and the bucket's
 * evidence/ read and exports/ write (EvidenceStore.connectPackBuilder).
 */
export class ReviewPackJob extends Construct {
  readonly function: PlatformFunction;

  constructor(scope: Construct, id: string, props: ReviewPackJobProps) {
    super(scope, id);
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/review-pack/handler.ts',
      serviceName: SERVICE_NAMES.reviewPack,
      description: 'Safe Community review pack: streams a community\'s archive into one ZIP under exports/ with its index workbook',
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: { DEPLOYMENT_STAGE: 'prod' },
    });
    for (const grant of REVIEW_PACK_TABLE_GRANTS) props.table.connectItems(this.function, grant);
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: REVIEW_PACK_QUERIED_INDEXES.map((name) => `${props.table.table.tableArn}/index/${name}`) }),
    );
    props.evidence.connectPackBuilder(this.function);
    props.failures.connect(this.function, REVIEW_PACK_ASYNC_POLICY);
  }

  /**
   * For the function that requests packs (the GraphQL function): lambda:InvokeFunction on this
   * function's own ARN, no qualifier, nothing else, and its name in REVIEW_PACK_FUNCTION, in one
   * call so the variable and the permission cannot drift apart.
   */
  connectRequester(fn: PlatformFunction): void {
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.function.functionArn] }));
    fn.addEnvironment(REVIEW_PACK_FUNCTION_VARIABLE, this.function.function.functionName);
  }
}
