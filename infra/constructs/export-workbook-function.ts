import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SERVICE_NAMES } from '#infra/metric-names.ts';
import { PlatformFunction } from './platform-function.ts';

/** The variable through which the GraphQL function learns the workbook function's name (functions/core/config.ts). */
export const EXPORT_WORKBOOK_FUNCTION_VARIABLE = 'EXPORT_WORKBOOK_FUNCTION';

/**
 * The aggregate export's workbook (functions/analytics/export-workbook-handler.ts): a Lambda
 * function of its own, so that exceljs stays out of the GraphQL function's bundle. The GraphQL
 * function invokes it synchronously with the tables it has read under the caller's policy and
 * gets the workbook's bytes back, which it stores and signs itself: this function reads no table
 * and touches no bucket, so its role holds its log group and X-Ray and nothing else, and it needs
 * no configuration. 1024 MB for the CPU; 10 seconds, the GraphQL function's own limit, for a
 * workbook that takes well under one.
 */
export class ExportWorkbookFunction extends Construct {
  readonly function: PlatformFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/analytics/export-workbook-handler.ts',
      serviceName: SERVICE_NAMES.exportWorkbook,
      description: 'Safe Community export workbook: renders the aggregate export as an XLSX workbook with its trend chart, for the GraphQL function (reads and writes nothing)',
      memorySize: 1024,
      timeout: Duration.seconds(10),
    });
  }

  /**
   * For the function that exports (the GraphQL function): lambda:InvokeFunction on this
   * function's own ARN, no qualifier, nothing else, and its name in EXPORT_WORKBOOK_FUNCTION, in
   * one call so the variable and the permission cannot drift apart.
   */
  connectRequester(fn: PlatformFunction): void {
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.function.functionArn] }));
    fn.addEnvironment(EXPORT_WORKBOOK_FUNCTION_VARIABLE, this.function.function.functionName);
  }
}
