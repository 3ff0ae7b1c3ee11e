import type { CommunityResolvers, MutationResolvers, QueryResolvers } from '#generated/graphql.ts';
import { findRegion } from '#region/region-table.ts';

export const communityQueries: Pick<QueryResolvers, 'community' | 'communities'> = {
  community: (_parent, { id }, { communities }) => communities.get(id),
  communities: (_parent, args, { communities }) => communities.list(args),
};

export const communityMutations: Pick<MutationResolvers, 'createCommunity' | 'updateCommunity'> = {
  createCommunity: (_parent, { input }, { communities }) => communities.create(input),
  updateCommunity: (_parent, { input }, { communities }) => communities.update(input),
};

export const Community: CommunityResolvers = {
  region: (community) => {
    const region = findRegion(community.regionCode);
    // Codes are checked on write; a missing one means the division table lost it.
    if (!region) throw new Error(`community ${community.id} has unknown region ${community.regionCode}`);
    return region;
  },
  stageHistory: (community) => [...community.stageHistory],
  committee: (community) =>
    community.committee
      ? { ...community.committee, members: [...community.committee.members], workingGroups: [...community.committee.workingGroups] }
      : null,
};
