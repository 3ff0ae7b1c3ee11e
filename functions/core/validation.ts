import type * as z from 'zod';
import { BadUserInputError } from './errors.ts';

/**
 * Parses an input with its zod schema at the boundary; on failure the error names every
 * offending field under `prefix` (the GraphQL argument name), and nothing has been written.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { prefix?: string; nullMeansAbsent?: boolean } = {},
): z.output<S> {
  const prefix = options.prefix ?? 'input';
  const result = schema.safeParse(options.nullMeansAbsent ? withoutNulls(value) : value);
  if (result.success) return result.data;
  throw new BadUserInputError(
    result.error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

/**
 * GraphQL lets a client send `null` for any optional input field. In a create, null and absent
 * mean the same; in an update null means "clear", so only creates drop them.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  // Only plain input objects: scalars arrive parsed (a DateTime as a Date) and stay as they are.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== null)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}
