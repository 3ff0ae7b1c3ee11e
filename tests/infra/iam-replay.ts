import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { TABLE_KEYS } from '#core/db/table-schema.ts';
import { FAILURE_QUEUE_KEY_ACTIONS, FAILURE_QUEUE_SEND_ACTIONS } from '#infra/constructs/failure-queue.ts';

/**
 * Replays recorded AWS calls against a role's synthesized policy. A call becomes the IAM
 * permissions it needs (a TransactWriteItems is one PutItem, UpdateItem, DeleteItem or
 * ConditionCheckItem per item; a HeadObject is GetObject, or GetObjectVersion when it names a
 * version; a Query on an index needs that index's ARN), each with the resource it touches and,
 * for table items, the partition key IAM's `dynamodb:LeadingKeys` sees. A need is granted when an
 * Allow statement matches it (action, resource, conditions) and no Deny statement does, as IAM
 * decides. Resources are written symbolically: `table`, `table/index/gsi1`, `bucket/<key>`.
 */

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** One permission a call needs. */
export interface Need {
  readonly action: string;
  /** `table`, `table/index/<name>` or `bucket/<object key>`. */
  readonly resource: string;
  /** The partition key value of the item (or of a Query on the table), for `dynamodb:LeadingKeys`. */
  readonly key?: string;
}

/** A role's statements and the logical ids that its resources name symbolically. */
export interface RolePolicy {
  readonly statements: readonly Statement[];
  readonly symbols: Readonly<Record<string, string>>;
}

export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
}

/**
 * Every statement of the policies attached to `role`, with `table` and `bucket` standing for their
 * ARNs, and each of `functions` for its function's ARN as `lambda/<name>` (the name an Invoke sends).
 */
export function rolePolicy(template: Template, role: IConstruct, symbols: { table: IConstruct; bucket: IConstruct; functions?: Readonly<Record<string, IConstruct>> }): RolePolicy {
  const roleRef = JSON.stringify([{ Ref: logicalIdOf(role) }]);
  const statements = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === roleRef)
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  const functions = Object.entries(symbols.functions ?? {}).map(([name, fn]) => [logicalIdOf(fn), `lambda/${name}`]);
  return { statements, symbols: { [logicalIdOf(symbols.table)]: 'table', [logicalIdOf(symbols.bucket)]: 'bucket', ...Object.fromEntries(functions) } };
}

/** How IAM decides a need against the role's statements. */
export function decide(policy: RolePolicy, need: Need): 'allowed' | 'denied' | 'not allowed' {
  const matching = policy.statements.filter((statement) => matches(policy, statement, need));
  if (matching.some((statement) => statement.Effect === 'Deny')) return 'denied';
  return matching.some((statement) => statement.Effect === 'Allow') ? 'allowed' : 'not allowed';
}

/** The needs the role does not grant. */
export function refusedOf(policy: RolePolicy, needs: readonly Need[]): (Need & { decision: string })[] {
  return needs.map((need) => ({ ...need, decision: decide(policy, need) })).filter((need) => need.decision !== 'allowed');
}

/**
 * What Lambda itself does with a function's role rather than the code: send an asynchronous
 * invocation that failed to the failed-invocation queue (its on-failure destination), encrypted
 * with the queue's key. tests/infra/monitoring.test.ts asserts those statements exactly.
 */
const FAILURE_DESTINATION_ACTIONS: ReadonlySet<string> = new Set([...FAILURE_QUEUE_SEND_ACTIONS, ...FAILURE_QUEUE_KEY_ACTIONS]);

/**
 * The (action, resource pattern) pairs the role's Allow statements grant, besides its logs,
 * traces and failure destination, that no need in `used` exercised: what the role holds that the
 * calls never needed.
 */
export function unusedGrants(policy: RolePolicy, used: readonly Need[]): string[] {
  const unused: string[] = [];
  for (const statement of policy.statements) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of [statement.Action].flat()) {
      if (action.startsWith('logs:') || action.startsWith('xray:') || FAILURE_DESTINATION_ACTIONS.has(action)) continue;
      for (const resource of resourcesOf(policy, statement)) {
        const single: Statement = { ...statement, Action: action, Resource: resource };
        const condition = statement.Condition ? ` if ${JSON.stringify(statement.Condition)}` : '';
        if (!used.some((need) => matches(policy, single, need, true))) unused.push(`${action} on ${resource}${condition}`);
      }
    }
  }
  return unused;
}

function matches(policy: RolePolicy, statement: Statement, need: Need, literalResource = false): boolean {
  if (![statement.Action].flat().some((action) => stringLike(action, need.action))) return false;
  const resources = literalResource ? [statement.Resource as string] : resourcesOf(policy, statement);
  if (!resources.some((pattern) => stringLike(pattern, need.resource))) return false;
  return conditionHolds(statement.Condition, need);
}

/** The statement's resources, rendered with the symbolic names (CloudFormation's GetAtt and Join resolved). */
function resourcesOf(policy: RolePolicy, statement: Statement): string[] {
  return [statement.Resource].flat().map((resource) => render(policy, resource));
}

function render(policy: RolePolicy, value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as { 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };
  if (object['Fn::GetAtt']) {
    const [id, attribute] = object['Fn::GetAtt'];
    const symbol = policy.symbols[id];
    if (attribute !== 'Arn' || !symbol) throw new Error(`unexpected resource ${JSON.stringify(value)}`);
    return symbol;
  }
  if (object['Fn::Join']) {
    const [separator, parts] = object['Fn::Join'];
    return parts.map((part) => render(policy, part)).join(separator);
  }
  throw new Error(`unexpected resource ${JSON.stringify(value)}`);
}

