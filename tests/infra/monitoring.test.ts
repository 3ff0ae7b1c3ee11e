import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_SERVER_ERROR_CODE, METRICS_NAMESPACE, SERVICE_NAMES } from '#core/metric-names.ts';
import { FAILURE_RETENTION } from '#infra/constructs/failure-queue.ts';
import { IMPORT_JOB_ASYNC_POLICY } from '#infra/constructs/import-job.ts';
import { ALARMS, type AlarmName, TABLE_OPERATIONS } from '#infra/constructs/monitoring.ts';
import { REMINDERS_ASYNC_POLICY } from '#infra/constructs/reminders-job.ts';
import { REVIEW_PACK_ASYNC_POLICY } from '#infra/constructs/review-pack-job.ts';
import { DEFAULT_API_BURST_LIMIT, DEFAULT_API_RATE_LIMIT, DEFAULT_GRAPHQL_RESERVED_CONCURRENCY } from '#infra/operations-context.ts';
import { EVIDENCE_PROCESSOR_ASYNC_POLICY, type SafeCommunityStack } from '#infra/stacks/safe-community-stack.ts';
import { logicalIdOf } from './iam-replay.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, type SynthesizedApp, synthesizeApp } from './synthesize.ts';

/**
 * Issue 14's alarms and failure paths as the CDK app synthesizes them (cdk-nag runs in each
 * synthesis and throws on any finding nobody acknowledged): the alarm topic and its e-mail
 * subscription from context, each alarm (metric, threshold, action), the dashboard, the failed
 * invocation queue and every asynchronously invoked function's destination, retries and maximum
 * age, the grants they need, tracing and the Powertools variables, and the burst protection.
 * Bundling is skipped: safe-community-stack.test.ts synthesizes with it.
 */

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

let plain: SynthesizedApp;
let tuned: SynthesizedApp;
let resources: Record<string, Resource>;

beforeAll(() => {
  // Prepare + Act (shared): the app as deployed by default, and with every operational context value given.
  plain = synthesizeApp(SKIP_BUNDLING_CONTEXT);
  resources = plain.template.toJSON().Resources as Record<string, Resource>;
  tuned = synthesizeApp({
    ...SKIP_BUNDLING_CONTEXT,
    alarmEmail: 'ops@example.org,duty@example.org',
    apiRateLimit: '40',
    apiBurstLimit: 80,
    graphqlReservedConcurrency: '25',
    logLevel: 'debug',
  });
}, 2 * SYNTH_TIMEOUT_MS);

afterAll(removeOutdirs);

function ofType(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

function alarmOf(stack: SafeCommunityStack, name: AlarmName): Resource {
  const alarm = resources[logicalIdOf(stack.monitoring.alarms[name])];
  if (!alarm) throw new Error(`no alarm ${name}`);
  return alarm;
}

function ref(construct: IConstruct): { Ref: string } {
  return { Ref: logicalIdOf(construct) };
}

function arn(construct: IConstruct): { 'Fn::GetAtt': [string, string] } {
  return { 'Fn::GetAtt': [logicalIdOf(construct), 'Arn'] };
}

/** The statements of the policies attached to a role. */
function statementsOf(template: Template, role: IConstruct): Record<string, any>[] {
  const roleRef = JSON.stringify([ref(role)]);
  return Object.values(ofType(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === roleRef)
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);
}

describe('the alarm topic', () => {
  it('is encrypted with a rotated key of its own that CloudWatch may use, and takes TLS publishes only, CloudWatch\'s of this account allowed', () => {
    // Prepare
    const { stack, template } = plain;
    const topic = resources[logicalIdOf(stack.monitoring.topic)]!;
    const key = resources[logicalIdOf(stack.monitoring.topicKey)]!;

    // Act
    const policies = Object.values(ofType(template, 'AWS::SNS::TopicPolicy')).filter((policy) => JSON.stringify(policy.Properties.Topics) === JSON.stringify([ref(stack.monitoring.topic)]));
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, any>[]);

    // Assess
    expect(topic.Properties.KmsMasterKeyId).toEqual(arn(stack.monitoring.topicKey));
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] } },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      }),
    );
  });

  it('has no subscription without -c alarmEmail, and one e-mail subscription per address given', () => {
    // Act
    const none = ofType(plain.template, 'AWS::SNS::Subscription');
    const given = Object.values(ofType(tuned.template, 'AWS::SNS::Subscription')).map((subscription) => subscription.Properties);

    // Assess
    expect(none).toEqual({});
    const topicRef = ref(tuned.stack.monitoring.topic);
    expect(given).toEqual([
      { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: topicRef },
      { Protocol: 'email', Endpoint: 'duty@example.org', TopicArn: topicRef },
    ]);
  });

  it('refuses an alarmEmail that is not an address', () => {
    expect(() => synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, alarmEmail: 'ops at example.org' })).toThrow(/context "alarmEmail": "ops at example.org" is not an e-mail address/);
  });
});

