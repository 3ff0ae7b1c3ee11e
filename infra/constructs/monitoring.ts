import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { INTERNAL_SERVER_ERROR_CODE, METRIC_DIMENSIONS, METRIC_NAMES, METRICS_NAMESPACE, SERVICE_NAMES, type ServiceName } from '#infra/metric-names.ts';
import type { FailureQueue } from './failure-queue.ts';
import type { PlatformFunction } from './platform-function.ts';
import type { PlatformTable } from './platform-table.ts';

/** Every alarm's and figure's period: five minutes, CloudWatch's standard resolution for these metrics. */
export const MONITORING_PERIOD = Duration.minutes(5);

/** The DynamoDB operations the functions send (functions/core/db/, the jobs): ThrottledRequests and SystemErrors carry one of these as `Operation`. */
export const TABLE_OPERATIONS = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'] as const;

/** The INTERNAL_SERVER_ERROR share is judged only over five minutes with at least this many requests: two errors in three requests is not an incident. */
export const INTERNAL_ERROR_SHARE_MIN_REQUESTS = 20;

/**
 * The alarms, by construct id: what each watches, its threshold, and over how many five-minute
 * periods (`datapoints` of `periods` must breach). README "Alarms" is this table.
 */
export const ALARMS = {
  GraphqlErrors: { threshold: 5, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1, datapoints: 1, missing: TreatMissingData.NOT_BREACHING },
  GraphqlThrottles: { threshold: 5, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1, datapoints: 1, missing: TreatMissingData.NOT_BREACHING },
  GraphqlLatencyP99: { threshold: 3000, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD, periods: 3, datapoints: 2, missing: TreatMissingData.NOT_BREACHING },
  GraphqlInternalErrorShare: { threshold: 1, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD, periods: 3, datapoints: 2, missing: TreatMissingData.NOT_BREACHING },
  Api5xx: { threshold: 5, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1, datapoints: 1, missing: TreatMissingData.NOT_BREACHING },
  EvidenceProcessorErrors: { threshold: 1, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1, datapoints: 1, missing: TreatMissingData.NOT_BREACHING },
  // SQS stops publishing a queue's metrics after six hours without activity, messages or not:
  // missing data must keep the alarm where it is (IGNORE), never turn an unread failure OK.
  FailedInvocations: { threshold: 0, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD, periods: 1, datapoints: 1, missing: TreatMissingData.IGNORE },
  TableThrottledRequests: { threshold: 5, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1, datapoints: 1, missing: TreatMissingData.NOT_BREACHING },
  TableSystemErrors: { threshold: 5, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, periods: 1, datapoints: 1, missing: TreatMissingData.NOT_BREACHING },
} as const;
export type AlarmName = keyof typeof ALARMS;

export interface MonitoringProps {
  readonly graphqlFunction: PlatformFunction;
  readonly evidenceProcessor: PlatformFunction;
  /** The other platform functions, whose errors the dashboard shows (the asynchronous ones' failures reach the queue's alarm). */
  readonly jobs: readonly PlatformFunction[];
  readonly httpApi: HttpApi;
  readonly table: PlatformTable;
  readonly failures: FailureQueue;
  /** Subscribed by e-mail to the alarm topic (each must confirm the subscription); none: the topic has no subscriber. */
  readonly alarmEmails: readonly string[];
}

