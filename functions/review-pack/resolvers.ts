import type { MutationResolvers, QueryResolvers, ReviewPackResolvers } from '#generated/graphql.ts';

export const reviewPackQueries: Pick<QueryResolvers, 'reviewPack'> = {
  reviewPack: (_parent, { id }, { reviewPacks }) => reviewPacks.get(id),
};

export const reviewPackMutations: Pick<MutationResolvers, 'requestReviewPack'> = {
  requestReviewPack: (_parent, { communityId }, { reviewPacks }) => reviewPacks.request(communityId),
};

export const ReviewPack: ReviewPackResolvers = {
  community: (pack, _args, { communities }) => communities.get(pack.communityId),
};