describe('the alarms', () => {
  it('are the nine of the issue, each notifying the topic on ALARM and on OK, with its threshold and periods', () => {
    // Prepare
    const { stack, template } = plain;
    const topicRef = ref(stack.monitoring.topic);

    // Act
    const alarms = Object.values(ofType(template, 'AWS::CloudWatch::Alarm'));

    // Assess
    expect(alarms).toHaveLength(9);
    for (const name of Object.keys(ALARMS) as AlarmName[]) {
      const { Properties: properties } = alarmOf(stack, name);
      expect({ name, ...properties }).toMatchObject({
        name,
        AlarmActions: [topicRef],
        OKActions: [topicRef],
        Threshold: ALARMS[name].threshold,
        ComparisonOperator: ALARMS[name].comparison,
        EvaluationPeriods: ALARMS[name].periods,
        DatapointsToAlarm: ALARMS[name].datapoints,
        TreatMissingData: ALARMS[name].missing,
      });
      expect(String(properties.AlarmDescription).length).toBeGreaterThan(40);
    }
  });

  it('watch the GraphQL function\'s Errors (≥ 5), Throttles (≥ 5) and p99 Duration (> 3 s in 2 of 3 periods), over 5 minutes', () => {
    // Prepare
    const { stack } = plain;
    const dimensions = [{ Name: 'FunctionName', Value: ref(stack.graphqlFunction.function) }];

    // Act
    const errors = alarmOf(stack, 'GraphqlErrors').Properties;
    const throttles = alarmOf(stack, 'GraphqlThrottles').Properties;
    const latency = alarmOf(stack, 'GraphqlLatencyP99').Properties;

    // Assess
    expect(errors).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: dimensions, Statistic: 'Sum', Period: 300, Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(throttles).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: dimensions, Statistic: 'Sum', Period: 300, Threshold: 5 });
    expect(latency).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: dimensions,
      ExtendedStatistic: 'p99',
      Period: 300,
      Threshold: 3000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  it('watch the share of INTERNAL_SERVER_ERROR answers: metric math over the EMF Errors (code) and Requests of the graphql service', () => {
    // Prepare
    const { stack } = plain;

    // Act
    const { Metrics: metrics, ...alarm } = alarmOf(stack, 'GraphqlInternalErrorShare').Properties;
    const byId = Object.fromEntries((metrics as Record<string, any>[]).map((metric) => [metric.Id, metric]));

    // Assess
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
    const expression = (metrics as Record<string, any>[]).find((metric) => metric.Expression);
    expect(expression).toMatchObject({ Expression: 'IF(requests >= 20, 100 * FILL(internal, 0) / requests, 0)', ReturnData: true });
    expect(byId.requests).toEqual({
      Id: 'requests',
      Label: 'Requests',
      MetricStat: { Metric: { Namespace: METRICS_NAMESPACE, MetricName: 'Requests', Dimensions: [{ Name: 'service', Value: SERVICE_NAMES.graphql }] }, Period: 300, Stat: 'Sum' },
      ReturnData: false,
    });
    expect(byId.internal).toEqual({
      Id: 'internal',
      Label: INTERNAL_SERVER_ERROR_CODE,
      MetricStat: {
        Metric: {
          Namespace: 'SafeCommunity',
          MetricName: 'Errors',
          Dimensions: [
            { Name: 'code', Value: 'INTERNAL_SERVER_ERROR' },
            { Name: 'service', Value: 'graphql' },
          ],
        },
        Period: 300,
        Stat: 'Sum',
      },
      ReturnData: false,
    });
  });

  it('watch the HTTP API\'s 5xx (≥ 5) and the evidence processor\'s Errors (≥ 1), over 5 minutes', () => {
    // Prepare
    const { stack } = plain;

    // Act
    const api = alarmOf(stack, 'Api5xx').Properties;
    const processor = alarmOf(stack, 'EvidenceProcessorErrors').Properties;

    // Assess
    expect(api).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: ref(stack.api.httpApi) }], Statistic: 'Sum', Period: 300, Threshold: 5 });
    expect(processor).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(stack.evidenceProcessor.function) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire on the first failed invocation in the queue, and missing data (an idle queue\'s metrics stop) leaves the state as it is', () => {
    // Prepare
    const { stack } = plain;

    // Act
    const alarm = alarmOf(stack, 'FailedInvocations').Properties;

    // Assess
    expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'ignore' });
    expect(alarm.Metrics).toEqual([
      expect.objectContaining({
        MetricStat: {
          Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack.failures.queue), 'QueueName'] } }] },
          Period: 300,
          Stat: 'Maximum',
        },
        ReturnData: true,
      }),
    ]);
  });

  it('watch the table\'s ThrottledRequests and SystemErrors summed over every operation the code sends, each series FILLed with 0', () => {
    // Prepare
    const { stack } = plain;
    const tableRef = ref(stack.table.table);

    for (const [name, metricName] of [
      ['TableThrottledRequests', 'ThrottledRequests'],
      ['TableSystemErrors', 'SystemErrors'],
    ] as const) {
      // Act
      const alarm = alarmOf(stack, name).Properties;
      const metrics = alarm.Metrics as Record<string, any>[];
      const expression = metrics.find((metric) => metric.Expression);
      const series = metrics.filter((metric) => metric.MetricStat);

      // Assess
      expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      expect(series.map((metric) => metric.MetricStat)).toEqual(
        TABLE_OPERATIONS.map((operation) => ({
          Metric: { Namespace: 'AWS/DynamoDB', MetricName: metricName, Dimensions: [{ Name: 'Operation', Value: operation }, { Name: 'TableName', Value: tableRef }] },
          Period: 300,
          Stat: 'Sum',
        })),
      );
      expect(expression?.Expression).toBe(series.map((metric) => `FILL(${metric.Id}, 0)`).join(' + '));
      expect(expression?.ReturnData).toBe(true);
    }
  });
});

