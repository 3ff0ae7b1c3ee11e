import type {
  CommunityResolvers,
  InterventionResolvers,
  MutationResolvers,
  ProjectResolvers,
  QueryResolvers,
} from '#generated/graphql.ts';

export const projectQueries: Pick<QueryResolvers, 'project' | 'intervention' | 'projects'> = {
  project: (_parent, { id }, { projects }) => projects.get(id),
  intervention: (_parent, { id }, { projects }) => projects.getIntervention(id),
  projects: (_parent, { communityId, ...args }, { projects }) => projects.list(communityId, args),
};

export const projectMutations: Pick<
  MutationResolvers,
  'createProject' | 'updateProject' | 'closeProject' | 'createIntervention' | 'updateIntervention'
> = {
  createProject: (_parent, { input }, { projects }) => projects.create(input),
  updateProject: (_parent, { input }, { projects }) => projects.update(input),
  closeProject: (_parent, { input }, { projects }) => projects.close(input),
  createIntervention: (_parent, { input }, { projects }) => projects.createIntervention(input),
  updateIntervention: (_parent, { input }, { projects }) => projects.updateIntervention(input),
};

export const communityProjectFields: Pick<CommunityResolvers, 'projects'> = {
  projects: (community, args, { projects }) => projects.ofCommunity(community, args),
};

export const Project: ProjectResolvers = {
  community: (project, _args, { communities }) => communities.get(project.communityId),
  targetGroups: (project) => [...project.targetGroups],
  environments: (project) => [...project.environments],
  goals: (project) => [...project.goals],
  partnerAgencies: (project) => [...project.partnerAgencies],
  interventions: (project, _args, { projects }) => projects.interventionsOf(project),
  interventionCount: (project, _args, { projects }) => projects.interventionCount(project),
};

export const Intervention: InterventionResolvers = {
  project: (intervention, _args, { projects }) => projects.get(intervention.projectId),
};
