import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_OBJECT_PREFIX, EXPORT_OBJECT_PREFIX, IMPORT_OBJECT_PREFIX } from '#core/db/keys.ts';
import { removeOutdirs, SKIP_BUNDLING_CONTEXT, SYNTH_TIMEOUT_MS, type SynthesizedApp, synthesizeApp } from './synthesize.ts';

/**
 * Where aggregate exports live in the synthesized app: under exports/ in the evidence bucket, deleted
 * a day after they are made (their noncurrent versions too, on this versioned bucket), reachable by
 * the GraphQL function alone (PutObject to write one, GetObject for the link it signs), and outside
 * the processor's notification, which stays on evidence/.
 */
type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let synthesized: SynthesizedApp;
let resources: Record<string, Resource>;

function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}

function statementsOf(role: IConstruct): Statement[] {
  const roleId = logicalIdOf(role);
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

function objectsArn(suffix: string): unknown {
  return { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(synthesized.stack.evidence.bucket), 'Arn'] }, `/${suffix}`]] };
}

beforeAll(() => {
  // Synthesis runs the cdk-nag AwsSolutions pack and throws on any finding nobody acknowledged.
  synthesized = synthesizeApp(SKIP_BUNDLING_CONTEXT);
  resources = synthesized.template.toJSON().Resources as Record<string, Resource>;
}, SYNTH_TIMEOUT_MS);

afterAll(removeOutdirs);

describe('aggregate exports in the evidence bucket', () => {
  it('are deleted a day after they are made, noncurrent versions included, and no lifecycle rule touches evidence (import uploads go after a week)', () => {
    // Prepare
    const bucket = resources[logicalIdOf(synthesized.stack.evidence.bucket)]!;

    // Act
    const rules = bucket.Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];

    // Assess
    expect(EXPORT_OBJECT_PREFIX).toBe('exports/');
    expect(rules).toContainEqual({
      Id: 'expire-exports',
      Prefix: EXPORT_OBJECT_PREFIX,
      Status: 'Enabled',
      ExpirationInDays: 1,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      // A review pack whose job died mid-way (its Lambda timed out) left its multipart upload open.
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
    expect(rules).toContainEqual({ Id: 'remove-expired-export-markers', Prefix: EXPORT_OBJECT_PREFIX, Status: 'Enabled', ExpiredObjectDeleteMarker: true });
    // The incident import's uploads hold the rows' personal text: a week, long enough to resume a job.
    expect(rules).toContainEqual({ Id: 'expire-imports', Prefix: IMPORT_OBJECT_PREFIX, Status: 'Enabled', ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 7 } });
    // Every rule is limited to exports/ or imports/: evidence is kept, every version, for audit.
    for (const rule of rules) expect([EXPORT_OBJECT_PREFIX, IMPORT_OBJECT_PREFIX]).toContain(rule.Prefix);
  });

  it('may be put and read by the GraphQL function, written (never read) by the review pack\'s job and the import job, and reached by no other role', () => {
    // Prepare
    const { graphqlFunction, evidenceProcessor, reminders, reviewPack, importJob } = synthesized.stack;

    // Act
    const onExports = (statements: Statement[]) => statements.filter((statement) => JSON.stringify(statement.Resource).includes(`/${EXPORT_OBJECT_PREFIX}`));
    const graphqlS3 = statementsOf(graphqlFunction.role).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')));
    const allStatements = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

    // Assess
    expect(onExports(statementsOf(graphqlFunction.role))).toEqual([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: objectsArn(`${EXPORT_OBJECT_PREFIX}*`) }]);
    expect(onExports(statementsOf(reviewPack.function.role))).toEqual([
      { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:PutObject'], Resource: objectsArn(`${EXPORT_OBJECT_PREFIX}*`) },
    ]);
    // The import job puts its rejected rows there (their link is the GraphQL function's GET).
    expect(onExports(statementsOf(importJob.function.role))).toEqual([{ Effect: 'Allow', Action: 's3:PutObject', Resource: objectsArn(`${EXPORT_OBJECT_PREFIX}*`) }]);
    expect(onExports(statementsOf(evidenceProcessor.role))).toEqual([]);
    expect(onExports(statementsOf(reminders.function.role))).toEqual([]);
    expect(onExports(allStatements)).toHaveLength(3);
    // The GraphQL function's S3 rights: exports/* as above, evidence/* as before, imports/* (the import's POST), never the whole bucket.
    expect(graphqlS3.map((statement) => statement.Resource)).toEqual(
      expect.arrayContaining([objectsArn(`${EXPORT_OBJECT_PREFIX}*`), objectsArn(`${EVIDENCE_OBJECT_PREFIX}*`), objectsArn(`${IMPORT_OBJECT_PREFIX}*`)]),
    );
    expect(graphqlS3).toHaveLength(3);
  });

  it('do not reach the evidence processor: its notification stays filtered to evidence/ (the import job\'s to imports/)', () => {
    // Act
    const notifications = Object.values(resources).filter((resource) => resource.Type === 'Custom::S3BucketNotifications');
    const filters = notifications.flatMap((notification) =>
      (notification.Properties.NotificationConfiguration.LambdaFunctionConfigurations as { Filter: { Key: { FilterRules: { Name: string; Value: string }[] } } }[]).map(
        (configuration) => configuration.Filter.Key.FilterRules,
      ),
    );

    // Assess
    expect(filters).toEqual([[{ Name: 'prefix', Value: EVIDENCE_OBJECT_PREFIX }], [{ Name: 'prefix', Value: IMPORT_OBJECT_PREFIX }]]);
    expect(EXPORT_OBJECT_PREFIX.startsWith(EVIDENCE_OBJECT_PREFIX)).toBe(false);
    expect(EXPORT_OBJECT_PREFIX.startsWith(IMPORT_OBJECT_PREFIX)).toBe(false);
  });

  it('keep cdk-nag clean: the exports/* wildcard is acknowledged with its reason, nothing else is found', () => {
    // Prepare
    const bucketId = logicalIdOf(synthesized.stack.evidence.bucket);
    const role = synthesized.stack.graphqlFunction.role;

    // Act
    const acknowledged = Object.assign(
      {},
      ...role.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((entry) => entry.data as Record<string, string>),
    ) as Record<string, string>;
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);

    // Assess
    expect(acknowledged[`Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${EXPORT_OBJECT_PREFIX}*]`]).toMatch(/aggregate export.*exports\/ prefix/);
    expect(report.violations).toEqual([]);
  });
});