/**
 * The platform's alarms, the SNS topic they notify (on ALARM and on OK) and the dashboard of its
 * main figures. The topic is encrypted with a key of its own, because CloudWatch can publish to
 * an encrypted topic only when the key's policy lets it (the AWS managed SNS key's cannot), and
 * it takes TLS publishes only. Custom figures come from the functions' EMF metrics, whose names
 * are functions/core/metric-names.ts, the module the functions emit them with.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly topicKey: Key;
  readonly alarms: Readonly<Record<AlarmName, Alarm>>;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the Safe Community alarm topic; CloudWatch may use it to publish alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What CloudWatch needs to publish to a topic under a customer managed key (the SNS developer
    // guide's statement for AWS service event sources).
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Safe Community alarms',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    // The topic policy enforceSSL creates replaces SNS's default one: CloudWatch's publish is
    // allowed explicitly, for this account's alarms only.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    for (const address of props.alarmEmails) this.topic.addSubscription(new EmailSubscription(address));

    const graphql = props.graphqlFunction.function;
    const processor = props.evidenceProcessor.function;
    const period = MONITORING_PERIOD;
    const action = new SnsAction(this.topic);

    const requests = customMetric(METRIC_NAMES.requests, SERVICE_NAMES.graphql, {}, 'Requests');
    const internalErrors = customMetric(METRIC_NAMES.errors, SERVICE_NAMES.graphql, { [METRIC_DIMENSIONS.code]: INTERNAL_SERVER_ERROR_CODE }, INTERNAL_SERVER_ERROR_CODE);
    const internalErrorShare = new MathExpression({
      expression: `IF(requests >= ${INTERNAL_ERROR_SHARE_MIN_REQUESTS}, 100 * FILL(internal, 0) / requests, 0)`,
      usingMetrics: { requests, internal: internalErrors },
      label: 'INTERNAL_SERVER_ERROR share of GraphQL requests (%)',
      period,
    });
    const tableThrottles = sumOverOperations(props.table, 'ThrottledRequests', 'throttled');
    const tableSystemErrors = sumOverOperations(props.table, 'SystemErrors', 'system');
    const failedInvocations = props.failures.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period, label: 'Failed invocations waiting' });

    const watched: Record<AlarmName, { metric: IMetric; description: string }> = {
      GraphqlErrors: {
        metric: graphql.metricErrors({ statistic: 'Sum', period }),
        description: 'GraphQL function: 5 or more invocations failed (timeout, crash, init error) in 5 minutes. GraphQL errors answered to a caller are not invocation errors: see GraphqlInternalErrorShare.',
      },
      GraphqlThrottles: {
        metric: graphql.metricThrottles({ statistic: 'Sum', period }),
        description: 'GraphQL function: 5 or more invocations throttled in 5 minutes (its reserved concurrency, -c graphqlReservedConcurrency, is used up); callers got 5xx.',
      },
      GraphqlLatencyP99: {
        metric: graphql.metricDuration({ statistic: 'p99', period }),
        description: 'GraphQL function: p99 duration over 3 s in 2 of the last 3 five-minute periods.',
      },
      GraphqlInternalErrorShare: {
        metric: internalErrorShare,
        description: `GraphQL: over 1 % of requests answered INTERNAL_SERVER_ERROR (metric ${METRICS_NAMESPACE}/${METRIC_NAMES.errors}, code ${INTERNAL_SERVER_ERROR_CODE}, against ${METRIC_NAMES.requests}) in 2 of the last 3 five-minute periods with ${INTERNAL_ERROR_SHARE_MIN_REQUESTS} requests or more.`,
      },
      Api5xx: {
        metric: props.httpApi.metricServerError({ statistic: 'Sum', period }),
        description: 'HTTP API: 5 or more 5xx responses in 5 minutes (the function failed, timed out or was throttled).',
      },
      EvidenceProcessorErrors: {
        metric: processor.metricErrors({ statistic: 'Sum', period }),
        description: 'Evidence processor: an invocation failed; Lambda retries it, and the failed-invocation queue gets it when every attempt failed.',
      },
      FailedInvocations: {
        metric: failedInvocations,
        description: 'Failed-invocation queue: an asynchronous invocation (evidence processor, import job, review pack, reminders) failed every attempt; its event waits there for a redrive (README, "Failed invocations").',
      },
      TableThrottledRequests: {
        metric: tableThrottles,
        description: 'DynamoDB table: 5 or more requests throttled in 5 minutes, all operations together.',
      },
      TableSystemErrors: {
        metric: tableSystemErrors,
        description: 'DynamoDB table: 5 or more requests failed with a DynamoDB internal error (HTTP 500) in 5 minutes, all operations together.',
      },
    };

    const alarms = {} as Record<AlarmName, Alarm>;
    for (const name of Object.keys(ALARMS) as AlarmName[]) {
      const settings = ALARMS[name];
      const alarm = new Alarm(this, name, {
        metric: watched[name].metric,
        alarmDescription: watched[name].description,
        threshold: settings.threshold,
        comparisonOperator: settings.comparison,
        evaluationPeriods: settings.periods,
        datapointsToAlarm: settings.datapoints,
        treatMissingData: settings.missing,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      alarms[name] = alarm;
    }
    this.alarms = alarms;

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    const ofService = (service: ServiceName) => ({ [METRIC_DIMENSIONS.service]: service });
    const widget = (title: string, left: IMetric[], right: IMetric[] = [], width = 8) => new GraphWidget({ title, left, right, width, height: 6, period });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Safe Community\nGraphQL API, evidence processor, jobs, table. Custom figures: namespace \`${METRICS_NAMESPACE}\`. Failed invocations: README "Failed invocations".`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: Object.values(alarms), width: 24, height: 3 }));
    this.dashboard.addWidgets(
      widget('GraphQL requests', [requests, graphql.metricInvocations({ statistic: 'Sum', period, label: 'Invocations' })], [props.httpApi.metricCount({ statistic: 'Sum', period, label: 'API requests' })]),
      widget('GraphQL errors by code', [search(METRIC_NAMES.errors, ofService(SERVICE_NAMES.graphql), 'Sum')], [internalErrorShare]),
      widget('GraphQL latency (ms)', [
        graphql.metricDuration({ statistic: 'p50', period, label: 'Duration p50' }),
        graphql.metricDuration({ statistic: 'p99', period, label: 'Duration p99' }),
        search(METRIC_NAMES.latency, ofService(SERVICE_NAMES.graphql), 'p99'),
      ]),
    );
    this.dashboard.addWidgets(
      widget('Cold starts by service', [search(METRIC_NAMES.coldStart, {}, 'Sum')]),
      widget('Evidence processed by outcome', [search(METRIC_NAMES.evidenceProcessed, ofService(SERVICE_NAMES.evidenceProcessor), 'Sum')], [
        processor.metricErrors({ statistic: 'Sum', period, label: 'Processor errors' }),
      ]),
      widget('Import rows by outcome', [search(METRIC_NAMES.importRows, ofService(SERVICE_NAMES.importJob), 'Sum')]),
    );
    this.dashboard.addWidgets(
      widget('DynamoDB consumed capacity', [
        props.table.table.metricConsumedReadCapacityUnits({ statistic: 'Sum', period, label: 'Read units' }),
        props.table.table.metricConsumedWriteCapacityUnits({ statistic: 'Sum', period, label: 'Write units' }),
      ]),
      widget('DynamoDB throttles and errors', [tableThrottles, tableSystemErrors], [
        search(METRIC_NAMES.transactionConflictsRetried, {}, 'Sum'),
        search(METRIC_NAMES.transactionConflictsGivenUp, {}, 'Sum'),
      ]),
      widget('Failed invocations (queue depth)', [failedInvocations, props.failures.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period, label: 'Oldest (s)' })]),
    );
    this.dashboard.addWidgets(
      widget(
        'Functions: errors and throttles',
        [props.graphqlFunction, props.evidenceProcessor, ...props.jobs].map((fn) => fn.function.metricErrors({ statistic: 'Sum', period, label: `${fn.serviceName} errors` })),
        [graphql.metricThrottles({ statistic: 'Sum', period, label: 'GraphQL throttles' }), graphql.metric('ConcurrentExecutions', { statistic: 'Maximum', period, label: 'GraphQL concurrency' })],
        12,
      ),
      widget('HTTP API', [props.httpApi.metricClientError({ statistic: 'Sum', period, label: '4xx' }), props.httpApi.metricServerError({ statistic: 'Sum', period, label: '5xx' })], [
        props.httpApi.metricLatency({ statistic: 'p99', period, label: 'Latency p99' }),
      ], 12),
    );
  }
}

/** A custom metric of one service, with exactly the dimensions CloudWatch stores it under. */
function customMetric(metricName: string, service: ServiceName, dimensions: Record<string, string>, label: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [METRIC_DIMENSIONS.service]: service, ...dimensions },
    statistic: 'Sum',
    period: MONITORING_PERIOD,
    label,
  });
}

