import type { ActivityResolvers, CommunityResolvers, MutationResolvers, QueryResolvers, SurveyResolvers } from '#generated/graphql.ts';

export const activityQueries: Pick<QueryResolvers, 'activity' | 'activities'> = {
  activity: (_parent, { id }, { activities }) => activities.get(id),
  activities: (_parent, { communityId, ...args }, { activities }) => activities.list(communityId, args),
};

export const activityMutations: Pick<MutationResolvers, 'createActivity' | 'updateActivity' | 'deleteActivity' | 'recordSurvey'> = {
  createActivity: (_parent, { input }, { activities }) => activities.create(input),
  updateActivity: (_parent, { input }, { activities }) => activities.update(input),
  deleteActivity: (_parent, { input }, { activities }) => activities.delete(input),
  recordSurvey: (_parent, { input }, { activities }) => activities.recordSurvey(input),
};

export const communityActivityFields: Pick<CommunityResolvers, 'activities' | 'surveys'> = {
  activities: (community, args, { activities }) => activities.ofCommunity(community, args),
  surveys: (community, _args, { activities }) => activities.surveysOf(community),
};

export const Activity: ActivityResolvers = {
  community: (activity, _args, { communities }) => communities.get(activity.communityId),
  audienceGroups: (activity) => [...activity.audienceGroups],
  materials: (activity) => [...activity.materials],
  project: (activity, _args, { projects }) => (activity.projectId ? projects.get(activity.projectId) : null),
};

export const Survey: SurveyResolvers = {
  community: (survey, _args, { communities }) => communities.get(survey.communityId),
};
