import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A hook between the write paths and the metrics, importing nothing of Powertools, so
 * functions/core/db/table.ts and functions/incident/retry.ts count what they retry at no cost:
 * observability.ts installs the sink when a function creates its metrics; before that (scripts,
 * tests of the stores alone) a count goes nowhere.
 *
 * - retried: a transaction DynamoDB cancelled for a conflict with another in flight is sent
 *   again (commit's resends, and an incident write computed and sent again after a race);
 * - given up: a write fails for such conflicts: commit's TransactionRace reaches a caller that
 *   does not retry it (the request answers CONFLICT), or an incident write's last attempt.
 *
 * Inside `retryingWholeWrites` (retry.ts) commit leaves the verdict to the retry loop, so one
 * write that finally succeeds counts only retries.
 */
export type ConflictCount = 'retried' | 'givenUp';

type Sink = (count: ConflictCount) => void;

let sink: Sink | undefined;
const wholeWriteRetry = new AsyncLocalStorage<true>();

/**
 * Installed by observability.ts: the first function's observability of a process keeps it (the
 * GraphQL function's, where `npm start` also runs the jobs in process); `replace` to change it,
 * `undefined` with `replace` removes it.
 */
export function setConflictSink(next: Sink | undefined, replace = false): void {
  if (sink && !replace) return;
  sink = next;
}

/** A transaction cancelled by a conflict, sent again. */
export function transactionConflictRetried(): void {
  sink?.('retried');
}

/**
 * A transaction still cancelled by conflicts after commit's last resend: given up, unless a
 * whole-write retry around it will try again (then the retry loop counts).
 */
export function transactionConflictExhausted(): void {
  if (wholeWriteRetry.getStore()) return;
  sink?.('givenUp');
}

/** A write that failed for conflicts after its whole-write retries. */
export function transactionConflictGivenUp(): void {
  sink?.('givenUp');
}

/** Runs a write that its caller retries whole on a race (retry.ts). */
export function retryingWholeWrites<T>(write: () => Promise<T>): Promise<T> {
  return wholeWriteRetry.run(true, write);
}
