import type {
  ActivityResolvers,
  CertificationResolvers,
  CommunityResolvers,
  EvidenceResolvers,
  IncidentResolvers,
  InterventionResolvers,
  MutationResolvers,
  ProjectResolvers,
  QueryResolvers,
} from '#generated/graphql.ts';

export const evidenceQueries: Pick<QueryResolvers, 'evidence'> = {
  evidence: (_parent, { id }, { evidence }) => evidence.get(id),
};

export const evidenceMutations: Pick<MutationResolvers, 'requestEvidenceUpload' | 'withdrawEvidence'> = {
  requestEvidenceUpload: (_parent, { input }, { evidence }) => evidence.requestUpload(input),
  withdrawEvidence: (_parent, { input }, { evidence }) => evidence.withdraw(input),
};

export const communityEvidenceFields: Pick<CommunityResolvers, 'evidence' | 'committeeEvidence' | 'archive'> = {
  evidence: (community, args, { evidence }) => evidence.ofOwner({ ownerType: 'COMMUNITY', ownerId: community.id, communityId: community.id }, args),
  committeeEvidence: (community, args, { evidence }) => evidence.ofOwner({ ownerType: 'COMMITTEE', ownerId: community.id, communityId: community.id }, args),
  archive: (community, _args, { evidence }) => evidence.archive(community),
};

export const projectEvidenceFields: Pick<ProjectResolvers, 'evidence'> = {
  evidence: (project, args, { evidence }) =>
    evidence.ofOwner({ ownerType: 'PROJECT', ownerId: project.id, communityId: project.communityId }, args),
};

export const interventionEvidenceFields: Pick<InterventionResolvers, 'evidence'> = {
  evidence: (intervention, args, { evidence }) =>
    evidence.ofOwner({ ownerType: 'INTERVENTION', ownerId: intervention.id, communityId: intervention.communityId }, args),
};

export const incidentEvidenceFields: Pick<IncidentResolvers, 'evidence'> = {
  evidence: (incident, args, { evidence }) => evidence.ofIncident(incident, args),
};

export const activityEvidenceFields: Pick<ActivityResolvers, 'evidence'> = {
  evidence: (activity, args, { evidence }) =>
    evidence.ofOwner({ ownerType: 'ACTIVITY', ownerId: activity.id, communityId: activity.communityId }, args),
};

export const certificationEvidenceFields: Pick<CertificationResolvers, 'evidence'> = {
  evidence: (certification, args, { evidence }) =>
    evidence.ofOwner({ ownerType: 'CERTIFICATION', ownerId: certification.id, communityId: certification.communityId }, args),
};

export const Evidence: EvidenceResolvers = {
  community: (evidence, _args, { communities }) => communities.get(evidence.communityId),
  element: (evidence) => evidence.element ?? null,
  downloadUrl: (evidence, _args, { evidence: service }) => service.downloadUrl(evidence),
};
