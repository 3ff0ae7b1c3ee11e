import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { MoneyScalar } from '../core/money.ts';
import type { Resolvers } from '../generated/graphql.ts';
import { Community, communityMutations, communityQueries } from '../community/resolvers.ts';
import { Region, regionQueries } from '../region/resolvers.ts';

export const resolvers: Resolvers = {
  LocalDate: LocalDateResolver,
  DateTime: DateTimeISOResolver,
  Money: MoneyScalar,
  Query: { ...regionQueries, ...communityQueries },
  Mutation: { ...communityMutations },
  Community,
  Region,
};