/**
 * The conditions this platform writes: `dynamodb:LeadingKeys` with ForAllValues or ForAnyValue
 * StringLike. With one key per need, the two agree, except when the request carries no key
 * (a Query on an index): ForAllValues then holds, ForAnyValue does not, as in IAM. Anything
 * else fails the test rather than being guessed at.
 */
function conditionHolds(condition: Statement['Condition'], need: Need): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, entries]) =>
    Object.entries(entries).every(([name, value]) => {
      if (name !== 'dynamodb:LeadingKeys') throw new Error(`condition key ${name} is not modelled`);
      const patterns = [value].flat();
      const keys = need.key === undefined ? [] : [need.key];
      if (operator === 'ForAllValues:StringLike') return keys.every((key) => patterns.some((pattern) => stringLike(pattern, key)));
      if (operator === 'ForAnyValue:StringLike') return keys.some((key) => patterns.some((pattern) => stringLike(pattern, key)));
      throw new Error(`condition operator ${operator} is not modelled`);
    }),
  );
}

/** IAM's StringLike: `*` any run of characters, `?` one character. */
export function stringLike(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

type Input = Record<string, unknown>;

/** A client whose calls can be recorded: any AWS SDK v3 client (the document client shares its base client's stack). */
export interface RecordableClient {
  readonly middlewareStack: {
    add(
      middleware: (next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: object }) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/** Adds a middleware that hands the needs of each call the client sends to `record`. */
export function recordCalls(client: RecordableClient, record: (needs: Need[]) => void): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      record(needsOf(context.commandName ?? 'unknown', args.input as Input));
      return next(args);
    },
    { step: 'initialize', name: 'recordIamNeeds' },
  );
}

/** The IAM permissions an SDK call needs, by command name and input (document or low-level form). */
export function needsOf(commandName: string, input: Input): Need[] {
  const item = (action: string, key: unknown): Need => ({ action: `dynamodb:${action}`, resource: 'table', key: partitionKeyOf(key) });
  const object = (plain: string, versioned: string): Need[] => [{ action: input.VersionId ? versioned : plain, resource: `bucket/${String(input.Key)}` }];
  switch (commandName.replace(/Command$/, '')) {
    case 'BatchGet':
    case 'BatchGetItem':
      return Object.values(input.RequestItems as Record<string, { Keys: Input[] }>).flatMap((request) => request.Keys.map((key) => item('BatchGetItem', key)));
    case 'BatchWrite':
    case 'BatchWriteItem':
      return Object.values(input.RequestItems as Record<string, Input[]>).flatMap((requests) =>
        requests.map((request) => item('BatchWriteItem', (request.PutRequest as Input | undefined)?.Item ?? (request.DeleteRequest as Input | undefined)?.Key)),
      );
    case 'Get':
    case 'GetItem':
      return [item('GetItem', input.Key)];
    case 'Put':
    case 'PutItem':
      return [item('PutItem', input.Item)];
    case 'Update':
    case 'UpdateItem':
      return [item('UpdateItem', input.Key)];
    case 'Delete':
    case 'DeleteItem':
      return [item('DeleteItem', input.Key)];
    case 'TransactWrite':
    case 'TransactWriteItems':
      return (input.TransactItems as Input[]).map((step) => {
        const [kind, operation] = Object.entries(step)[0] as [string, Input];
        if (kind === 'Put') return item('PutItem', operation.Item);
        if (kind === 'Update') return item('UpdateItem', operation.Key);
        if (kind === 'Delete') return item('DeleteItem', operation.Key);
        return item('ConditionCheckItem', operation.Key);
      });
    case 'Query':
      return [
        input.IndexName
          ? { action: 'dynamodb:Query', resource: `table/index/${String(input.IndexName)}` }
          : { action: 'dynamodb:Query', resource: 'table', key: queriedPartition(input) },
      ];
    case 'Scan':
      return [{ action: 'dynamodb:Scan', resource: input.IndexName ? `table/index/${String(input.IndexName)}` : 'table' }];
    case 'HeadObject':
    case 'GetObject':
      return object('s3:GetObject', 's3:GetObjectVersion');
    case 'DeleteObject':
      return object('s3:DeleteObject', 's3:DeleteObjectVersion');
    case 'PutObject':
    case 'CreateMultipartUpload':
    case 'UploadPart':
    case 'CompleteMultipartUpload':
      // S3 authorizes every step of a multipart upload as PutObject on its key.
      return [{ action: 's3:PutObject', resource: `bucket/${String(input.Key)}` }];
    case 'AbortMultipartUpload':
      return [{ action: 's3:AbortMultipartUpload', resource: `bucket/${String(input.Key)}` }];
    case 'Invoke':
      return [{ action: 'lambda:InvokeFunction', resource: `lambda/${String(input.FunctionName)}` }];
    default:
      // ListObjects, DescribeTable…: no statement allows an action this map does not know.
      return [{ action: `unmapped:${commandName}`, resource: '' }];
  }
}

function partitionKeyOf(item: unknown): string {
  const value = (item as Input | undefined)?.[TABLE_KEYS.partitionKey];
  if (typeof value === 'string') return value;
  return String((value as { S?: string } | undefined)?.S ?? '');
}

/** The partition key value a Query on the table names (`#pk = :pk`), in document or low-level form. */
function queriedPartition(input: Input): string | undefined {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const [, name, placeholder] of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[name as string] ?? name) !== TABLE_KEYS.partitionKey) continue;
    const value = values[placeholder as string];
    return typeof value === 'string' ? value : String((value as { S?: string } | undefined)?.S ?? '');
  }
  return undefined;
}