describe('the dashboard', () => {
  it('shows the alarms and the main figures: requests, errors by code, latency, cold starts, outcomes, import rows, the table, the queue', () => {
    // Prepare
    const { stack } = plain;
    const dashboard = resources[logicalIdOf(stack.monitoring.dashboard)]!;

    // Act
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    const titles = [...body.matchAll(/\\"title\\":\\"([^\\]+)\\"/g)].map((match) => match[1]);

    // Assess
    expect(titles).toEqual([
      'Alarms',
      'GraphQL requests',
      'GraphQL errors by code',
      'GraphQL latency (ms)',
      'Cold starts by service',
      'Evidence processed by outcome',
      'Import rows by outcome',
      'DynamoDB consumed capacity',
      'DynamoDB throttles and errors',
      'Failed invocations (queue depth)',
      'Functions: errors and throttles',
      'HTTP API',
    ]);
    for (const alarm of Object.values(stack.monitoring.alarms)) expect(body).toContain(logicalIdOf(alarm));
    for (const search of [
      String.raw`SEARCH('Namespace=\\\"SafeCommunity\\\" MetricName=\\\"Errors\\\" service=\\\"graphql\\\"', 'Sum', 300)`,
      String.raw`SEARCH('Namespace=\\\"SafeCommunity\\\" MetricName=\\\"Latency\\\" service=\\\"graphql\\\"', 'p99', 300)`,
      String.raw`SEARCH('Namespace=\\\"SafeCommunity\\\" MetricName=\\\"ColdStart\\\"', 'Sum', 300)`,
      String.raw`SEARCH('Namespace=\\\"SafeCommunity\\\" MetricName=\\\"EvidenceProcessed\\\" service=\\\"evidence-processor\\\"', 'Sum', 300)`,
      String.raw`SEARCH('Namespace=\\\"SafeCommunity\\\" MetricName=\\\"ImportRows\\\" service=\\\"import-job\\\"', 'Sum', 300)`,
      String.raw`SEARCH('Namespace=\\\"SafeCommunity\\\" MetricName=\\\"TransactionConflictsRetried\\\"', 'Sum', 300)`,
    ]) {
      expect(body).toContain(search);
    }
    for (const figure of ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ApproximateNumberOfMessagesVisible', 'Duration', '\\"p50\\"', '\\"p99\\"']) expect(body).toContain(figure);
  });
});

describe('the failed-invocation queue', () => {
  it('is encrypted with a rotated key of its own, keeps messages 14 days and refuses requests without TLS', () => {
    // Prepare
    const { stack, template } = plain;
    const queue = resources[logicalIdOf(stack.failures.queue)]!;
    const key = resources[logicalIdOf(stack.failures.key)]!;

    // Act
    const policies = Object.values(ofType(template, 'AWS::SQS::QueuePolicy')).filter((policy) => JSON.stringify(policy.Properties.Queues) === JSON.stringify([ref(stack.failures.queue)]));

    // Assess
    expect(Object.keys(ofType(template, 'AWS::SQS::Queue'))).toEqual([logicalIdOf(stack.failures.queue)]);
    expect(queue.Properties).toMatchObject({ KmsMasterKeyId: arn(stack.failures.key), MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(FAILURE_RETENTION.toSeconds()).toBe(1_209_600);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement)).toEqual([
      { Effect: 'Deny', Action: 'sqs:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: arn(stack.failures.queue) },
    ]);
  });

  it('is the on-failure destination of every asynchronously invoked function, with explicit retries and maximum event age', () => {
    // Prepare
    const { stack, template } = plain;
    const expected = [
      [stack.evidenceProcessor, EVIDENCE_PROCESSOR_ASYNC_POLICY, 2, 6 * 3600],
      [stack.importJob.function, IMPORT_JOB_ASYNC_POLICY, 2, 3600],
      [stack.reviewPack.function, REVIEW_PACK_ASYNC_POLICY, 0, 600],
      [stack.reminders.function, REMINDERS_ASYNC_POLICY, 2, 3600],
    ] as const;

    // Act
    const configs = Object.values(ofType(template, 'AWS::Lambda::EventInvokeConfig')).map((config) => config.Properties);

    // Assess: exactly these four, none for the synchronously invoked GraphQL and workbook functions.
    expect(configs).toHaveLength(expected.length);
    for (const [fn, policy, retries, maxAge] of expected) {
      expect(policy.retryAttempts).toBe(retries);
      expect(policy.maxEventAge.toSeconds()).toBe(maxAge);
      expect(configs).toContainEqual({
        FunctionName: ref(fn.function),
        Qualifier: '$LATEST',
        MaximumRetryAttempts: retries,
        MaximumEventAgeInSeconds: maxAge,
        DestinationConfig: { OnFailure: { Destination: arn(stack.failures.queue) } },
      });
    }
  });

  it('may be sent to by each of those functions\' roles: sqs:SendMessage on the queue and GenerateDataKey, Decrypt on its key, nothing more', () => {
    // Prepare
    const { stack, template } = plain;
    const senders = [stack.evidenceProcessor, stack.importJob.function, stack.reviewPack.function, stack.reminders.function];

    for (const fn of senders) {
      // Act
      const statements = statementsOf(template, fn.role);
      const touching = statements.filter((statement) => /sqs:|kms:/.test(JSON.stringify(statement.Action)));

      // Assess
      expect(touching).toEqual([
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(stack.failures.queue) },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: arn(stack.failures.key) },
      ]);
    }
    // The functions invoked synchronously send nothing there.
    for (const fn of [stack.graphqlFunction, stack.exportWorkbook.function]) {
      expect(statementsOf(template, fn.role).filter((statement) => /sqs:|kms:/.test(JSON.stringify(statement.Action)))).toEqual([]);
    }
  });

  it('takes the reminders schedule\'s own dead letters (an invocation the scheduler could not deliver), the scheduler role holding the key too', () => {
    // Prepare
    const { stack, template } = plain;

    // Act
    const schedule = Object.values(ofType(template, 'AWS::Scheduler::Schedule'))[0]!;
    const statements = statementsOf(template, stack.reminders.schedulerRole);

    // Assess
    expect(schedule.Properties.Target.DeadLetterConfig).toEqual({ Arn: arn(stack.failures.queue) });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(stack.failures.queue) });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: arn(stack.failures.key) });
  });
});

