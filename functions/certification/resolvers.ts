import type { CertificationResolvers, CommunityResolvers, MutationResolvers, QueryResolvers } from '#generated/graphql.ts';
import { reReviewDueOn } from './model.ts';

export const certificationQueries: Pick<QueryResolvers, 'certification'> = {
  certification: (_parent, { id }, { certifications }) => certifications.get(id),
};

export const certificationMutations: Pick<MutationResolvers, 'applyForCertification' | 'recordCertificationReview' | 'decideCertification'> = {
  applyForCertification: (_parent, { input }, { certifications }) => certifications.apply(input),
  recordCertificationReview: (_parent, { input }, { certifications }) => certifications.recordReview(input),
  decideCertification: (_parent, { input }, { certifications }) => certifications.decide(input),
};

export const communityCertificationFields: Pick<CommunityResolvers, 'certifications' | 'latestCertification'> = {
  certifications: (community, _args, { certifications }) => certifications.ofCommunity(community),
  latestCertification: (community, _args, { certifications }) => certifications.latestOf(community),
};

export const Certification: CertificationResolvers = {
  community: (certification, _args, { communities }) => communities.get(certification.communityId),
  reReviewDueOn: (certification) => reReviewDueOn(certification) ?? null,
};
