import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression, ScheduleTargetInput, ContextAttribute } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  AUDIT_PK_PREFIX,
  communityFigureKeys,
  counterKeyFormat,
  EVIDENCE_PK_PREFIX,
  INSPECTION_SUBJECT_PK_PREFIXES,
  NOTIFICATION_COUNT_PK_PREFIX,
  NOTIFICATION_FEED_PK_PREFIX,
  NOTIFICATION_PK_PREFIX,
} from '#core/db/keys.ts';
import { SERVICE_NAMES } from '#infra/metric-names.ts';
import type { AsyncFailurePolicy, FailureQueue } from './failure-queue.ts';
import { PlatformFunction } from './platform-function.ts';
import type { DynamodbAction, PlatformTable } from './platform-table.ts';

/**
 * What the reminders job (functions/reminders/job.ts) does to the table, item kind by item kind,
 * each limited by partition-key prefix (`dynamodb:LeadingKeys`):
 *   AGG#COMMUNITY#…          BatchGetItem   the communities' months of recorded work (AT_RISK)
 *   NOTIFICATION#…           BatchGetItem   which findings were notified before; PutItem the new ones (attribute_not_exists)
 *   NOTIFICATION_FEED#…      PutItem        a copy per audience
 *   NOTIFICATION_COUNT#…     UpdateItem     the audiences' totals (ADD 1)
 *   EVIDENCE#…               PutItem        an upload that never arrived, EXPIRED (conditioned on its version)
 *   AUDIT#…                  PutItem        the expiry's audit entry (and no update or delete: the table's Deny)
 *   SUPERVISED_UNIT#… HAZARD_SOURCE#…  UpdateItem  a subject's due item (sk INSPECTION_DUE): the due days it counted missed
 *                                                  (`missedThrough`, under its rev); IAM cannot narrow it to the sort key,
 *                                                  the job's code writes that item alone
 *   AGG#CREATION#…           UpdateItem     the missed dues' counters (ADD in_due, in_miss), in the same transaction
 * and Query on the two listing indexes: the communities (gsi1), the pending uploads (gsi1), the
 * radar's designations, the chain's queues, the provinces' hidden dangers awaiting their fix and their inspections due (gsi2). Not the read markers of any caller, no
 * other record, no Scan. tests/infra/reminders-job.test.ts replays a run's calls against it.
 */
