import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AttributeType, BillingMode, type CfnTable, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { GLOBAL_INDEXES, TABLE_KEYS } from '#core/db/table-schema.ts';
import type { PlatformFunction } from './platform-function.ts';

/** The variable through which functions learn the table's name (read by functions/core/config.ts). */
export const TABLE_NAME_VARIABLE = 'TABLE_NAME';

/**
 * The single DynamoDB table. Keys and indexes come from `table-schema.ts`, the same module the
 * access layer and the local runner use, so the deployed table cannot disagree with the code.
 * It holds the platform's records: on-demand, point-in-time recovery, deletion protection, and
 * retained when the stack is deleted.
 */
export class PlatformTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of GLOBAL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /**
   * Lets `fn` read and write items on the table and its indexes, and sets its TABLE_NAME: one
   * call, so the variable and the permission cannot drift apart.
   */
  connect(fn: PlatformFunction): void {
    this.table.grantReadWriteData(fn);
    fn.addEnvironment(TABLE_NAME_VARIABLE, this.table.tableName);
    const tableLogicalId = Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnTable);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason: 'Queries run on every global secondary index of the platform table (gsi1, gsi2, …); the wildcard covers exactly that table\'s indexes.',
    });
  }

  /**
   * Lets `fn` run exactly `actions` on the table's items whose partition key starts with
   * `partitionKeyPrefix` (an IAM `dynamodb:LeadingKeys` condition, so a key outside it is denied
   * by DynamoDB itself), on the table only (no index), and sets its TABLE_NAME. For functions
   * that own one kind of item, unlike `connect`, which opens the whole table.
   */
  connectItems(fn: PlatformFunction, grant: { readonly actions: readonly `dynamodb:${string}`[]; readonly partitionKeyPrefix: string }): void {
    if (grant.actions.length === 0 || grant.partitionKeyPrefix.length === 0 || /[*?]/.test(grant.partitionKeyPrefix)) {
      throw new Error(`${fn.node.path}: connectItems needs actions and a literal partition key prefix`);
    }
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...grant.actions],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${grant.partitionKeyPrefix}*`] } },
      }),
    );
    fn.addEnvironment(TABLE_NAME_VARIABLE, this.table.tableName);
  }
}
