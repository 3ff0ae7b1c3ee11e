import { JSONResolver, LocalDateResolver } from 'graphql-scalars';
import { DateTimeScalar } from '#core/date-time.ts';
import { MoneyScalar } from '#core/money.ts';

/**
 * The custom scalars' implementations. They are part of the schema the server starts with
 * (schema.ts, `servedSchema`): variables are coerced before any resolver runs, so they cannot
 * wait for the application's resolvers (application.ts), which load with the first request.
 */
export const scalars = {
  LocalDate: LocalDateResolver,
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  JSON: JSONResolver,
} as const;
