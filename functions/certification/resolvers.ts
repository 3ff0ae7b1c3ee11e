import type {
  CertificationResolvers,
  ChainPositionResolvers,
  ChainStepResolvers,
  CommunityResolvers,
  DesignationDueResolvers,
  MutationResolvers,
  QueryResolvers,
} from '#generated/graphql.ts';
import { chinaToday } from '#core/taxonomy.ts';
import { findRegion } from '#region/region-table.ts';
import { chainOf, phaseOf } from './chain.ts';
import { reReviewDueOn } from './cycles.ts';

export const certificationQueries: Pick<QueryResolvers, 'certification' | 'pendingEndorsements' | 'designationsDue'> = {
  certification: (_parent, { id }, { certifications }) => certifications.get(id),
  pendingEndorsements: (_parent, { level, regionCode, first, after }, { certifications }) =>
    certifications.pendingEndorsements({ level, regionCode }, first, after),
  designationsDue: (_parent, { regionCode, within, first, after }, { certifications }) => certifications.designationsDue(regionCode, within, first, after),
};

export const DesignationDue: DesignationDueResolvers = {
  community: (due, _args, { communities }) => communities.get(due.communityId),
  stage: async (due, _args, { communities }) => (await communities.get(due.communityId)).stage,
  overdue: (due) => due.daysLeft < 0,
};

export const certificationMutations: Pick<
  MutationResolvers,
  'applyForCertification' | 'endorseCertification' | 'resubmitCertification' | 'scoreCertificationOnSite' | 'recordCertificationReview' | 'decideCertification'
> = {
  applyForCertification: (_parent, { input }, { certifications }) => certifications.apply(input),
  endorseCertification: (_parent, { input }, { certifications }) => certifications.endorse(input),
  resubmitCertification: (_parent, { input }, { certifications }) => certifications.resubmit(input),
  scoreCertificationOnSite: (_parent, { input }, { certifications }) => certifications.scoreOnSite(input),
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
  scoredOnSheet: (certification) => certification.onSiteAssessmentId !== undefined,
  cycle: (certification) => (certification.decision === 'DESIGNATED' ? (certification.cycle ?? 1) : null),
  selfAssessment: (certification, _args, { assessments }) => (certification.selfAssessmentId ? assessments.get(certification.selfAssessmentId) : null),
  onSiteAssessment: (certification, _args, { assessments }) => (certification.onSiteAssessmentId ? assessments.get(certification.onSiteAssessmentId) : null),
  onSiteOutcome: async (certification, _args, { assessments }) => {
    if (!certification.onSiteAssessmentId) return null;
    return (await assessments.score(await assessments.get(certification.onSiteAssessmentId))).result.outcome;
  },
  onSiteOutcomeReason: async (certification, _args, { assessments }) => {
    if (!certification.onSiteAssessmentId) return null;
    return (await assessments.score(await assessments.get(certification.onSiteAssessmentId))).result.reason;
  },
  chain: (certification) => chainOf(certification),
  rectifyItems: (certification) => [...(certification.rectifyItems ?? [])],
  rectificationOverdue: (certification) =>
    phaseOf(certification) === 'RECTIFICATION' && certification.rectifyBy !== undefined && certification.rectifyBy < chinaToday(),
};

export const ChainStep: ChainStepResolvers = {
  level: (step) => (step.level === 'COMMUNITY' ? null : step.level),
};

export const ChainPosition: ChainPositionResolvers = {
  region: (position) => (position.regionCode ? (findRegion(position.regionCode) ?? null) : null),
};
