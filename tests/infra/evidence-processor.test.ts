import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../infra/constructs/evidence-store.ts';
import { PlatformFunction } from '../../infra/constructs/platform-function.ts';
import { PlatformTable } from '../../infra/constructs/platform-table.ts';
import { cdkJsonContext, newOutdir, removeOutdirs, SYNTH_TIMEOUT_MS } from './synthesize.ts';

/**
 * The evidence processor is not written yet; this proves that wiring one is the three lines the
 * stack's comment shows, and that the result still passes cdk-nag.
 */
describe('wiring an evidence processor', () => {
  let stack: Stack;
  let processor: PlatformFunction;
  let evidence: EvidenceStore;
  let table: PlatformTable;
  let template: Template;

  beforeAll(() => {
    // Prepare
    const app = new App({ outdir: newOutdir(), context: cdkJsonContext() });
    stack = new Stack(app, 'EvidenceProcessorProbe');
    table = new PlatformTable(stack, 'Data');
    evidence = new EvidenceStore(stack, 'Evidence', { partnerOrigins: ['https://partner.example'] });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    processor = new PlatformFunction(stack, 'EvidenceProcessor', {
      entry: 'tests/infra/fixtures/s3-event-handler.ts',
      description: 'Evidence processor probe',
    });
    table.connect(processor);
    evidence.connectProcessor(processor);
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  afterAll(removeOutdirs);

  it('runs the processor on every ObjectCreated event of the evidence bucket', () => {
    // Prepare
    const functionId = stack.getLogicalId(processor.function.node.defaultChild as never);
    const bucketId = stack.getLogicalId(evidence.bucket.node.defaultChild as never);

    // Act
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'));

    // Assess
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.Properties.BucketName).toEqual({ Ref: bucketId });
    expect(notifications[0]?.Properties.NotificationConfiguration.LambdaFunctionConfigurations).toEqual([
      { Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] } },
    ]);
  });

  it('gives the processor the table and bucket names with read access to evidence objects', () => {
    // Prepare
    const functionId = stack.getLogicalId(processor.function.node.defaultChild as never);
    const bucketId = stack.getLogicalId(evidence.bucket.node.defaultChild as never);

    // Act
    const fn = template.toJSON().Resources[functionId];

    // Assess
    expect(fn.Properties.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: stack.getLogicalId(table.table.node.defaultChild as never) },
      EVIDENCE_BUCKET: { Ref: bucketId },
    });
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] } },
        ]),
      },
    });
  });

  it('passes cdk-nag, CDK\'s own notification handler included', () => {
    // Prepare
    const pack = new AwsSolutionsChecks();

    // Act
    const report = pack.validateScope(stack);

    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
