/**
 * A hook between the write paths and the metrics, with no imports, so functions/core/db/ and
 * functions/incident/retry.ts count what they retry without loading Powertools: the
 * observability module (observability.ts) installs the sink when a function creates its
 * metrics; before that (scripts, tests of the stores alone) a count goes nowhere.
 */
export type ConflictCount = 'retried' | 'givenUp';

type Sink = (count: ConflictCount) => void;

let sink: Sink | undefined;

/** Installed by observability.ts; `undefined` removes it. */
export function setConflictSink(next: Sink | undefined): void {
  sink = next;
}

/** A DynamoDB transaction cancelled by a conflict with another in flight, sent again. */
export function transactionConflictRetried(): void {
  sink?.('retried');
}

/** A DynamoDB transaction still cancelled by conflicts after its last attempt: the write fails. */
export function transactionConflictGivenUp(): void {
  sink?.('givenUp');
}
