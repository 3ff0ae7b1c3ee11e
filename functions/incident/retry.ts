import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConflictError } from '#core/errors.ts';
import { RecentIndexConflict } from './recent-index.ts';

/**
 * Writers of one community serialise on its recent-incidents item. The loser of a race (its
 * `rev` condition failed, or DynamoDB cancelled the transaction for a conflicting one in flight)
 * reads again and retries the whole write, with jittered exponential backoff, a few times.
 */
const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 15;
const MAX_DELAY_MS = 800;

export function isWriteRace(error: unknown): boolean {
  if (error instanceof RecentIndexConflict) return true;
  // commit() turns a TransactionConflict cancellation into a ConflictError caused by it.
  return error instanceof ConflictError && error.cause instanceof TransactionCanceledException;
}

/** `subject` names what is being written, for the error when the races do not stop. */
export async function retryingRaces<T>(subject: string, write: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write(attempt);
    } catch (error) {
      if (!isWriteRace(error)) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        throw new ConflictError(`${subject} is receiving many writes at once; try again`, undefined, { cause: error });
      }
      await backoff(attempt);
    }
  }
}

export function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
}