describe('tracing and the Powertools variables', () => {
  it('gives every platform function X-Ray active tracing, its service name, the metrics namespace and the log level', () => {
    // Prepare
    const { stack } = plain;
    const functions = [
      [stack.graphqlFunction, SERVICE_NAMES.graphql],
      [stack.evidenceProcessor, SERVICE_NAMES.evidenceProcessor],
      [stack.importJob.function, SERVICE_NAMES.importJob],
      [stack.reviewPack.function, SERVICE_NAMES.reviewPack],
      [stack.reminders.function, SERVICE_NAMES.reminders],
      [stack.exportWorkbook.function, SERVICE_NAMES.exportWorkbook],
    ] as const;

    for (const [fn, service] of functions) {
      // Act
      const properties = resources[logicalIdOf(fn.function)]!.Properties;

      // Assess
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: service, POWERTOOLS_METRICS_NAMESPACE: 'SafeCommunity', POWERTOOLS_LOG_LEVEL: 'INFO' });
    }
    // Every function of the app that is a platform function (the one left is aws-cdk-lib's bucket notification handler).
    const platform = Object.values(ofType(plain.template, 'AWS::Lambda::Function')).filter((fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
    expect(platform).toHaveLength(functions.length);
  });

  it('takes the log level from -c logLevel, and refuses one Powertools does not know', () => {
    // Act
    const variables = Object.values(ofType(tuned.template, 'AWS::Lambda::Function')).flatMap((fn) => (fn.Properties.Environment ? [fn.Properties.Environment.Variables] : []));

    // Assess
    expect(variables.length).toBeGreaterThan(0);
    for (const set of variables) expect(set.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    expect(() => synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, logLevel: 'LOUD' })).toThrow(/context "logLevel" must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT/);
  });
});

