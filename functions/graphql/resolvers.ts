import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.ts';
import { Community, communityMutations, communityQueries } from '../community/resolvers.ts';
import { Region, regionQueries } from '../region/resolvers.ts';

export const resolvers: Resolvers = {
  LocalDate: LocalDateResolver,
  DateTime: DateTimeISOResolver,
  Query: { ...regionQueries, ...communityQueries },
  Mutation: { ...communityMutations },
  Community,
  Region,
};
