import { backoff } from '#core/db/backoff.ts';
import { TransactionRace } from '#core/db/table.ts';
import { ConflictError } from '#core/errors.ts';
import { retryingWholeWrites, transactionConflictGivenUp, transactionConflictRetried } from '#core/observability/counters.ts';
import { RecentIndexConflict } from './recent-index.ts';

/**
 * An incident write that lost a race is computed again from a fresh read and sent again. Two
 * races are left once the recent index has no revision (recent-index.ts):
 * - a condition of the index's step failed (RecentIndexConflict): a refill lowered the floor
 *   across a position the write left out, the map was full, a trim in the write's own step found
 *   the floor moved, or another write created or converted the item first;
 * - DynamoDB cancelled the transaction for another one in flight on the same items, and commit's
 *   own resends of it were cancelled too (TransactionRace). DynamoDB Local runs transactions one
 *   at a time and never does this; in AWS every incident write of a community touches its recent
 *   index item and its 8 counter items, so writers of one community still take turns there.
 *
 * The bounds are for AWS: a community's writers go through one at a time at roughly 15–25 ms a
 * transaction, so 100 at once take 2–3 s to drain, and a write must stay in line that long.
 * commit resends a cancelled transaction 5 times (0.2–0.3 s); this whole-write retry waits
 * ~40 ms, 75, 150, 300, 600, then 750 ms (jittered, capped at 1 s) between 8 attempts: 2.7 s of
 * waiting on average, 3.6 s at most, so with the resends a write stays in line for 3–7 s,
 * inside the GraphQL function's 10 s timeout.
 */
export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 25;
const MAX_DELAY_MS = 1000;

export function isWriteRace(error: unknown): boolean {
  return error instanceof RecentIndexConflict || error instanceof TransactionRace;
}

/** `subject` names what is being written, for the error when the races do not stop. */
export async function retryingRaces<T>(subject: string, write: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await retryingWholeWrites(() => write(attempt));
    } catch (error) {
      if (!isWriteRace(error)) throw error;
      // DynamoDB's conflicts are counted (TransactionConflicts* metrics); the index's own races are not.
      if (attempt >= MAX_ATTEMPTS) {
        if (error instanceof TransactionRace) transactionConflictGivenUp();
        throw new ConflictError(`${subject} is receiving many writes at once; try again`, undefined, { cause: error });
      }
      if (error instanceof TransactionRace) transactionConflictRetried();
      await backoff(attempt, BASE_DELAY_MS, MAX_DELAY_MS);
    }
  }
}
