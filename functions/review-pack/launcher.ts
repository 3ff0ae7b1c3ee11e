import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type ClientSource, clientOf, lambdaCommands } from '#core/lazy-clients.ts';

/**
 * How the GraphQL function starts a pack's job once the request has committed. In AWS the job is
 * a Lambda function of its own, invoked asynchronously (InvocationType Event: Lambda queues the
 * event and answers 202 at once), so a pack of 500 MB videos never runs in a 10-second API
 * request. Locally (`npm start`, the tests) the same job runs in this process, after the response.
 */
export interface ReviewPackLauncher {
  launch(packId: string): Promise<void>;
}

/** The event the job function receives. */
export interface ReviewPackEvent {
  readonly packId: string;
}

export class LambdaLauncher implements ReviewPackLauncher {
  constructor(
    private readonly lambda: ClientSource<LambdaClient>,
    private readonly functionName: string,
  ) {}

  async launch(packId: string): Promise<void> {
    const event: ReviewPackEvent = { packId };
    const [lambda, { InvokeCommand }] = await Promise.all([clientOf(this.lambda), lambdaCommands()]);
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(event)) }),
    );
    if (response.StatusCode !== 202) throw new Error(`the review pack function answered ${response.StatusCode ?? 'no status'} to an asynchronous invocation`);
  }
}

/** What runs a pack: the job's `run` (job.ts). */
export type PackRunner = (packId: string) => Promise<unknown>;

/**
 * The job in this process, started on the next turn of the event loop (the request answers
 * first, as with Lambda's 202). Its failures are the job's to record (it marks the pack FAILED);
 * what escapes even that is logged, by pack id only. `settled` lets a caller wait for every
 * job this launcher started (a clean shutdown, a benchmark).
 */
export class InProcessLauncher implements ReviewPackLauncher {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly runner: () => Promise<PackRunner>,
    private readonly log: Pick<Console, 'error'> = console,
  ) {}

  launch(packId: string): Promise<void> {
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => (await this.runner())(packId))
      .catch((error: unknown) => this.log.error('review pack job failed outside its own handling', { packId, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => this.running.delete(job));
    this.running.add(job);
    return Promise.resolve();
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
