import { GraphQLScalarType } from 'graphql';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { MoneyScalar } from '#core/money.ts';
import type { Resolvers } from '#generated/graphql.ts';
import { Community, communityMutations, communityQueries } from '#community/resolvers.ts';
import { Region, regionQueries } from '#region/resolvers.ts';
import {
  communityIncidentFields,
  Incident,
  IncidentChange,
  IncidentImportReport,
  IncidentImportRow,
  incidentMutations,
  incidentQueries,
} from '#incident/resolvers.ts';
import { communityProjectFields, Intervention, Project, projectMutations, projectQueries } from '#project/resolvers.ts';
import { Activity, activityMutations, activityQueries, communityActivityFields, Survey } from '#training/resolvers.ts';
import {
  Certification,
  certificationMutations,
  certificationQueries,
  communityCertificationFields,
} from '#certification/resolvers.ts';
import {
  activityEvidenceFields,
  certificationEvidenceFields,
  communityEvidenceFields,
  Evidence,
  evidenceMutations,
  evidenceQueries,
  incidentEvidenceFields,
  interventionEvidenceFields,
  projectEvidenceFields,
} from '#evidence/resolvers.ts';
import { analyticsMutations, analyticsQueries } from '#analytics/resolvers.ts';
import { exportQueries } from '#analytics/export-resolvers.ts';

export const resolvers: Resolvers = {
  LocalDate: LocalDateResolver,
  // graphql-scalars names this scalar DateTimeISO; unrenamed, it replaces our DateTime and `$from: DateTime` fails validation.
  DateTime: new GraphQLScalarType({ ...DateTimeISOResolver.toConfig(), name: 'DateTime' }),
  Money: MoneyScalar,
  Query: { ...regionQueries, ...communityQueries, ...projectQueries, ...activityQueries, ...certificationQueries, ...incidentQueries, ...evidenceQueries, ...analyticsQueries, ...exportQueries },
  Mutation: { ...communityMutations, ...projectMutations, ...activityMutations, ...certificationMutations, ...incidentMutations, ...evidenceMutations, ...analyticsMutations },
  Community: { ...Community, ...communityProjectFields, ...communityActivityFields, ...communityCertificationFields, ...communityIncidentFields, ...communityEvidenceFields },
  Project: { ...Project, ...projectEvidenceFields },
  Intervention: { ...Intervention, ...interventionEvidenceFields },
  Activity: { ...Activity, ...activityEvidenceFields },
  Survey,
  Certification: { ...Certification, ...certificationEvidenceFields },
  Incident: { ...Incident, ...incidentEvidenceFields },
  Evidence,
  IncidentChange,
  IncidentImportReport,
  IncidentImportRow,
  Region,
};
