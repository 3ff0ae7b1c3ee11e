import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_WORKBOOK_FUNCTION_VARIABLE } from '#infra/constructs/export-workbook-function.ts';
import { logicalIdOf } from './iam-replay.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, type SynthesizedApp, synthesizeApp } from './synthesize.ts';

/**
 * The export workbook function as the CDK app synthesizes it (cdk-nag runs in the synthesis and
 * throws on any finding nobody acknowledged): a function of its own that reads and writes nothing,
 * so its role holds its logs and X-Ray alone, invoked by the GraphQL function only, which learns
 * its name in the same call. Its bundle (exceljs inside, none in the GraphQL function's) and cold
 * start are asserted in safe-community-stack.test.ts, which bundles every function once.
 */
let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeApp(SKIP_BUNDLING_CONTEXT);
}, SYNTH_TIMEOUT_MS);

afterAll(() => removeOutdirs());

/** The statements of the policies attached to a role. */
function statementsOf(roleId: string): Record<string, unknown>[] {
  return Object.values(synthesized.template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
}

describe('the export workbook function', () => {
  it('is a function of its own: Node.js 22 on arm64, 1024 MB, 10 seconds (the GraphQL function\'s own limit), no configuration', () => {
    // Prepare
    const { template, stack } = synthesized;

    // Act
    const fn = template.findResources('AWS::Lambda::Function')[logicalIdOf(stack.exportWorkbook.function.function)]!;

    // Assess
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 1024, Timeout: 10, TracingConfig: { Mode: 'Active' } });
    // Only Powertools' names: it reads no table, no bucket, no token (and no NODE_OPTIONS: its maps are read when an error is logged).
    expect(fn.Properties.Environment.Variables).toEqual({
      // Powertools' (tests/infra/monitoring.test.ts): names, not configuration of the workbook.
      POWERTOOLS_SERVICE_NAME: 'export-workbook',
      POWERTOOLS_METRICS_NAMESPACE: 'SafeCommunity',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    expect(fn.Properties.Description).toMatch(/export workbook/);
  });

  it('holds no permission but its log group and X-Ray: no table, no bucket, no other function', () => {
    // Prepare
    const { stack } = synthesized;
    const logGroupArn = { 'Fn::GetAtt': [logicalIdOf(stack.exportWorkbook.function.logGroup), 'Arn'] };

    // Act
    const statements = statementsOf(logicalIdOf(stack.exportWorkbook.function.role));
    const role = synthesized.template.findResources('AWS::IAM::Role')[logicalIdOf(stack.exportWorkbook.function.role)]!;

    // Assess
    const actions = statements.flatMap((statement) => [statement.Action].flat() as string[]).sort();
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    for (const statement of statements) {
      const logs = [statement.Action].flat().some((action) => String(action).startsWith('logs:'));
      expect(statement.Resource).toEqual(logs ? logGroupArn : '*');
    }
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('may be invoked by the GraphQL function alone, which learns its name in the same call; nothing else invokes it', () => {
    // Prepare
    const { template, stack } = synthesized;
    const fnId = logicalIdOf(stack.exportWorkbook.function.function);

    // Act
    const invokers = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy.Properties.PolicyDocument.Statement).includes(`"${fnId}"`));
    const graphql = template.findResources('AWS::Lambda::Function')[logicalIdOf(stack.graphqlFunction.function)]!;
    const resourcePolicies = Object.values(template.findResources('AWS::Lambda::Permission')).filter((permission) => JSON.stringify(permission.Properties.FunctionName).includes(fnId));
    const urls = Object.values(template.findResources('AWS::Lambda::Url')).filter((url) => JSON.stringify(url.Properties).includes(fnId));

    // Assess
    expect(invokers).toHaveLength(1);
    expect(invokers[0]!.Properties.Roles).toEqual([{ Ref: logicalIdOf(stack.graphqlFunction.role) }]);
    // One statement for the functions the GraphQL function invokes (CDK merges them): this one and the review pack's, by ARN, unqualified.
    const invoke = (invokers[0]!.Properties.PolicyDocument.Statement as Record<string, unknown>[]).filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoke.map(({ Effect, Action }) => ({ Effect, Action }))).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction' }]);
    expect([invoke[0]!.Resource].flat()).toEqual(
      expect.arrayContaining([{ 'Fn::GetAtt': [fnId, 'Arn'] }, { 'Fn::GetAtt': [logicalIdOf(stack.reviewPack.function.function), 'Arn'] }]),
    );
    expect([invoke[0]!.Resource].flat()).toHaveLength(2);
    expect(graphql.Properties.Environment.Variables[EXPORT_WORKBOOK_FUNCTION_VARIABLE]).toEqual({ Ref: fnId });
    expect(resourcePolicies).toEqual([]);
    expect(urls).toEqual([]);
  });
});
