import type { IncidentImportJobResolvers, MutationResolvers, QueryResolvers } from '#generated/graphql.ts';

export const importJobQueries: Pick<QueryResolvers, 'importJob'> = {
  importJob: (_parent, { id }, { importJobs }) => importJobs.get(id),
};

export const importJobMutations: Pick<MutationResolvers, 'requestIncidentImport'> = {
  requestIncidentImport: (_parent, args, { importJobs }) => importJobs.request(args),
};

export const IncidentImportJob: IncidentImportJobResolvers = {
  community: (job, _args, { communities }) => communities.get(job.communityId),
};
