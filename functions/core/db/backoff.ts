/**
 * The one backoff of the data layer: jittered exponential ("equal jitter"), capped. Retries of a
 * cancelled transaction, of unprocessed BatchGetItem keys and of a whole write that lost a race
 * all wait through it.
 */
const BASE_DELAY_MS = 10;
const MAX_DELAY_MS = 800;

export function backoffDelay(attempt: number, base = BASE_DELAY_MS, max = MAX_DELAY_MS): number {
  const ceiling = Math.min(max, base * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export function backoff(attempt: number, base = BASE_DELAY_MS, max = MAX_DELAY_MS): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, base, max)));
}
