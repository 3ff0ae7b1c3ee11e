import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { DestinationConfig, IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PlatformFunction } from './platform-function.ts';

/** How long a failed invocation's record stays in the queue: SQS's longest, two weeks to look at it and redrive. */
export const FAILURE_RETENTION = Duration.days(14);

/** The actions a sender needs on the queue and on its key (SendMessage to a queue under a customer managed key). */
export const FAILURE_QUEUE_SEND_ACTIONS = ['sqs:SendMessage'] as const;
export const FAILURE_QUEUE_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** How Lambda treats an asynchronous invocation of a function: bounded retries, a bounded wait, then the queue. */
export interface AsyncFailurePolicy {
  /** Retries after the first attempt fails (0, 1 or 2). */
  readonly retryAttempts: 0 | 1 | 2;
  /** How long an event may wait in Lambda's internal queue (1 minute to 6 hours); past it, it goes to the queue unprocessed. */
  readonly maxEventAge: Duration;
}

/**
 * The failed-invocation queue: where Lambda puts an asynchronous invocation (an S3 notification,
 * the review pack's launch, the reminders' schedule) that failed every attempt or outwaited its
 * maximum age, as a destination record (`requestContext` with the function's ARN and the
 * condition, `requestPayload` with the original event, `responsePayload` with the error). One
 * queue for every function: an alarm fires on the first message, and the record names its
 * function. Encrypted with a key of its own (rotated yearly), TLS only, kept 14 days. Nothing
 * reads it automatically: an operator inspects it and redrives (README, "Failed invocations").
 */
export class FailureQueue extends Construct {
  readonly queue: Queue;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the Safe Community failed-invocation queue (the original events of failed asynchronous invocations)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      // Fewer KMS calls per message: a data key is reused for 5 minutes (SQS's default), stated here.
      dataKeyReuse: Duration.minutes(5),
      retentionPeriod: FAILURE_RETENTION,
      enforceSSL: true,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the end of the failure path: Lambda sends the destination record of every asynchronous invocation that failed all its attempts here, and only an operator reads it (the redrive re-invokes the function, it does not move messages to another queue).',
    });
  }

  /**
   * Bounds `fn`'s asynchronous invocations by `policy` and sends those that still fail (or
   * outwait maxEventAge) here: an EventInvokeConfig with this queue as its on-failure
   * destination, and on the function's role exactly sqs:SendMessage on the queue and
   * kms:GenerateDataKey and kms:Decrypt on its key (Lambda sends with the execution role).
   */
  connect(fn: PlatformFunction, policy: AsyncFailurePolicy): void {
    fn.function.configureAsyncInvoke({ onFailure: new FailureQueueDestination(this), retryAttempts: policy.retryAttempts, maxEventAge: policy.maxEventAge });
  }

  /** Lets `grantee` (a function's role, the scheduler's role) send to the queue: SendMessage and the key's two actions, nothing else. */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...FAILURE_QUEUE_SEND_ACTIONS], resources: [this.queue.queueArn] }));
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...FAILURE_QUEUE_KEY_ACTIONS], resources: [this.key.keyArn] }));
  }
}

/**
 * The queue as a Lambda destination. aws-lambda-destinations' SqsDestination grants
 * `grantSendMessages`, which adds GetQueueAttributes, GetQueueUrl and wildcard KMS actions
 * (kms:ReEncrypt*, kms:GenerateDataKey*) that a destination never uses; this grants what it does.
 */
class FailureQueueDestination implements IDestination {
  constructor(private readonly failures: FailureQueue) {}

  bind(_scope: Construct, fn: IFunction): DestinationConfig {
    this.failures.grantSend(fn);
    return { destination: this.failures.queue.queueArn };
  }
}
