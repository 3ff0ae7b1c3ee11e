import { RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { AUDIT_PK_PREFIX } from '#core/db/keys.ts';
import { GLOBAL_INDEXES, type GlobalIndexName, TABLE_KEYS, TTL_ATTRIBUTE } from '#core/db/table-schema.ts';
import type { PlatformFunction } from './platform-function.ts';

/** The variable through which functions learn the table's name (read by functions/core/config.ts). */
export const TABLE_NAME_VARIABLE = 'TABLE_NAME';

/** A DynamoDB action, as IAM names it. */
export type DynamodbAction = `dynamodb:${string}`;

/**
 * What a function may do to the table: `itemActions` on the table itself, and Query on exactly
 * the indexes in `queriedIndexes`. A TransactWriteItems is authorized item by item as PutItem,
 * UpdateItem, DeleteItem or ConditionCheckItem, so those are what a transactional writer lists.
 */
export interface TableGrant {
  readonly itemActions: readonly DynamodbAction[];
  readonly queriedIndexes: readonly GlobalIndexName[];
}

/**
 * The actions that change or remove an existing item. No role may run them on an audit entry
 * (partition key `AUDIT#…`): every connection adds an explicit Deny of them there, which no
 * Allow can outweigh. Entries are created with PutItem under `attribute_not_exists(pk)`; IAM
 * cannot tell a new Put from an overwrite, so that condition in the code and this Deny together
 * make the trail append-only. BatchWriteItem is in the list because its Puts carry no condition.
 */
export const AUDIT_ENTRY_PROTECTED_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'] as const satisfies readonly DynamodbAction[];

/**
 * The single DynamoDB table. Keys and indexes come from `table-schema.ts`, the same module the
 * access layer and the local runner use, so the deployed table cannot disagree with the code.
 * It holds the platform's records: on-demand, point-in-time recovery, deletion protection, and
 * retained when the stack is deleted.
 */
export class PlatformTable extends Construct {
  readonly table: Table;
  /** Functions whose role already carries the audit-entry Deny (a function may be connected more than once). */
  private readonly auditDenied = new Set<PlatformFunction>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Rate-limit windows expire by themselves (table-schema.ts TTL_ATTRIBUTE).
      timeToLiveAttribute: TTL_ATTRIBUTE,
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
   * Lets `fn` run exactly the grant's item actions on the table and Query on the indexes it
   * names (each index by its own ARN: no `index/*`), denies it any change to an audit entry, and
   * sets its TABLE_NAME: one call, so the variable and the permission cannot drift apart.
   */
  connect(fn: PlatformFunction, grant: TableGrant): void {
    if (grant.itemActions.length === 0 || grant.itemActions.some((action) => action.includes('*'))) {
      throw new Error(`${fn.node.path}: connect needs a list of literal DynamoDB actions`);
    }
    const known = new Set<string>(GLOBAL_INDEXES.map((index) => index.indexName));
    const unknown = grant.queriedIndexes.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new Error(`${fn.node.path}: the table has no index ${unknown.join(', ')}`);
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...grant.itemActions], resources: [this.table.tableArn] }));
    if (grant.queriedIndexes.length > 0) {
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: grant.queriedIndexes.map((name) => `${this.table.tableArn}/index/${name}`),
        }),
      );
    }
    this.denyAuditEntryChanges(fn);
    fn.addEnvironment(TABLE_NAME_VARIABLE, this.table.tableName);
  }

  /**
   * Lets `fn` run exactly `actions` on the table's items whose partition key starts with
   * `partitionKeyPrefix` (an IAM `dynamodb:LeadingKeys` condition, so a key outside it is denied
   * by DynamoDB itself), on the table only (no index), denies it any change to an audit entry,
   * and sets its TABLE_NAME. For functions that own one kind of item, unlike `connect`, which
   * opens every item of the table to the grant's actions.
   */
  connectItems(fn: PlatformFunction, grant: { readonly actions: readonly DynamodbAction[]; readonly partitionKeyPrefix: string }): void {
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
    this.denyAuditEntryChanges(fn);
    fn.addEnvironment(TABLE_NAME_VARIABLE, this.table.tableName);
  }

  /** The explicit Deny of AUDIT_ENTRY_PROTECTED_ACTIONS on items whose partition key starts with `AUDIT#`. */
  private denyAuditEntryChanges(fn: PlatformFunction): void {
    if (this.auditDenied.has(fn)) return;
    this.auditDenied.add(fn);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: [...AUDIT_ENTRY_PROTECTED_ACTIONS],
        resources: [this.table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_PK_PREFIX}*`] } },
      }),
    );
  }
}
