import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { newOutdir, SYNTH_TIMEOUT_MS, type SynthesizedApp, synthesizeApp } from './synthesize.ts';

let synthesized: SynthesizedApp;

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
  // Prepare + Act (shared): synthesis itself runs the AwsSolutions pack and throws on any
  // finding that is not acknowledged, so getting here already means it passed.
  synthesized = synthesizeApp();
}, SYNTH_TIMEOUT_MS);

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
    const tableId = synthesized.stack.getLogicalId(synthesized.stack.table.table.node.defaultChild as never);
    const bucketId = synthesized.stack.getLogicalId(synthesized.stack.evidence.bucket.node.defaultChild as never);

    // Act
    const found = acknowledgments(synthesized.app);
    const ids = Object.fromEntries([...found].map(([path, rules]) => [path, Object.keys(rules).sort()]));

    // Assess
    expect(ids).toEqual({
      [`${stackName}/Evidence/AccessLogBucket`]: ['Annotation::AwsSolutions-S1'],
      [`${stackName}/Identity/UserPool`]: ['Annotation::AwsSolutions-COG8'],
      [`${stackName}/GraphqlFunction`]: ['Annotation::AwsSolutions-L1'],
      [`${stackName}/GraphqlFunction/Role`]: [
        `Annotation::AwsSolutions-IAM5[Resource::*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        `Annotation::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      ].sort(),
      [`${stackName}/Api/HttpApi`]: ['Annotation::AwsSolutions-APIG4'],
    });
    for (const rules of found.values()) {
      for (const reason of Object.values(rules)) expect(reason.length).toBeGreaterThan(60);
    }
  });

  it('fails synthesis on an unacknowledged finding (the check above can fail)', () => {
    // Prepare
    const app = new App({ outdir: newOutdir() });
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