export const REMINDERS_TABLE_GRANTS: readonly { readonly actions: readonly DynamodbAction[]; readonly partitionKeyPrefix: string }[] = [
  { actions: ['dynamodb:BatchGetItem'], partitionKeyPrefix: communityFigureKeys.prefix },
  { actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'], partitionKeyPrefix: NOTIFICATION_PK_PREFIX },
  { actions: ['dynamodb:PutItem'], partitionKeyPrefix: NOTIFICATION_FEED_PK_PREFIX },
  { actions: ['dynamodb:UpdateItem'], partitionKeyPrefix: NOTIFICATION_COUNT_PK_PREFIX },
  { actions: ['dynamodb:PutItem'], partitionKeyPrefix: EVIDENCE_PK_PREFIX },
  { actions: ['dynamodb:PutItem'], partitionKeyPrefix: AUDIT_PK_PREFIX },
  ...INSPECTION_SUBJECT_PK_PREFIXES.map((prefix) => ({ actions: ['dynamodb:UpdateItem'] as DynamodbAction[], partitionKeyPrefix: prefix })),
  { actions: ['dynamodb:UpdateItem'], partitionKeyPrefix: counterKeyFormat.creationPrefix },
];
export const REMINDERS_QUERIED_INDEXES = ['gsi1', 'gsi2'] as const;

/** When the job runs: 01:00 in China every day, after the day's midnight, well before office hours. */
export const REMINDERS_SCHEDULE = { hour: '1', minute: '0', timeZone: 'Asia/Shanghai' } as const;

/** The CDK context flag that turns on the e-mail digest: `-c reminderEmail='{"from":"…","to":["…"]}'`. */
export const REMINDER_EMAIL_CONTEXT = 'reminderEmail';

export interface ReminderEmail {
  /** A verified SES identity (an address, or an address at a verified domain). */
  readonly from: string;
  readonly to: readonly string[];
}

/**
 * EventBridge Scheduler invokes the function asynchronously: Lambda retries a failed run twice
 * (the job is idempotent by subject, rule and threshold) within an hour, then puts the event in
 * the failed-invocation queue.
 */
export const REMINDERS_ASYNC_POLICY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const satisfies AsyncFailurePolicy;

export interface RemindersJobProps {
  readonly table: PlatformTable;
  /** Where a run that failed goes: Lambda's destination record, or the scheduler's own dead letter when it could not invoke at all. */
  readonly failures: FailureQueue;
  /** The digest e-mail of each run through SES; none when absent (and never locally). */
  readonly email?: ReminderEmail;
}

/**
 * The daily reminders job: its own Lambda function (no token verification, storage configuration
 * only), an EventBridge Scheduler schedule that invokes it once a day with the scheduled time (a
 * retried invocation judges the same day: the job is idempotent by subject, rule and threshold),
 * retried twice within an hour (the scheduler's delivery, and Lambda's run: REMINDERS_ASYNC_POLICY),
 * its failures in the failed-invocation queue, and the table grants above. With `email`, the function may send
 * from that identity and nothing else of SES.
 */
export class RemindersJob extends Construct {
  readonly function: PlatformFunction;
  readonly schedule: Schedule;
  /** The role EventBridge Scheduler assumes to invoke the function: that alone. */
  readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props: RemindersJobProps) {
    super(scope, id);
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/reminders/handler.ts',
      serviceName: SERVICE_NAMES.reminders,
      description: 'Safe Community reminders: daily notifications of re-reviews due and overdue, communities AT_RISK, applications waiting at a level, uploads that never arrived',
      memorySize: 512,
      // A national table's designations and queues are a few thousand items: minutes at most.
      timeout: Duration.minutes(5),
      environment: { DEPLOYMENT_STAGE: 'prod' },
    });
    for (const grant of REMINDERS_TABLE_GRANTS) props.table.connectItems(this.function, grant);
    this.function.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: REMINDERS_QUERIED_INDEXES.map((name) => `${props.table.table.tableArn}/index/${name}`) }),
    );

    if (props.email) {
      // SES authorizes a send against the identity that verified the sender: the address or its domain.
      const stack = Stack.of(this);
      const domain = props.email.from.slice(props.email.from.lastIndexOf('@') + 1);
      this.function.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [props.email.from, domain].map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
        }),
      );
      this.function.addEnvironment('REMINDER_EMAIL_FROM', props.email.from);
      this.function.addEnvironment('REMINDER_EMAIL_TO', props.email.to.join(','));
    }

    const stack = Stack.of(this);
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `EventBridge Scheduler invokes ${this.function.node.path} with it, and nothing else`,
    });
    this.schedule = new Schedule(this, 'Daily', {
      description: 'Runs the Safe Community reminders job once a day (01:00 China Standard Time)',
      schedule: ScheduleExpression.cron({ ...REMINDERS_SCHEDULE, timeZone: TimeZone.ASIA_SHANGHAI }),
      target: new LambdaInvoke(this.function.function, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        role: this.schedulerRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        // An invocation the scheduler could not deliver (after its retries) lands in the same queue.
        deadLetterQueue: props.failures.queue,
      }),
    });
    // The scheduler's SendMessage to the dead letter queue needs the queue's key as well.
    props.failures.grantSend(this.schedulerRole);
    props.failures.connect(this.function, REMINDERS_ASYNC_POLICY);
    const functionLogicalId = stack.getLogicalId(this.function.function.node.defaultChild as CfnFunction);
    Validations.of(this.schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason: 'aws-cdk-lib grants lambda:InvokeFunction on this one function and its qualified ARNs (versions, aliases: `<arn>:*`); nothing else is granted.',
    });
  }
}

/**
 * The `reminderEmail` context value: a JSON object `{ "from": "reminders@example.gov.cn", "to": ["office@example.gov.cn"] }`
 * (or its string on the command line); absent: no e-mail.
 */
export function readReminderEmail(scope: Construct): ReminderEmail | undefined {
  const raw: unknown = scope.node.tryGetContext(REMINDER_EMAIL_CONTEXT);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { from?: unknown; to?: unknown };
  const address = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
  const to = Array.isArray(value.to) ? value.to : typeof value.to === 'string' ? [value.to] : [];
  if (typeof value.from !== 'string' || !address.test(value.from) || to.length === 0 || !to.every((entry) => typeof entry === 'string' && address.test(entry))) {
    throw new Error(`context "${REMINDER_EMAIL_CONTEXT}" must be {"from": "<address>", "to": ["<address>", …]}`);
  }
  return { from: value.from, to: to as string[] };
}
