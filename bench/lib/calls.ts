import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The DynamoDB calls of one computation, by command. */
export interface CountedCalls {
  readonly total: number;
  readonly byCommand: ReadonlyMap<string, number>;
  /** `40 (BatchGetItem 2, Query 38)`. */
  readonly summary: string;
}

/**
 * Runs `work` and counts every command the client sends meanwhile (SDK middleware, added for the
 * run and removed after it). The document client shares its base client's middleware stack, so
 * the base client sees the calls of both.
 */
export async function countCalls<T>(client: DynamoDBClient, work: () => Promise<T>): Promise<{ value: T; calls: CountedCalls }> {
  const byCommand = new Map<string, number>();
  const name = `benchCallCounter-${randomUUID()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      byCommand.set(command, (byCommand.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    const value = await work();
    const total = [...byCommand.values()].reduce((sum, count) => sum + count, 0);
    const summary = `${total} (${[...byCommand.entries()]
      .sort()
      .map(([command, count]) => `${command} ${count}`)
      .join(', ')})`;
    return { value, calls: { total, byCommand, summary } };
  } finally {
    client.middlewareStack.remove(name);
  }
}