/**
 * A dashboard SEARCH of the custom namespace: every series of `metricName` whose dimensions
 * include `filter` (one line per error code, outcome, operation or service), whatever other
 * dimensions the emitter adds (Powertools' cold start metric adds function_name).
 */
function search(metricName: string, filter: Record<string, string>, statistic: string): MathExpression {
  const terms = [`Namespace="${METRICS_NAMESPACE}"`, `MetricName="${metricName}"`, ...Object.entries(filter).map(([name, value]) => `${name}="${value}"`)];
  return new MathExpression({
    expression: `SEARCH('${terms.join(' ')}', '${statistic}', ${MONITORING_PERIOD.toSeconds()})`,
    usingMetrics: {},
    label: '',
    period: MONITORING_PERIOD,
  });
}

/**
 * The sum of a table metric over every operation. DynamoDB publishes ThrottledRequests and
 * SystemErrors per operation, and only when there is one: each series is FILLed with 0, or the
 * sum would have no value whenever one operation had none (which is what
 * Table.metricThrottledRequestsForOperations' plain `m1 + m2` does).
 */
function sumOverOperations(table: PlatformTable, metricName: 'ThrottledRequests' | 'SystemErrors', prefix: string): MathExpression {
  const usingMetrics = Object.fromEntries(
    TABLE_OPERATIONS.map((operation) => [
      `${prefix}${operation.toLowerCase()}`,
      new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: table.table.tableName, Operation: operation }, statistic: 'Sum', period: MONITORING_PERIOD }),
    ]),
  );
  return new MathExpression({
    expression: Object.keys(usingMetrics).map((id) => `FILL(${id}, 0)`).join(' + '),
    usingMetrics,
    label: `DynamoDB ${metricName} (all operations)`,
    period: MONITORING_PERIOD,
  });
}