describe('burst protection', () => {
  it('throttles the $default stage and reserves (and caps) the GraphQL function\'s concurrency, by default', () => {
    // Prepare
    const { stack, template } = plain;

    // Act
    const stage = Object.values(ofType(template, 'AWS::ApiGatewayV2::Stage'))[0]!;
    const graphql = resources[logicalIdOf(stack.graphqlFunction.function)]!;
    const others = Object.values(ofType(template, 'AWS::Lambda::Function')).filter((fn) => fn !== graphql && fn.Properties.ReservedConcurrentExecutions !== undefined);

    // Assess
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: DEFAULT_API_RATE_LIMIT, ThrottlingBurstLimit: DEFAULT_API_BURST_LIMIT });
    expect([DEFAULT_API_RATE_LIMIT, DEFAULT_API_BURST_LIMIT, DEFAULT_GRAPHQL_RESERVED_CONCURRENCY]).toEqual([100, 200, 50]);
    expect(graphql.Properties.ReservedConcurrentExecutions).toBe(DEFAULT_GRAPHQL_RESERVED_CONCURRENCY);
    expect(others).toEqual([]);
  });

  it('takes the limits from context (-c apiRateLimit, -c apiBurstLimit, -c graphqlReservedConcurrency), `none` for no reservation', () => {
    // Act
    const stage = Object.values(ofType(tuned.template, 'AWS::ApiGatewayV2::Stage'))[0]!;
    const graphql = tuned.template.toJSON().Resources[logicalIdOf(tuned.stack.graphqlFunction.function)];
    const unreserved = synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, graphqlReservedConcurrency: 'none' });
    const unreservedFn = unreserved.template.toJSON().Resources[logicalIdOf(unreserved.stack.graphqlFunction.function)];

    // Assess
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 40, ThrottlingBurstLimit: 80 });
    expect(graphql.Properties.ReservedConcurrentExecutions).toBe(25);
    expect(unreservedFn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  }, SYNTH_TIMEOUT_MS);

  it('refuses limits that are not positive integers', () => {
    expect(() => synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, apiRateLimit: '-1' })).toThrow(/context "apiRateLimit" must be an integer from 1 to 10000/);
    expect(() => synthesizeApp({ ...SKIP_BUNDLING_CONTEXT, graphqlReservedConcurrency: 'lots' })).toThrow(/context "graphqlReservedConcurrency" must be an integer from 1 to 10000 or "none"/);
  });
});

describe('outputs', () => {
  it('publish the alarm topic, the failed-invocation queue and the dashboard', () => {
    const outputs = plain.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.AlarmTopicArn?.Value).toEqual(ref(plain.stack.monitoring.topic));
    expect(outputs.FailedInvocationsQueueUrl?.Value).toEqual(ref(plain.stack.failures.queue));
    expect(outputs.DashboardName?.Value).toEqual(ref(plain.stack.monitoring.dashboard));
  });
});
