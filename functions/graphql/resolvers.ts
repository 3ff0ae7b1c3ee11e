import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { MoneyScalar } from '../core/money.ts';
import type { Resolvers } from '../generated/graphql.ts';
import { Community, communityMutations, communityQueries } from '../community/resolvers.ts';
import { Region, regionQueries } from '../region/resolvers.ts';
import { communityProjectFields, Intervention, Project, projectMutations, projectQueries } from '../project/resolvers.ts';

export const resolvers: Resolvers = {
  LocalDate: LocalDateResolver,
  DateTime: DateTimeISOResolver,
  Money: MoneyScalar,
  Query: { ...regionQueries, ...communityQueries, ...projectQueries },
  Mutation: { ...communityMutations, ...projectMutations },
  Community: { ...Community, ...communityProjectFields },
  Project,
  Intervention,
  Region,
};
