import type * as z from 'zod';
import { BadUserInputError } from './errors.ts';

/**
 * Parses an input with its zod schema at the boundary; on failure the error names every
 * offending field under `prefix` (the GraphQL argument name), and nothing has been written.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadUserInputError(
    result.error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
